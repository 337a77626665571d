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
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.admin import BulkActionIndexView, ServiceSaveMixin, WithoutActionsPolicy

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


class MarkPaidBulkAction(BulkAction):
    """Mark the chosen bank transfers paid: the same ``banking.mark_many_paid`` as the desk's button."""

    display_name = _("Mark paid")
    action_type = "mark_paid"
    aria_label = _("Mark the selected bank transfers paid")
    template_name = "roadshow/admin/confirm_bulk_mark_paid.html"
    action_priority = 10
    models = [BankTransfer]
    outcomes = None

    def check_perm(self, obj):
        return bool(self.request.user.is_editor)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [value for value in object_ids if str(value).isdigit()]
        return list(model.objects.filter(pk__in=ids).select_related("registration__user").order_by("pk"))

    def get_all_objects_in_listing_query(self, parent_id):
        return BankTransfer.objects.filter(status=BankTransfer.Status.AWAITING).values_list("pk", flat=True)

    def get_execution_context(self):
        return {"action": self}

    @classmethod
    def execute_action(cls, objects, action=None, **kwargs):
        action.outcomes = banking.mark_many_paid(transfers=objects, by=action.request.user)
        return len(action.outcomes.get("paid", [])), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = gettext("%(n)d marked paid.") % {"n": num_parent_objects}
        if self.outcomes.get("refund due"):
            message += " " + gettext("Refund due (no seat left): %(refs)s") % {
                "refs": ", ".join(self.outcomes["refund due"])
            }
        if self.outcomes.get("already paid"):
            message += " " + gettext("Already recorded: %(refs)s") % {
                "refs": ", ".join(self.outcomes["already paid"])
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
