"""Pages for paying a pass by bank transfer, invoices, and the editors' bank-transfer desk.

Thin views over ``roadshow.banking``, ``roadshow.statements``, ``roadshow.vouchers`` and
``roadshow.invoices``, the same functions the API and the admin call.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_errors

from . import banking, invoices, statements
from .models import BankColumnMapping, BankStatementImport, BankTransfer, InvoiceRequest, Registration
from .payment_forms import (
    DEFAULT_COLUMNS,
    InvoiceIssuedForm,
    InvoiceRequestForm,
    PassForm,
    RefundForm,
    StatementImportForm,
)
from .payment_methods import offered_methods


def _error_text(exc):
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _require_editor(request):
    if not (request.user.is_authenticated and request.user.is_editor):
        raise PermissionDenied


def payment_context(request, *, session, registration):
    """What the session page shows about paying: methods, the person's own transfer, the invoice.

    The transfer's reference and the payee account appear only to the registrant themself.
    """
    methods = offered_methods(session) if session.is_paid else []
    transfer = invoice = None
    if registration is not None:
        transfer = BankTransfer.objects.filter(registration=registration).first()
        invoice = InvoiceRequest.objects.filter(registration=registration).first()
    awaiting = transfer is not None and transfer.status == BankTransfer.Status.AWAITING
    return {
        "payment_methods": methods,
        "payments_configured": bool(methods),
        "pass_form": PassForm(methods=methods),
        "bank_transfer": transfer if awaiting and registration.holds_seat else None,
        "payee": banking.payee() if awaiting else None,
        "invoice": invoice,
        "can_request_invoice": registration is not None and invoices.can_request_invoice(registration),
        "invoice_form": InvoiceRequestForm(
            initial={"email": request.user.email} if request.user.is_authenticated else None
        ),
    }


@login_required
@require_POST
def invoice_request(request, pk):
    registration = get_object_or_404(Registration, session_id=pk, user=request.user)
    form = InvoiceRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("roadshow:session_detail", pk=pk)
    try:
        invoices.request_invoice(registration=registration, user=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Your invoice request is recorded; finance will send it by e-mail."))
    return redirect("roadshow:session_detail", pk=pk)


# --- Editors: the bank-transfer desk ------------------------------------------------------------


@login_required
def bank_transfers(request):
    """Transfers awaiting money (mark one or several paid) and refunds due (record the refund)."""
    _require_editor(request)
    if request.method == "POST":
        action = request.POST.get("action")
        ids = [int(value) for value in request.POST.getlist("transfer") if value.isdigit()]
        chosen = list(BankTransfer.objects.filter(pk__in=ids).order_by("pk"))
        try:
            if action == "mark_paid":
                if not chosen:
                    messages.error(request, _("Choose at least one transfer."))
                else:
                    outcomes = banking.mark_many_paid(transfers=chosen, by=request.user)
                    messages.success(
                        request,
                        _("%(n)d marked paid.") % {"n": len(outcomes.get("paid", []))}
                        + (
                            " "
                            + _("Refund due (no seat left): %(refs)s")
                            % {"refs": ", ".join(outcomes["refund due"])}
                            if outcomes.get("refund due")
                            else ""
                        ),
                    )
            elif action == "refund" and len(chosen) == 1:
                form = RefundForm(request.POST)
                if form.is_valid():
                    banking.record_refund(transfer=chosen[0], by=request.user, **form.cleaned_data)
                    messages.success(request, _("Refund recorded; the person is told."))
                else:
                    messages.error(request, _("Give the reference of the refund transfer."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect(request.get_full_path())
    status = request.GET.get("status", BankTransfer.Status.AWAITING)
    if status not in BankTransfer.Status.values:
        status = BankTransfer.Status.AWAITING
    transfers = (
        BankTransfer.objects.filter(status=status)
        .select_related("registration__user", "registration__session__series")
        .order_by("due_at")
    )
    query = (request.GET.get("q") or "").strip()
    if query:
        transfers = transfers.filter(reference__icontains=query.upper().replace(" ", ""))
    return render(
        request,
        "roadshow/bank_transfers.html",
        {
            "transfers": transfers[:200],
            "status": status,
            "statuses": BankTransfer.Status.choices,
            "query": query,
            "refund_form": RefundForm(),
        },
    )


@login_required
def statement_import(request):
    """Upload a bank statement (CSV); the report lists each line's outcome with its line number."""
    _require_editor(request)
    statement = None
    bank = (
        BankColumnMapping.objects.filter(pk=request.GET.get("bank") or 0).first()
        if ((request.GET.get("bank") or "").isdigit())
        else None
    )
    initial = (
        {"bank": bank, "bank_name": bank.bank_name, **{k: getattr(bank, k) for k in DEFAULT_COLUMNS}}
        if bank
        else DEFAULT_COLUMNS
    )
    form = StatementImportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["statement"]
        try:
            columns = {key: data[key] for key in DEFAULT_COLUMNS}
            mapping = BankColumnMapping(bank_name=data["bank_name"], **columns)
            statements.read_statement(content=upload.read(), mapping=mapping)  # refuse a bad file first
            mapping = statements.save_mapping(bank_name=data["bank_name"], **columns)
            upload.seek(0)
            statement = statements.import_statement(
                content=upload.read(), filename=upload.name, mapping=mapping, by=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if statement is None and request.GET.get("import", "").isdigit():
        statement = BankStatementImport.objects.filter(pk=int(request.GET["import"])).first()
    rows = [
        {**row, "label": statements.outcome_label(row["outcome"])}
        for row in (statement.report if statement else [])
    ]
    return render(
        request,
        "roadshow/statement_import.html",
        {
            "form": form,
            "statement": statement,
            "rows": rows,
            "banks": BankColumnMapping.objects.all(),
            "recent": BankStatementImport.objects.select_related("bank")[:10],
        },
    )


@login_required
def invoice_list(request):
    """Invoice requests for finance: export, and record each issued invoice's number."""
    _require_editor(request)
    requests_ = InvoiceRequest.objects.select_related("registration__session__series", "registration__user")
    status = request.GET.get("status", "")
    if status in InvoiceRequest.Status.values:
        requests_ = requests_.filter(status=status)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return invoices.export_response(invoices=requests_, file_format=export, by=request.user)
    if request.method == "POST":
        invoice = (
            get_object_or_404(InvoiceRequest, pk=request.POST.get("invoice") or 0)
            if ((request.POST.get("invoice") or "").isdigit())
            else None
        )
        form = InvoiceIssuedForm(request.POST)
        if invoice is None or not form.is_valid():
            messages.error(request, _("Give the invoice number."))
        else:
            invoices.mark_invoice_issued(invoice=invoice, by=request.user, **form.cleaned_data)
            messages.success(request, _("Invoice recorded; the person is told."))
        return redirect(request.get_full_path())
    return render(
        request,
        "roadshow/invoice_list.html",
        {"invoices": requests_[:300], "status": status, "statuses": InvoiceRequest.Status.choices},
    )
