"""What the roadshow does: sessions from the series rule, the pitch pool and registration.

The web pages, the API, the admin and the Celery tasks all call these functions. Payment handling
(Stripe Checkout, webhooks, refunds) lives in ``roadshow.payments``; investor interest in
``roadshow.interest``; the schedule's lists in ``roadshow.schedule``; door check-in in
``roadshow.checkin``.
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import format_datetime
from core.services import audit
from listings.models import Technology
from notifications.services import notify_each

# Personal join links live in their own module; views and the API reach them through services.
from .join_links import JoinDecision, join_token, personal_join_path, resolve_join  # noqa: F401
from .models import (
    BankTransfer,
    PitchApplication,
    Registration,
    RoadshowSeries,
    RoadshowSession,
)
from .payment_methods import offered_methods
from .recurrence import occurrences
from .voucher_uses import release_voucher_use

logger = logging.getLogger(__name__)

# How long a paid seat is held for someone who was offered it from the waiting list.
OFFER_HOLD = timedelta(hours=24)
# How long a seat is held while someone is in Stripe Checkout (Stripe's shortest expiry is 30 min).
CHECKOUT_HOLD = timedelta(minutes=35)


class RegistrationError(ValidationError):
    """The registration cannot go ahead; the message says why."""


# --- Notifications ------------------------------------------------------------------------------


def notify_person(*, recipient, kind, title, body="", url="", dedupe_key=None):
    """Tell one person something in their own language, after the transaction commits.

    ``title`` and ``body`` are callables (or plain text) evaluated in the person's language.
    Side effects: an in-site notification and its e-mail through ``notifications.services.notify_each``.
    """
    transaction.on_commit(
        lambda: notify_each(
            [recipient],
            kind=f"roadshow.{kind}",
            title=title,
            body=body,
            url=url,
            dedupe_key=dedupe_key,
        )
    )


# --- Sessions from the series rule -----------------------------------------------------------


def session_defaults(series):
    return {
        "track": series.track,
        "format": series.format,
        "stream_url": series.stream_url,
        "venue": series.venue,
        "venue_en": series.venue_en,
        "capacity": series.capacity,
        "price_cny": series.price_cny,
        "refund_window_hours": series.refund_window_hours,
        "join_opens_minutes": series.join_opens_minutes,
    }


def generate_sessions(*, series, now=None, weeks=None):
    """Make sure the series has a session for every occurrence of the next weeks.

    Side effects: creates missing RoadshowSession rows. Existing ones (moved, cancelled or edited
    by an editor) are never touched: the occurrence's original start is the key. Idempotent.
    Returns the number created.
    """
    now = now or timezone.now()
    horizon = now + timedelta(weeks=weeks or series.weeks_ahead)
    starts = occurrences(
        rule_text=series.rrule,
        first_start=series.first_start,
        tz_name=series.timezone,
        start=max(now, series.first_start),
        end=horizon,
    )
    existing = set(
        RoadshowSession.objects.filter(series=series, original_start__in=starts).values_list(
            "original_start", flat=True
        )
    )
    duration = timedelta(minutes=series.duration_minutes)
    defaults = session_defaults(series)
    new = [
        RoadshowSession(
            series=series, original_start=start, starts_at=start, ends_at=start + duration, **defaults
        )
        for start in starts
        if start not in existing
    ]
    # ignore_conflicts: two generators running at once create each occurrence once.
    RoadshowSession.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def generate_upcoming_sessions(*, now=None):
    """Keep every active series generated for its next weeks. Returns the number of sessions created."""
    return sum(
        generate_sessions(series=series, now=now) for series in RoadshowSeries.objects.filter(is_active=True)
    )


def _require_editor(user):
    if not (user and user.is_authenticated and user.is_editor):
        raise PermissionDenied(_("Only editors can change the roadshow schedule."))


def _tell_session_people(session, *, kind, title, body):
    registrations = session.registrations.filter(status__in=Registration.ACTIVE_STATUSES).select_related(
        "user"
    )
    for registration in registrations:
        notify_person(
            recipient=registration.user,
            kind=kind,
            title=title,
            body=body,
            url=session.get_absolute_url(),
            dedupe_key=f"roadshow:{kind}:{session.pk}:{registration.pk}:{session.starts_at:%Y%m%d%H%M}",
        )
    for pitch in session.pitches.select_related("applicant"):
        notify_person(
            recipient=pitch.applicant,
            kind=kind,
            title=title,
            body=body,
            url=session.get_absolute_url(),
            dedupe_key=f"roadshow:{kind}:{session.pk}:pitch{pitch.pk}:{session.starts_at:%Y%m%d%H%M}",
        )


@transaction.atomic
def move_session(*, session, starts_at, ends_at=None, by):
    """Move one session of a series (or a one-off) to another time, keeping its place in the series.

    Side effects: updates the session, marks it changed so the generator leaves it alone, and
    tells registered people and pitchers.
    """
    _require_editor(by)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    duration = session.ends_at - session.starts_at
    ends_at = ends_at or starts_at + duration
    if ends_at <= starts_at:
        raise ValidationError(_("A session must end after it starts."))
    session.starts_at, session.ends_at, session.is_modified = starts_at, ends_at, True
    session.save(update_fields=["starts_at", "ends_at", "is_modified", "updated_at"])
    _tell_session_people(
        session,
        kind="session_moved",
        title=lambda: _("Roadshow moved: %(name)s") % {"name": session.name},
        body=lambda: _("The session now starts at %(when)s (Beijing time).")
        % {"when": format_datetime(starts_at)},
    )
    return session


def cancel_session(*, session, reason, by):
    """Cancel one session without touching the rest of its series.

    Side effects: marks it cancelled, refunds paid registrations through Stripe (voucher uses go
    back), takes the pitches off it (back into the pool, still accepted) and tells everyone concerned.
    """
    _require_editor(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the session is cancelled."))
    from .payments import refund_registration  # noqa: PLC0415 — circular: payments import services

    with transaction.atomic():
        session = RoadshowSession.objects.select_for_update().get(pk=session.pk)
        _tell_session_people(
            session,
            kind="session_cancelled",
            title=lambda: _("Roadshow cancelled: %(name)s") % {"name": session.name},
            body=reason,
        )
        session.status, session.cancel_reason, session.is_modified = (
            RoadshowSession.Status.CANCELLED,
            reason,
            True,
        )
        session.save(update_fields=["status", "cancel_reason", "is_modified", "updated_at"])
        session.pitches.update(session=None)
        for registration in session.registrations.filter(status__in=Registration.ACTIVE_STATUSES):
            if registration.status == Registration.Status.CONFIRMED and registration.stripe_payment_intent_id:
                refund_registration(registration=registration)
            elif _paid_by_bank_transfer(registration):
                _bank_refund_due(registration)
            else:
                registration.status = Registration.Status.CANCELLED
                registration.cancelled_at = timezone.now()
                registration.save(update_fields=["status", "cancelled_at"])
                _cancel_awaiting_transfer(registration)
                release_voucher_use(registration=registration)
    return session


def add_session(*, by, starts_at, ends_at, title="", series=None, **fields):
    """Add a one-off session (an extra date, or a special session outside any series).

    Side effects: creates the session, taking its settings from the series when one is given.
    """
    _require_editor(by)
    if ends_at <= starts_at:
        raise ValidationError(_("A session must end after it starts."))
    values = session_defaults(series) if series else {}
    values.update(fields)
    return RoadshowSession.objects.create(
        series=series, title=title, starts_at=starts_at, ends_at=ends_at, is_modified=True, **values
    )


# --- The rolling pitch pool ----------------------------------------------------------------------


def pitchable_technologies(user):
    """Published technologies of the person's organisations: what they may pitch."""

    if not (user and user.is_authenticated):
        return Technology.objects.none()
    return Technology.objects.published().filter(organisation_id__in=user.organisation_ids).order_by("title")


OPEN_PITCH_STATUSES = (
    PitchApplication.Status.SUBMITTED,
    PitchApplication.Status.ACCEPTED,
    PitchApplication.Status.WAITLISTED,
)


def apply_to_pitch(
    *, applicant, technology, ask, stage, team, ask_details="", stage_en="", ask_details_en=""
):
    """Put one of the applicant's published technologies into the pitch pool.

    Side effects: creates a PitchApplication awaiting review. Refuses technologies of other
    organisations, unpublished ones, and a second open application for the same technology.
    """
    if not (applicant and applicant.is_authenticated):
        raise PermissionDenied(_("Sign in to apply."))
    if technology.organisation_id not in applicant.organisation_ids:
        raise PermissionDenied(_("You can only pitch your own organisation's technologies."))
    if not technology.is_published:
        raise ValidationError(_("Only published technologies can be pitched."))
    open_application = PitchApplication.objects.filter(
        technology=technology, status__in=OPEN_PITCH_STATUSES
    ).exclude(session__ends_at__lt=timezone.now())
    if open_application.exists():
        raise ValidationError(_("This technology already has an open pitch application."))
    if not (stage or "").strip() or not (team or "").strip():
        raise ValidationError(_("Describe the stage and the team."))
    return PitchApplication.objects.create(
        technology=technology,
        applicant=applicant,
        ask=ask,
        ask_details=(ask_details or "").strip(),
        ask_details_en=(ask_details_en or "").strip(),
        stage=stage.strip(),
        stage_en=(stage_en or "").strip(),
        team=team.strip(),
    )


@transaction.atomic
def decide_pitch(*, pitch, editor, decision, reason=""):
    """Accept, decline (a reason is required) or waitlist a pitch application.

    Side effects: updates the application and tells the pitcher.
    """
    _require_editor(editor)
    Status = PitchApplication.Status
    if decision not in (Status.ACCEPTED, Status.DECLINED, Status.WAITLISTED):
        raise ValidationError(_("Unknown decision."))
    reason = (reason or "").strip()
    if decision == Status.DECLINED and not reason:
        raise ValidationError(_("Give the pitcher a reason when declining."))
    if pitch.status == Status.WITHDRAWN:
        raise ValidationError(_("The pitcher withdrew this application."))
    pitch.status, pitch.decision_reason = decision, reason
    pitch.decided_by, pitch.decided_at = editor, timezone.now()
    if decision != Status.ACCEPTED:
        pitch.session = None
    pitch.save()
    titles = {
        Status.ACCEPTED: gettext_lazy("Your pitch was accepted: %(title)s"),
        Status.DECLINED: gettext_lazy("Your pitch was declined: %(title)s"),
        Status.WAITLISTED: gettext_lazy("Your pitch is on the waiting list: %(title)s"),
    }
    notify_person(
        recipient=pitch.applicant,
        kind=f"pitch_{decision}",
        title=lambda: str(titles[decision]) % {"title": pitch.technology.title},
        body=reason,
        url=_pitch_dashboard_url(),
        dedupe_key=f"roadshow:pitch:{pitch.pk}:{decision}:{pitch.decided_at:%Y%m%d%H%M%S}",
    )
    return pitch


def _pitch_dashboard_url():
    return reverse("roadshow:my_pitches")


@transaction.atomic
def schedule_pitch(*, pitch, session, editor, slot_order=None, duration_minutes=None):
    """Place an accepted pitch into a session slot, or move it to another session.

    Side effects: sets the session, order and duration; tells the pitcher it was scheduled or
    moved. Refuses cancelled or past sessions and agendas longer than the session.
    """
    _require_editor(editor)
    if pitch.status != PitchApplication.Status.ACCEPTED:
        raise ValidationError(_("Accept the pitch before scheduling it."))
    session = RoadshowSession.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled or session.is_over():
        raise ValidationError(_("Choose a session that is still to come."))
    duration = duration_minutes or pitch.duration_minutes
    others = session.pitches.exclude(pk=pitch.pk)
    booked = sum(others.values_list("duration_minutes", flat=True))
    length = (session.ends_at - session.starts_at).total_seconds() / 60
    if booked + duration > length:
        raise ValidationError(
            _("The agenda would run %(over)d minutes over the session.")
            % {"over": booked + duration - length}
        )
    previous = pitch.session
    pitch.session = session
    pitch.duration_minutes = duration
    pitch.slot_order = slot_order or (max(others.values_list("slot_order", flat=True), default=0) + 1)
    pitch.save()
    moved = previous is not None and previous.pk != session.pk
    notify_person(
        recipient=pitch.applicant,
        kind="pitch_moved" if moved else "pitch_scheduled",
        title=lambda: (
            _("Your pitch was moved: %(title)s") if moved else _("Your pitch is scheduled: %(title)s")
        )
        % {"title": pitch.technology.title},
        body=lambda: _("%(session)s, %(when)s (Beijing time), slot %(order)d, %(minutes)d minutes.")
        % {
            "session": session.name,
            "when": format_datetime(session.starts_at),
            "order": pitch.slot_order,
            "minutes": duration,
        },
        url=session.get_absolute_url(),
        dedupe_key=f"roadshow:pitch:{pitch.pk}:session:{session.pk}:{pitch.slot_order}",
    )
    return pitch


def withdraw_pitch(*, pitch, user):
    """The pitcher takes the application back. Side effects: marks it withdrawn, frees its slot."""
    if pitch.applicant_id != user.pk:
        raise PermissionDenied(_("Only the pitcher can withdraw this application."))
    pitch.status, pitch.session = PitchApplication.Status.WITHDRAWN, None
    pitch.save(update_fields=["status", "session", "updated_at"])
    return pitch


# --- Registration --------------------------------------------------------------------------------


def seats_taken(session):
    return session.registrations.holding_seats().count()


def register(*, session, user, now=None):
    """Register a person for a session: a seat if one is free, otherwise the waiting list.

    Free sessions confirm at once; paid ones hold the seat while the person pays (confirmed
    later by the Stripe webhook). The session row is locked (SELECT ... FOR UPDATE), so
    concurrent registrations never exceed the capacity. Registering again while registered
    returns the existing registration.
    Side effects: creates or reactivates a Registration; a confirmation notification.
    """
    if not (user and user.is_authenticated):
        raise PermissionDenied(_("Sign in to register."))
    now = now or timezone.now()
    with transaction.atomic():
        session = RoadshowSession.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            raise RegistrationError(_("This session is cancelled."))
        if session.is_over(now):
            raise RegistrationError(_("This session is over."))
        if session.is_paid and not offered_methods(session):
            raise RegistrationError(
                _("Payment is not configured on this site, so paid sessions cannot be booked.")
            )
        registration = Registration.objects.filter(session=session, user=user).first()
        if registration and registration.is_active:
            return registration
        if seats_taken(session) < session.capacity:
            if session.is_paid:
                status, hold = Registration.Status.PENDING_PAYMENT, now + CHECKOUT_HOLD
            else:
                status, hold = Registration.Status.CONFIRMED, None
        else:
            status, hold = Registration.Status.WAITLISTED, None
        if registration is None:
            registration = Registration(session=session, user=user)
        registration.status = status
        registration.hold_expires_at = hold
        registration.amount_cny = session.price_cny
        registration.created_at = now  # a returning person queues at the back
        registration.confirmed_at = now if status == Registration.Status.CONFIRMED else None
        registration.cancelled_at = None
        registration.stripe_checkout_session_id = ""
        registration.stripe_payment_intent_id = ""
        registration.save()
        if status == Registration.Status.CONFIRMED:
            _tell_confirmed(registration)
    return registration


def _tell_confirmed(registration):
    session = registration.session
    notify_person(
        recipient=registration.user,
        kind="registration_confirmed",
        title=lambda: _("You are registered: %(name)s") % {"name": session.name},
        body=lambda: _(
            "The session starts at %(when)s (Beijing time). The join link appears on the session page shortly before."
        )
        % {"when": format_datetime(session.starts_at)},
        url=session.get_absolute_url(),
        dedupe_key=f"roadshow:confirmed:{registration.pk}:{registration.confirmed_at:%Y%m%d%H%M%S}",
    )


def fill_freed_seats(*, session, now=None):
    """Give freed seats to the waiting list in the order people joined it.

    Must run inside a transaction holding the session row lock. Free sessions confirm the next
    person; paid sessions offer them the seat, held for a day while they pay.
    Side effects: updates registrations; tells each person.
    """
    now = now or timezone.now()
    promoted = []
    free = session.capacity - seats_taken(session)
    if free <= 0:
        return promoted
    for registration in session.registrations.waitlist().select_related("user")[:free]:
        if session.is_paid:
            registration.status = Registration.Status.PENDING_PAYMENT
            registration.hold_expires_at = now + OFFER_HOLD
            registration.stripe_checkout_session_id = ""
            registration.save(update_fields=["status", "hold_expires_at", "stripe_checkout_session_id"])
            notify_person(
                recipient=registration.user,
                kind="seat_offered",
                title=lambda: _("A seat is free for you: %(name)s") % {"name": session.name},
                body=lambda: _("Pay within 24 hours to confirm it; after that it goes to the next person."),
                url=session.get_absolute_url(),
                dedupe_key=f"roadshow:offered:{registration.pk}:{now:%Y%m%d%H%M%S}",
            )
        else:
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at = now
            registration.save(update_fields=["status", "confirmed_at"])
            _tell_confirmed(registration)
        promoted.append(registration)
    return promoted


def cancel_registration(*, registration, user, now=None):
    """Cancel a registration. Paid ones cancelled within the refund window are refunded.

    Refused (RegistrationError) once the session is over: attendance and payments stand.
    Side effects: frees the seat (the waiting list fills it), refunds through Stripe when due, gives
    the voucher use back. Cancelled by an editor on the holder's behalf (the admin's desk): an audit
    entry names the editor, and the holder is told in their language.
    """
    from .payments import refund_registration  # noqa: PLC0415 — circular: payments import services

    if registration.user_id != user.pk and not user.is_editor:
        raise PermissionDenied(_("This is not your registration."))
    now = now or timezone.now()
    with transaction.atomic():
        session = RoadshowSession.objects.select_for_update().get(pk=registration.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            return registration
        was = registration.status
        if session.is_over(now):
            raise RegistrationError(_("This session is over."))
        paid = registration.status == Registration.Status.CONFIRMED and registration.stripe_payment_intent_id
        if paid and now <= session.refund_deadline:
            refund_registration(registration=registration)
        elif _paid_by_bank_transfer(registration) and now <= session.refund_deadline:
            _bank_refund_due(registration, now=now)
            fill_freed_seats(session=session, now=now)
        else:
            if (
                registration.status == Registration.Status.PENDING_PAYMENT
                and registration.stripe_checkout_session_id
            ):
                transaction.on_commit(lambda cs=registration.stripe_checkout_session_id: _expire_checkout(cs))
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
            _cancel_awaiting_transfer(registration)
            release_voucher_use(registration=registration, now=now)
            fill_freed_seats(session=session, now=now)
        if registration.user_id != user.pk:
            registration.refresh_from_db(fields=["status"])
            _cancelled_on_behalf(registration=registration, session=session, by=user, was=was)
    return registration


def _cancelled_on_behalf(*, registration, session, by, was):
    audit(
        subject=registration,
        action="registration_cancelled_by_editor",
        actor=by,
        from_state=was,
        to_state=registration.status,
    )
    notify_person(
        recipient=registration.user,
        kind="registration_cancelled",
        title=lambda: _("Your registration was cancelled: %(name)s") % {"name": session.name},
        body=lambda: _(
            "The organisers cancelled your registration for the session on %(when)s (Beijing time). "
            "A payment inside the refund window is refunded; you can register again if seats are left."
        )
        % {"when": format_datetime(session.starts_at)},
        url=session.get_absolute_url(),
    )


def _paid_by_bank_transfer(registration):
    return (
        registration.status == Registration.Status.CONFIRMED
        and BankTransfer.objects.filter(registration=registration, status=BankTransfer.Status.PAID).exists()
    )


def _cancel_awaiting_transfer(registration):
    BankTransfer.objects.filter(registration=registration, status=BankTransfer.Status.AWAITING).update(
        status=BankTransfer.Status.CANCELLED
    )


def _bank_refund_due(registration, *, now=None):
    from .banking import mark_refund_due  # noqa: PLC0415 — circular: banking imports services

    mark_refund_due(registration=registration, now=now)


def _expire_checkout(checkout_session_id):
    from .payments import expire_checkout_session  # noqa: PLC0415 — circular: payments import services

    try:
        expire_checkout_session(checkout_session_id=checkout_session_id)
    except Exception:  # the hold is already released; Stripe would expire it anyway
        logger.warning("Could not expire Stripe checkout session %s", checkout_session_id, exc_info=True)


def release_expired_holds(*, now=None):
    """Give up seats held for payments that never came, and pass them on to the waiting list.

    Side effects: marks such registrations (and their bank transfers) expired; gives their voucher
    uses back; tells people whose bank transfer expired; fills the seats in waiting-list order.
    Returns how many.
    """
    from .banking import tell_transfer_expired  # noqa: PLC0415 — circular: banking imports services

    now = now or timezone.now()
    released = 0
    session_ids = set(
        Registration.objects.filter(
            status=Registration.Status.PENDING_PAYMENT, hold_expires_at__lt=now
        ).values_list("session_id", flat=True)
    )
    for session_id in session_ids:
        with transaction.atomic():
            session = RoadshowSession.objects.select_for_update().get(pk=session_id)
            expired = list(
                session.registrations.filter(
                    status=Registration.Status.PENDING_PAYMENT, hold_expires_at__lt=now
                ).values_list("pk", flat=True)
            )
            released += Registration.objects.filter(pk__in=expired).update(status=Registration.Status.EXPIRED)
            for registration in session.registrations.filter(pk__in=expired).only("pk", "status"):
                release_voucher_use(registration=registration, now=now)
            transfers = BankTransfer.objects.filter(
                registration_id__in=expired, status=BankTransfer.Status.AWAITING
            ).select_related("registration__user", "registration__session")
            for transfer in transfers:
                tell_transfer_expired(transfer=transfer, now=now)
            fill_freed_seats(session=session, now=now)
    return released


def record_attendance(*, registration, attended, by):
    """An editor marks who came. Side effects: updates the registration."""
    _require_editor(by)
    registration.attended = bool(attended)
    registration.checked_in_at = (registration.checked_in_at or timezone.now()) if attended else None
    registration.save(update_fields=["attended", "checked_in_at"])
    return registration


def can_join(*, session, user, now=None):
    """The join link shows to confirmed people from shortly before the start until the end."""
    now = now or timezone.now()
    if not (user and user.is_authenticated) or session.is_cancelled or not session.stream_url:
        return False
    if not (session.join_opens_at <= now < session.ends_at):
        return False
    return session.registrations.filter(user=user, status=Registration.Status.CONFIRMED).exists()
