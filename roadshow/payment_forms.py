"""Forms for paying a pass, invoices, and editors' bank-transfer work."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BankColumnMapping, PaymentMethod

# What a mapping starts from when a bank has none saved yet.
DEFAULT_COLUMNS = {
    "date_column": "交易日期",
    "amount_column": "金额",
    "payer_column": "付款人",
    "reference_column": "附言",
}


class PassForm(forms.Form):
    """Registering for (or paying) a paid pass: how to pay, and an optional code."""

    method = forms.ChoiceField(label=_("Payment method"), choices=PaymentMethod.choices, required=False)
    voucher_code = forms.CharField(label=_("Voucher or invitation code"), max_length=32, required=False)

    def __init__(self, *args, methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(m, PaymentMethod(m).label) for m in methods]


class InvoiceRequestForm(forms.Form):
    title = forms.CharField(label=_("Invoice title (company name)"), max_length=200)
    tax_number = forms.CharField(label=_("Taxpayer number"), max_length=30)
    email = forms.EmailField(label=_("E-mail for the invoice"))


class RefundForm(forms.Form):
    refund_reference = forms.CharField(label=_("Reference of the refund transfer"), max_length=100)


class StatementImportForm(forms.Form):
    bank = forms.ModelChoiceField(
        label=_("Saved bank"),
        queryset=BankColumnMapping.objects.all(),
        required=False,
        empty_label=_("New bank"),
    )
    bank_name = forms.CharField(label=_("Bank"), max_length=100)
    date_column = forms.CharField(label=_("Date column"), max_length=100)
    amount_column = forms.CharField(label=_("Amount column"), max_length=100)
    payer_column = forms.CharField(label=_("Payer column"), max_length=100)
    reference_column = forms.CharField(label=_("Reference column (purpose, 附言)"), max_length=100)
    statement = forms.FileField(label=_("Statement (CSV)"))


class InvoiceIssuedForm(forms.Form):
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=40)
