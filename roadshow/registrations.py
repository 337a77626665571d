"""A person's own registrations as the "My registrations" page and the API show them.

Each row says what the person can do now: pay, join (only inside the join window, through their
personal link), add it to a calendar, cancel (refunded inside the refund window), show the door
code of an on-site session. Computed in Python from one query, so the page costs the same for
one registration or fifty.
"""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone

from . import checkin
from .join_links import personal_join_path
from .models import BankTransfer, Registration


@dataclass
class RegistrationRow:
    registration: Registration
    is_over: bool
    is_live: bool
    join_path: str
    join_opens_at: object
    can_cancel: bool
    refund_due: bool
    checkin_code: str
    calendar_path: str
    bank_transfer: BankTransfer | None = None
    invoice: object = None

    @property
    def session(self):
        return self.registration.session

    @property
    def payment_status(self):
        return payment_status(self.registration)


def _one(registration, name):
    """A reverse one-to-one (bank transfer, invoice request) or None when there is none."""
    try:
        return getattr(registration, name)
    except ObjectDoesNotExist:
        return None


def payment_status(registration):
    """'free', 'paid', 'refunded', 'refund_due' (a bank transfer to send back), 'due' (a held seat
    waiting for payment) or '' (nothing owed)."""
    if registration.refunded_at or registration.status == Registration.Status.REFUNDED:
        return "refunded"
    transfer = _one(registration, "bank_transfer")
    if transfer is not None and transfer.status == BankTransfer.Status.REFUND_DUE:
        return "refund_due"
    if registration.amount_cny <= 0:
        return "free"
    if registration.paid_at:
        return "paid"
    return "due" if registration.status == Registration.Status.PENDING_PAYMENT else ""


def in_join_window(registration, now):
    """The personal join link works now: confirmed, session online, not cancelled, inside its window."""
    session = registration.session
    return (
        registration.status == Registration.Status.CONFIRMED
        and not session.is_cancelled
        and session.is_online
        and bool(session.stream_url)
        and session.join_opens_at <= now < session.ends_at
    )


def refund_due_on_cancel(registration, now):
    """Cancelling now would refund: a paid, confirmed registration before the refund deadline."""
    return bool(
        registration.status == Registration.Status.CONFIRMED
        and registration.amount_cny > 0
        and registration.paid_at
        and now <= registration.session.refund_deadline
    )


def rows_for(user, *, now=None, active_only=False):
    """The person's registrations, next session first, past ones after. No side effects."""
    now = now or timezone.now()
    registrations = Registration.objects.filter(user=user).select_related(
        "session",
        "session__series",
        "session__track",
        "session__series__track",
        "bank_transfer",
        "invoice_request",
    )
    if active_only:
        registrations = registrations.filter(status__in=Registration.ACTIVE_STATUSES)
    rows = []
    for registration in registrations.order_by("session__starts_at", "pk"):
        session = registration.session
        is_over = session.is_over(now)
        on_site_code = (
            registration.status == Registration.Status.CONFIRMED
            and checkin.needs_checkin(session)
            and not session.is_cancelled
            and not is_over
        )
        rows.append(
            RegistrationRow(
                registration=registration,
                is_over=is_over,
                is_live=not session.is_cancelled and session.starts_at <= now < session.ends_at,
                join_path=(
                    personal_join_path(registration=registration) if in_join_window(registration, now) else ""
                ),
                join_opens_at=session.join_opens_at,
                can_cancel=registration.is_active and not is_over and not session.is_cancelled,
                refund_due=refund_due_on_cancel(registration, now),
                checkin_code=checkin.checkin_code(registration=registration) if on_site_code else "",
                calendar_path=reverse("roadshow:registration_calendar", kwargs={"pk": registration.pk}),
                bank_transfer=_one(registration, "bank_transfer"),
                invoice=_one(registration, "invoice_request"),
            )
        )
    upcoming = [row for row in rows if not row.is_over]
    past = [row for row in rows if row.is_over]
    return upcoming + past[::-1]
