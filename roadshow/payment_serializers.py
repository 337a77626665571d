"""API payloads for paying a pass: bank transfers, vouchers, invoices, statement reports."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from . import banking
from .models import BankStatementImport, BankTransfer, InvoiceRequest, PaymentMethod


class BankTransferSerializer(serializers.ModelSerializer):
    """What to transfer where: shown only to the registrant (and editors)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    payee_name = serializers.SerializerMethodField()
    payee_bank = serializers.SerializerMethodField()
    payee_account = serializers.SerializerMethodField()

    class Meta:
        model = BankTransfer
        fields = [
            "reference",
            "amount_cny",
            "status",
            "status_label",
            "due_at",
            "paid_at",
            "payee_name",
            "payee_bank",
            "payee_account",
            "refunded_at",
            "refund_reference",
        ]
        read_only_fields = fields

    def _payee(self):
        if "payee" not in self.context:
            self.context["payee"] = banking.payee()
        return self.context["payee"]

    def get_payee_name(self, obj) -> str:
        return self._payee()["name"]

    def get_payee_bank(self, obj) -> str:
        return self._payee()["bank"]

    def get_payee_account(self, obj) -> str:
        return self._payee()["account"]


class EditorBankTransferSerializer(BankTransferSerializer):
    registration = serializers.IntegerField(source="registration_id", read_only=True)
    person = serializers.CharField(source="registration.user.email", read_only=True)
    session = serializers.IntegerField(source="registration.session_id", read_only=True)

    class Meta(BankTransferSerializer.Meta):
        fields = [
            *BankTransferSerializer.Meta.fields,
            "registration",
            "person",
            "session",
            "payer",
            "statement_line",
        ]
        read_only_fields = fields


class InvoiceRequestSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = InvoiceRequest
        fields = [
            "title",
            "tax_number",
            "email",
            "status",
            "status_label",
            "invoice_number",
            "requested_at",
            "issued_at",
        ]
        read_only_fields = ["status", "status_label", "invoice_number", "requested_at", "issued_at"]


class PassInputSerializer(serializers.Serializer):
    payment_method = serializers.ChoiceField(
        choices=PaymentMethod.choices,
        required=False,
        help_text=_("stripe answers with checkout_url; bank_transfer with the reference and payee account."),
    )
    voucher_code = serializers.CharField(max_length=32, required=False, allow_blank=True)


class RefundInputSerializer(serializers.Serializer):
    refund_reference = serializers.CharField(max_length=100, help_text=_("Reference of the refund transfer"))


class StatementInputSerializer(serializers.Serializer):
    statement = serializers.FileField()
    bank_name = serializers.CharField(max_length=100)
    date_column = serializers.CharField(max_length=100)
    amount_column = serializers.CharField(max_length=100)
    payer_column = serializers.CharField(max_length=100)
    reference_column = serializers.CharField(max_length=100)


class StatementLineSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    outcome = serializers.ChoiceField(
        choices=["matched", "unknown", "duplicate", "wrong_amount", "invalid", "outgoing", "refund_due"]
    )
    reference = serializers.CharField(required=False)
    amount = serializers.CharField()
    payer = serializers.CharField()
    date = serializers.CharField()
    message = serializers.CharField()


class StatementImportSerializer(serializers.ModelSerializer):
    lines = StatementLineSerializer(source="report", many=True, read_only=True)

    class Meta:
        model = BankStatementImport
        fields = ["id", "filename", "imported_at", "matched", "problems", "lines"]
        read_only_fields = fields
