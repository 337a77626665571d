"""Registrations, attendance and interest of one session as CSV or XLSX for editors.

Amounts stay numbers (yuan) with the currency in the next column, so finance can sum them.
"""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import csv_response, xlsx_bytes, xlsx_response

from .models import InvestorInterest, Registration


def session_counts(session):
    counts = dict(session.registrations.values_list("status").annotate(n=Count("pk")))
    return {
        "confirmed": counts.get(Registration.Status.CONFIRMED, 0),
        "pending": counts.get(Registration.Status.PENDING_PAYMENT, 0),
        "waitlisted": counts.get(Registration.Status.WAITLISTED, 0),
        "attended": session.registrations.filter(attended=True).count(),
        "interest": InvestorInterest.objects.filter(pitch__session=session).count(),
    }


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def session_rows(session):
    """Header and rows: one row per registration, then one per interest."""
    header = [
        _("Kind"),
        _("Name"),
        _("E-mail"),
        _("Status"),
        _("Amount"),
        _("Currency"),
        _("Attended"),
        _("Registered at"),
        _("Technology"),
        _("Match request"),
    ]
    rows = []
    for registration in session.registrations.select_related("user").order_by("created_at"):
        rows.append(
            [
                _("Registration"),
                str(registration.user),
                registration.user.email,
                registration.get_status_display(),
                registration.amount_cny,
                "CNY",
                _("yes") if registration.attended else _("no"),
                _local(registration.created_at),
                "",
                "",
            ]
        )
    interests = InvestorInterest.objects.filter(pitch__session=session).select_related(
        "investor", "pitch__technology"
    )
    for interest in interests:
        rows.append(
            [
                _("Interest"),
                str(interest.investor),
                interest.investor.email,
                "",
                "",
                "",
                "",
                _local(interest.created_at),
                f"{interest.pitch.technology.ref} {interest.pitch.technology.title}",
                interest.match_request_id or "",
            ]
        )
    return header, rows


def session_export_response(*, session, file_format):
    """The session's registrations and interest as a CSV or XLSX attachment (through core.exports)."""
    header, rows = session_rows(session)
    filename = f"roadshow-session-{session.pk}-{timezone.localtime(session.starts_at):%Y%m%d}"
    if file_format == "xlsx":
        rows = [[None if cell == "" else cell for cell in row] for row in rows]
        content = xlsx_bytes(header=[str(cell) for cell in header], rows=rows, title=_("Session"))
        return xlsx_response(content, filename=filename)
    return csv_response(header=header, rows=rows, filename=filename)
