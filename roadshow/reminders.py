"""Reminders a day and an hour before each session, sent once per registration and kind."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_datetime

from .models import Registration, ReminderSent, RoadshowSession
from .services import notify_person

REMINDER_WINDOWS = {
    ReminderSent.Kind.DAY: (timedelta(hours=1), timedelta(hours=24)),
    ReminderSent.Kind.HOUR: (timedelta(0), timedelta(hours=1)),
}


def send_due_reminders(*, now=None):
    """Remind confirmed people a day and an hour before their session, once each.

    Side effects: creates a ReminderSent row per (registration, kind) and sends the reminder
    only when the row is new, so overlapping beat runs never send twice. Returns how many went out.
    """
    now = now or timezone.now()
    sent = 0
    for kind, (near, far) in REMINDER_WINDOWS.items():
        due = (
            Registration.objects.filter(
                status=Registration.Status.CONFIRMED,
                session__status=RoadshowSession.Status.SCHEDULED,
                session__starts_at__gt=now + near,
                session__starts_at__lte=now + far,
            )
            .exclude(reminders__kind=kind)
            .select_related("session", "session__series", "user")
        )
        for registration in due:
            _reminder, created = ReminderSent.objects.get_or_create(registration=registration, kind=kind)
            if not created:
                continue
            session = registration.session
            notify_person(
                recipient=registration.user,
                kind=f"reminder_{kind}",
                title=lambda kind=kind, session=session: (
                    _("Tomorrow: %(name)s") if kind == ReminderSent.Kind.DAY else _("In an hour: %(name)s")
                )
                % {"name": session.name},
                body=lambda session=session: _(
                    "Starts at %(when)s (Beijing time). The join link is on the session page."
                )
                % {"when": format_datetime(session.starts_at)},
                url=session.get_absolute_url(),
                dedupe_key=f"roadshow:reminder:{registration.pk}:{kind}",
            )
            sent += 1
    return sent
