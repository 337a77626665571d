"""Invoice requests (发票) on paid roadshow passes, and their export for finance.

The export goes through ``core.exports``: amounts stay numbers with a currency column beside them,
dates stay dates, and formula-looking text (a company name such as "=HYPERLINK(...)") stays text.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import csv_response, xlsx_bytes, xlsx_response
from core.services import audit

from .models import InvoiceRequest, Registration
from .services import notify_person

# The unified social credit code has 18 characters; older taxpayer numbers 15 or 20.
TAX_NUMBER = re.compile(r"[0-9A-Z]{15}|[0-9A-Z]{18}|[0-9A-Z]{20}")


def can_request_invoice(registration):
    """Paid passes (confirmed with money received) can have an invoice. No side effects."""
    return bool(
        registration.amount_cny > 0
        and registration.paid_at
        and registration.status in (Registration.Status.CONFIRMED, Registration.Status.CANCELLED)
    )


def request_invoice(*, registration, user, title, tax_number, email):
    """The registrant asks for a fapiao; asking again before it is issued corrects the details.

    Side effects: creates or updates the InvoiceRequest (status requested).
    """
    if registration.user_id != getattr(user, "pk", None):
        raise PermissionDenied(_("This is not your registration."))
    if not can_request_invoice(registration):
        raise ValidationError(_("An invoice can be requested once the pass is paid."))
    title, email = (title or "").strip(), (email or "").strip()
    tax_number = re.sub(r"\s", "", tax_number or "").upper()
    errors = {}
    if not title:
        errors["title"] = _("Give the company name for the invoice title.")
    if not TAX_NUMBER.fullmatch(tax_number):
        errors["tax_number"] = _("A taxpayer number has 15, 18 or 20 letters and digits.")
    if not email or "@" not in email:
        errors["email"] = _("Give the e-mail the invoice goes to.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        invoice = InvoiceRequest.objects.select_for_update().filter(registration=registration).first()
        if invoice is not None and invoice.status == InvoiceRequest.Status.ISSUED:
            raise ValidationError(_("The invoice is already issued; write to the organisers to change it."))
        invoice = invoice or InvoiceRequest(registration=registration)
        invoice.title, invoice.tax_number, invoice.email = title[:200], tax_number, email[:254]
        invoice.save()
    return invoice


def mark_invoice_issued(*, invoice, invoice_number, by, now=None):
    """Finance records the issued invoice. Side effects: status issued, an audit entry, a notice."""
    if not (by and by.is_authenticated and by.is_editor):
        raise PermissionDenied(_("Only editors can record invoices."))
    invoice_number = (invoice_number or "").strip()
    if not invoice_number:
        raise ValidationError({"invoice_number": _("Give the invoice number.")})
    invoice.status, invoice.invoice_number = InvoiceRequest.Status.ISSUED, invoice_number[:40]
    invoice.issued_at, invoice.issued_by = now or timezone.now(), by
    invoice.save()
    audit(subject=invoice, action="invoice_issued", actor=by, to_state="issued", note=invoice_number)
    session = invoice.registration.session
    notify_person(
        recipient=invoice.registration.user,
        kind="invoice_issued",
        title=lambda: _("Your invoice is issued: %(name)s") % {"name": session.name},
        body=lambda: _("Invoice number %(number)s, sent to %(email)s.")
        % {"number": invoice.invoice_number, "email": invoice.email},
        url=session.get_absolute_url(),
        dedupe_key=f"roadshow:invoice:{invoice.pk}:issued",
    )
    return invoice


def invoice_rows(invoices):
    """Header and rows for finance: amount as a number, currency in its own column. No side effects."""
    header = [
        _("Requested at"),
        _("Invoice title"),
        _("Taxpayer number"),
        _("E-mail"),
        _("Amount"),
        _("Currency"),
        _("Session"),
        _("Session date"),
        _("Payment"),
        _("Paid at"),
        _("Status"),
        _("Invoice number"),
    ]
    rows = []
    for invoice in invoices.select_related("registration__session__series", "registration__bank_transfer"):
        registration = invoice.registration
        transfer = getattr(registration, "bank_transfer", None)
        rows.append(
            [
                timezone.localtime(invoice.requested_at).replace(tzinfo=None),
                invoice.title,
                invoice.tax_number,
                invoice.email,
                registration.amount_cny,
                "CNY",
                registration.session.name,
                timezone.localtime(registration.session.starts_at).date(),
                transfer.reference if transfer else "Stripe",
                timezone.localtime(registration.paid_at).replace(tzinfo=None)
                if registration.paid_at
                else None,
                invoice.get_status_display(),
                invoice.invoice_number,
            ]
        )
    return header, rows


def export_response(*, invoices, file_format, by):
    """The invoice requests as CSV or XLSX for finance (editors only)."""
    if not (by and by.is_authenticated and by.is_editor):
        raise PermissionDenied(_("Only editors can record invoices."))
    header, rows = invoice_rows(invoices)
    filename = f"roadshow-invoices-{timezone.localdate():%Y%m%d}"
    if file_format == "xlsx":
        return xlsx_response(
            xlsx_bytes(header=[str(h) for h in header], rows=rows, title=_("Invoices")), filename=filename
        )
    return csv_response(header=header, rows=rows, filename=filename)
