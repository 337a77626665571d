"""The schedule to follow: upcoming sessions as a list or a week grid, filtered, with "live now".

Filters are read from the query string the same way for the page and the API (track slug,
format online/venue, price free/paid). Days and weeks are Beijing days: a session at 00:30 Beijing
time belongs to that day, whatever the server's clock says.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from core.formatting import BEIJING
from taxonomy.models import Track

from . import queries
from .models import Format, RoadshowSession

FORMAT_FILTERS = ("online", "venue")
PRICE_FILTERS = ("free", "paid")
VIEWS = ("list", "week")


@dataclass
class ScheduleFilters:
    """What the person asked to see. Unknown values are ignored (they narrow nothing)."""

    track: Track | None = None
    format: str = ""
    price: str = ""
    view: str = "list"
    week_start: dt.date | None = None

    def as_query(self, **changes):
        """The filters as query-string pairs, with some changed (for links that keep the others)."""
        values = {
            "track": self.track.slug if self.track else "",
            "format": self.format,
            "price": self.price,
            "view": self.view if self.view != "list" else "",
            "week": self.week_start.isoformat() if self.week_start and self.view == "week" else "",
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value}


def beijing_today(now=None):
    return timezone.localtime(now or timezone.now(), BEIJING).date()


def monday_of(day):
    return day - dt.timedelta(days=day.weekday())


def parse_filters(params, *, now=None):
    """Read the filters from a QueryDict (or dict). No side effects."""
    filters = ScheduleFilters()
    slug = (params.get("track") or "").strip()
    if slug:
        filters.track = Track.objects.filter(slug=slug).first()
    if params.get("format") in FORMAT_FILTERS:
        filters.format = params["format"]
    if params.get("price") in PRICE_FILTERS:
        filters.price = params["price"]
    if params.get("view") in VIEWS:
        filters.view = params["view"]
    week = params.get("week") or ""
    try:
        filters.week_start = monday_of(dt.date.fromisoformat(week)) if week else None
    except ValueError:
        filters.week_start = None
    if filters.week_start is None:
        filters.week_start = monday_of(beijing_today(now))
    return filters


def filter_sessions(sessions, *, track=None, session_format="", price=""):
    """Narrow sessions by track (own or series' track), format and price. Sessions held both ways
    count as online and as on-site."""
    sessions = queries.of_track(sessions, track)
    if session_format in FORMAT_FILTERS:
        sessions = sessions.filter(format__in=[session_format, Format.BOTH])
    if price == "paid":
        sessions = sessions.filter(price_cny__gt=0)
    elif price == "free":
        sessions = sessions.filter(price_cny=0)
    return sessions


def upcoming(filters, *, now=None):
    """Upcoming sessions (including the ones running now), soonest first, as list cards."""
    now = now or timezone.now()
    sessions = filter_sessions(
        RoadshowSession.objects.upcoming(now),
        track=filters.track,
        session_format=filters.format,
        price=filters.price,
    )
    return queries.session_cards(sessions).select_related("series__track", "track")


def is_live(session, now=None):
    """Running now: started and not yet over, and not cancelled."""
    now = now or timezone.now()
    return not session.is_cancelled and session.starts_at <= now < session.ends_at


def mark_live(sessions, now=None):
    """Set ``session.is_live`` on each (for the "live now" badge) and return them as a list."""
    now = now or timezone.now()
    sessions = list(sessions)
    for session in sessions:
        session.is_live = is_live(session, now)
    return sessions


@dataclass
class Day:
    date: dt.date
    sessions: list
    is_today: bool = False


def week_grid(filters, *, now=None):
    """The seven Beijing days of the filters' week, each with its sessions (cancelled ones left out).

    One query for the sessions (with their agenda prefetched: two more). No side effects.
    """
    now = now or timezone.now()
    start = filters.week_start or monday_of(beijing_today(now))
    first = dt.datetime.combine(start, dt.time.min, tzinfo=BEIJING)
    last = first + dt.timedelta(days=7)
    sessions = filter_sessions(
        RoadshowSession.objects.visible().filter(starts_at__gte=first, starts_at__lt=last),
        track=filters.track,
        session_format=filters.format,
        price=filters.price,
    )
    sessions = mark_live(
        queries.session_cards(sessions).select_related("series__track", "track").order_by("starts_at"),
        now,
    )
    today = beijing_today(now)
    days = [Day(date=start + dt.timedelta(days=i), sessions=[]) for i in range(7)]
    for day in days:
        day.is_today = day.date == today
    for session in sessions:
        index = (timezone.localtime(session.starts_at, BEIJING).date() - start).days
        if 0 <= index < 7:
            days[index].sessions.append(session)
    return days


def next_session_for_track(track, *, now=None):
    """The next session of a track (own or series' track) that is not over, or None."""
    if track is None:
        return None
    now = now or timezone.now()
    return (
        queries.of_track(RoadshowSession.objects.upcoming(now), track)
        .select_related("series", "track")
        .first()
    )


def archive(*, track=None, now=None):
    """Past sessions, newest first, with their agenda, replay and slides."""
    return queries.archive_sessions(track=track, now=now).select_related("slides", "series__track")
