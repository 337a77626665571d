"""iCalendar (RFC 5545) files for the roadshow, built with the ``icalendar`` library.

A series feed carries one recurring event with the series' RRULE in its own time zone, EXDATEs
for cancelled occurrences and RECURRENCE-ID overrides for moved ones, so calendar programs show
the never-ending series and its exceptions. The personal feed and the per-session download list
single events.
"""

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from core.services import absolute_url

from .join_links import personal_join_path
from .models import Registration, RoadshowSession
from .queries import with_agenda

PRODID = "-//Binhai Tech Transfer//Roadshow//ZH"


def _domain():
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").split("://", 1)[-1].split("/")[0]


def _calendar(name):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _session_uid(session):
    if session.series_id:
        return f"roadshow-series-{session.series_id}@{_domain()}"
    return f"roadshow-session-{session.pk}@{_domain()}"


def _describe(session):
    lines = [f"{pitch.slot_order}. {pitch.technology.title}" for pitch in session.agenda]
    lines.append(absolute_url(session.get_absolute_url()))
    return "\n".join(lines)


def _session_event(session, *, zone, uid=None, recurrence_id=None):
    event = Event()
    event.add("uid", uid or f"roadshow-session-{session.pk}@{_domain()}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("summary", session.name)
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("url", absolute_url(session.get_absolute_url()))
    event.add("description", _describe(session))
    if session.venue:
        event.add("location", session.venue)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    if recurrence_id is not None:
        event.add("recurrence-id", recurrence_id.astimezone(zone))
    event.add("sequence", int(session.updated_at.timestamp()) // 60 % 100000 if session.updated_at else 0)
    return event


def _with_agenda(sessions):
    return with_agenda(sessions)


def series_calendar(series):
    """The series as one recurring event with its exceptions, plus its one-off extra sessions."""
    zone = ZoneInfo(series.timezone)
    cal = _calendar(series.name)
    uid = f"roadshow-series-{series.pk}@{_domain()}"
    master = Event()
    master.add("uid", uid)
    master.add("dtstamp", timezone.now().astimezone(UTC))
    master.add("summary", series.name)
    start = series.first_start.astimezone(zone)
    master.add("dtstart", start)
    master.add("dtend", start + timedelta(minutes=series.duration_minutes))
    master.add("rrule", vRecur.from_ical(series.rrule.removeprefix("RRULE:")))
    master.add("url", absolute_url(series.get_absolute_url()))
    if series.description:
        master.add("description", series.description)
    if series.venue:
        master.add("location", series.venue)
    sessions = list(_with_agenda(series.sessions.all()))
    cancelled = [s.original_start.astimezone(zone) for s in sessions if s.is_cancelled and s.original_start]
    if cancelled:
        master.add("exdate", cancelled)
    cal.add_component(master)
    for session in sessions:
        if session.original_start is None:
            if not session.is_cancelled:
                cal.add_component(_session_event(session, zone=zone))
        elif not session.is_cancelled and (
            session.is_modified or session.starts_at != session.original_start
        ):
            cal.add_component(
                _session_event(session, zone=zone, uid=uid, recurrence_id=session.original_start)
            )
    cal.add_missing_timezones()
    return cal


def personal_calendar(user):
    """The sessions this person is registered for (confirmed, awaiting payment or waiting)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    cal = _calendar(str(user))
    session_ids = Registration.objects.filter(user=user, status__in=Registration.ACTIVE_STATUSES).values(
        "session_id"
    )
    for session in _with_agenda(RoadshowSession.objects.filter(pk__in=session_ids)):
        cal.add_component(_session_event(session, zone=zone))
    cal.add_missing_timezones()
    return cal


def session_calendar(session):
    """One session, for "add to calendar"."""
    zone = ZoneInfo(settings.TIME_ZONE)
    cal = _calendar(session.name)
    session = _with_agenda(RoadshowSession.objects.filter(pk=session.pk)).get()
    cal.add_component(_session_event(session, zone=zone))
    cal.add_missing_timezones()
    return cal


def registration_calendar(registration):
    """One registration's session, with the person's own join link (a signed link to their
    registration, so it opens the meeting only for them and only inside the join window)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    session = _with_agenda(RoadshowSession.objects.filter(pk=registration.session_id)).get()
    cal = _calendar(session.name)
    event = _session_event(session, zone=zone)
    if session.is_online and registration.status == Registration.Status.CONFIRMED:
        join = absolute_url(personal_join_path(registration=registration))
        event["description"] = f"{join}\n{_describe(session)}"
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal
