"""Series recurrence, the generator, single-session overrides and the iCal files."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from icalendar import Calendar

from roadshow import services
from roadshow.apps import create_periodic_tasks
from roadshow.calendar import series_calendar
from roadshow.models import RoadshowSession
from roadshow.recurrence import validate_rrule
from tests.factories.roadshow import RoadshowSeriesFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
BEFORE_FIRST = dt.datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)


@pytest.mark.smoke
@pytest.mark.django_db
def test_weekly_thursdays_cross_the_month_boundary_in_shanghai_time():
    series = RoadshowSeriesFactory()
    created = services.generate_sessions(series=series, now=BEFORE_FIRST, weeks=3)
    starts = [s.starts_at.astimezone(SHANGHAI) for s in series.sessions.order_by("starts_at")]
    assert created == 3
    assert starts == [
        dt.datetime(2026, 11, 26, 14, 0, tzinfo=SHANGHAI),
        dt.datetime(2026, 12, 3, 14, 0, tzinfo=SHANGHAI),
        dt.datetime(2026, 12, 10, 14, 0, tzinfo=SHANGHAI),
    ]
    # Stored in UTC: 14:00 Beijing is 06:00 UTC.
    assert starts[1].astimezone(dt.UTC).hour == 6
    assert all(s.ends_at - s.starts_at == dt.timedelta(minutes=120) for s in series.sessions.all())


@pytest.mark.django_db
def test_generation_is_idempotent_and_keeps_editor_changes(editor):
    series = RoadshowSeriesFactory()
    services.generate_sessions(series=series, now=BEFORE_FIRST, weeks=3)
    first, second, third = series.sessions.order_by("starts_at")
    moved_to = dt.datetime(2026, 12, 4, 10, 0, tzinfo=SHANGHAI)
    services.move_session(session=second, starts_at=moved_to, by=editor)
    services.cancel_session(session=third, reason="讲者时间冲突", by=editor)

    assert services.generate_sessions(series=series, now=BEFORE_FIRST, weeks=3) == 0
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.starts_at == moved_to
    assert second.original_start == dt.datetime(2026, 12, 3, 14, 0, tzinfo=SHANGHAI)
    assert second.ends_at - second.starts_at == dt.timedelta(hours=2)
    assert third.status == RoadshowSession.Status.CANCELLED
    assert series.sessions.count() == 3
    # Later weeks keep coming.
    assert services.generate_sessions(series=series, now=BEFORE_FIRST, weeks=5) == 2


@pytest.mark.django_db
def test_only_editors_move_sessions(investor):
    series = RoadshowSeriesFactory()
    services.generate_sessions(series=series, now=BEFORE_FIRST, weeks=1)
    with pytest.raises(PermissionDenied):
        services.move_session(session=series.sessions.get(), starts_at=BEFORE_FIRST, by=investor)


@pytest.mark.django_db
def test_editor_adds_a_one_off_session_with_the_series_settings(editor):
    series = RoadshowSeriesFactory(capacity=80)
    start = dt.datetime(2026, 12, 15, 19, 0, tzinfo=SHANGHAI)
    extra = services.add_session(
        by=editor,
        series=series,
        title="加场：投资人夜场",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    assert extra.original_start is None
    assert extra.capacity == 80
    assert extra.is_modified


@pytest.mark.parametrize("rule", ["FREQ=MINUTELY", "FREQ=WEEKLY;BYDAY=XX", "nonsense"])
def test_bad_or_too_frequent_rules_are_refused(rule):
    with pytest.raises(ValidationError):
        validate_rrule(rule)


@pytest.mark.smoke
@pytest.mark.django_db
def test_series_ics_parses_and_its_rule_crosses_the_month_boundary(client, editor):
    series = RoadshowSeriesFactory(title="先进能源周路演")
    services.generate_sessions(series=series, now=BEFORE_FIRST, weeks=3)
    second, third = list(series.sessions.order_by("starts_at"))[1:]
    services.cancel_session(session=third, reason="场地检修", by=editor)
    moved_to = dt.datetime(2026, 12, 4, 10, 0, tzinfo=SHANGHAI)
    services.move_session(session=second, starts_at=moved_to, by=editor)

    response = client.get(reverse("roadshow_series_ics", kwargs={"slug": series.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    master, override = cal.walk("VEVENT")
    assert str(master["SUMMARY"]) == "先进能源周路演"
    start = master.decoded("DTSTART")
    assert start == dt.datetime(2026, 11, 26, 14, 0, tzinfo=SHANGHAI)
    assert str(start.tzinfo) == "Asia/Shanghai"
    rule = rrulestr(master["RRULE"].to_ical().decode(), dtstart=start)
    assert rule.after(start) == dt.datetime(2026, 12, 3, 14, 0, tzinfo=SHANGHAI)
    exdates = [d.dt for d in master["EXDATE"].dts]
    assert exdates == [dt.datetime(2026, 12, 10, 14, 0, tzinfo=SHANGHAI)]
    assert override["UID"] == master["UID"]
    assert override.decoded("RECURRENCE-ID") == dt.datetime(2026, 12, 3, 14, 0, tzinfo=SHANGHAI)
    assert override.decoded("DTSTART") == moved_to


@pytest.mark.django_db
def test_series_calendar_queries_do_not_grow_with_sessions(django_assert_max_num_queries):
    series = RoadshowSeriesFactory()
    services.generate_sessions(series=series, now=BEFORE_FIRST, weeks=12)
    with django_assert_max_num_queries(3):
        series_calendar(series).to_ical()


@pytest.mark.django_db
def test_session_ics_download_and_personal_feed(client, investor, session):
    services.register(session=session, user=investor)
    response = client.get(reverse("roadshow_session_ics", kwargs={"pk": session.pk}))
    assert response["Content-Disposition"] == f'attachment; filename="roadshow-{session.pk}.ics"'
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("DTSTART") == session.starts_at
    assert str(event["SUMMARY"]) == session.title

    client.force_login(investor)
    page = client.get(reverse("roadshow:calendar_subscribe"))
    feed_url = page.context["feed_url"]
    client.logout()
    feed = client.get(feed_url.replace("http://testserver", ""))
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [session.title]
    assert client.get(reverse("roadshow_personal_ics", kwargs={"token": "wrong"})).status_code == 404


@pytest.mark.django_db
def test_beat_rows_are_created_once():
    create_periodic_tasks(sender=None)
    create_periodic_tasks(sender=None)
    tasks = PeriodicTask.objects.filter(task__startswith="roadshow.").order_by("task")
    assert [(t.task, t.interval.every) for t in tasks] == [
        ("roadshow.generate_upcoming_sessions", 60),
        ("roadshow.release_expired_holds", 10),
        ("roadshow.send_session_reminders", 5),
    ]
