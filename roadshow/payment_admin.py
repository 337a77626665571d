"""The admin side of paying a pass: vouchers, bank transfers, statement columns, invoice requests.

Bank transfers are read-only here (with their CSV/XLSX export) except for the "Mark paid" bulk
action on their list, which calls ``banking.mark_many_paid`` as the bank-transfer desk does. The desk
(linked from the admin menu) also marks them paid one at a time or from a bank statement and records
refunds, through ``roadshow.banking`` and ``roadshow.statements``. An invoice request is
edited only to record the issued invoice, through ``roadshow.invoices.mark_invoice_issued``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.admin import BulkActionIndexView, ServiceBulkAction, ServiceSaveMixin, WithoutActionsPolicy

from . import banking, invoices
from .models import BankColumnMapping, BankTransfer, InvoiceRequest, Voucher

register_permission_policy(
    BankTransfer, WithoutActionsPolicy(BankTransfer, without=("add", "change", "delete"))
)
register_permission_policy(InvoiceRequest, WithoutActionsPolicy(InvoiceRequest, without=("add", "delete")))


class VoucherFilterSet(WagtailFilterSet):
    class Meta:
        model = Voucher
        fields = ["kind", "series", "is_active"]


class VoucherViewSet(ModelViewSet):
    model = Voucher
    icon = "tag"
    menu_label = _("Vouchers")
    list_display = [
        "code",
        "kind",
        "value",
        "used_count",
        "max_uses",
        "valid_until",
        "series",
        "session",
        "is_active",
    ]
    list_export = ["code", "kind", "value", "used_count", "max_uses", "valid_until", "series", "session"]
    export_filename = "roadshow-vouchers"
    filterset_class = VoucherFilterSet
    search_fields = ["code", "description"]
    ordering = ["-created_at"]
    form_fields = [
        "code",
        "description",
        "kind",
        "value",
        "max_uses",
        "valid_until",
        "series",
        "session",
        "is_active",
    ]


class BankTransferFilterSet(WagtailFilterSet):
    class Meta:
        model = BankTransfer
        fields = ["status", "registration__session"]


class BankTransferIndexView(BulkActionIndexView):
    """The list with a checkbox on each row, for the "Mark paid" bulk action."""

    select_all_text = _("Select all transfers awaiting payment")


class MarkPaidBulkAction(ServiceBulkAction):
    """Mark the chosen bank transfers paid: the same ``banking.mark_many_paid`` as the desk's button."""

    display_name = _("Mark paid")
    action_type = "mark_paid"
    aria_label = _("Mark the selected bank transfers paid")
    template_name = "roadshow/admin/confirm_bulk_mark_paid.html"
    models = [BankTransfer]
    related = ("registration__user",)
    confirm_label = _("Yes, mark paid")
    no_access_message = _("Only editors can record bank transfers and refunds.")

    @classmethod
    def listing_query(cls, queryset):
        return queryset.filter(status=BankTransfer.Status.AWAITING)

    def run(self, objects):
        return banking.mark_many_paid(transfers=objects, by=self.request.user)

    def count(self, outcome):
        return len(outcome.get("paid", []))

    def success_message(self, count):
        message = gettext("%(n)d marked paid.") % {"n": count}
        if self.outcome.get("refund due"):
            message += " " + gettext("Refund due (no seat left): %(refs)s") % {
                "refs": ", ".join(self.outcome["refund due"])
            }
        if self.outcome.get("already paid"):
            message += " " + gettext("Already recorded: %(refs)s") % {
                "refs": ", ".join(self.outcome["already paid"])
            }
        return message


class BankTransferViewSet(ModelViewSet):
    model = BankTransfer
    icon = "doc-full"
    menu_label = _("Bank transfers")
    list_display = ["reference", "registration", "amount_cny", "status", "due_at", "paid_at"]
    list_export = [
        "reference",
        "registration.user.email",
        "registration.session",
        "amount_cny",
        "status",
        "due_at",
        "paid_at",
        "payer",
        "refund_reference",
    ]
    export_filename = "roadshow-bank-transfers"
    filterset_class = BankTransferFilterSet
    search_fields = ["reference", "payer", "registration__user__email"]
    ordering = ["-created_at"]
    form_fields = ["payer"]
    copy_view_enabled = False
    index_view_class = BankTransferIndexView


class BankColumnMappingViewSet(ModelViewSet):
    model = BankColumnMapping
    icon = "table"
    menu_label = _("Bank statement columns")
    list_display = ["bank_name", "date_column", "amount_column", "payer_column", "reference_column"]
    search_fields = ["bank_name"]
    ordering = ["bank_name"]
    form_fields = ["bank_name", "date_column", "amount_column", "payer_column", "reference_column"]


class InvoiceIssueView(ServiceSaveMixin, EditView):
    def save_instance(self):
        """Through ``invoices.mark_invoice_issued``: the status, an audit entry and a notice."""
        invoice = InvoiceRequest.objects.get(pk=self.form.instance.pk)
        number = self.form.cleaned_data.get("invoice_number", "")
        if not number:
            raise ValidationError({"invoice_number": _("Give the invoice number.")})
        return invoices.mark_invoice_issued(invoice=invoice, invoice_number=number, by=self.request.user)


class InvoiceFilterSet(WagtailFilterSet):
    class Meta:
        model = InvoiceRequest
        fields = ["status"]


class InvoiceRequestViewSet(ModelViewSet):
    model = InvoiceRequest
    icon = "doc-full-inverse"
    menu_label = _("Invoice requests")
    list_display = ["title", "tax_number", "registration", "status", "requested_at"]
    list_export = [
        "title",
        "tax_number",
        "email",
        "registration.amount_cny",
        "status",
        "invoice_number",
        "requested_at",
    ]
    export_filename = "roadshow-invoice-requests"
    filterset_class = InvoiceFilterSet
    search_fields = ["title", "tax_number", "email"]
    ordering = ["-requested_at"]
    form_fields = ["invoice_number"]
    edit_view_class = InvoiceIssueView
    copy_view_enabled = False


def payment_viewsets():
    return (
        VoucherViewSet("roadshow_vouchers"),
        BankTransferViewSet("roadshow_bank_transfers"),
        BankColumnMappingViewSet("roadshow_bank_columns"),
        InvoiceRequestViewSet("roadshow_invoice_requests"),
    )
