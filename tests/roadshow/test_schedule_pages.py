"""The schedule to follow: list and week grid, filters by track, format and price, "live now",
pagination, the next session on a track page, series iCal and the archive with replays and slides."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from roadshow import schedule
from roadshow.models import RoadshowSession
from tests.factories.roadshow import (
    PitchFactory,
    RoadshowSeriesFactory,
    RoadshowSessionFactory,
    TechnologyFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def in_(**delta):
    return (timezone.now() + dt.timedelta(**delta)).replace(second=0, microsecond=0)


def listed(response):
    return [session.name for session in response.context["sessions"]]


@pytest.fixture
def mixed(tracks):
    energy, materials = tracks[6], tracks[7]
    series = RoadshowSeriesFactory(track=materials, title="新型材料周路演")
    return {
        "energy_online_free": RoadshowSessionFactory(
            title="能源线上免费", track=energy, starts_at=in_(days=1), format="online", price_cny=0
        ),
        "energy_venue_paid": RoadshowSessionFactory(
            title="能源线下收费", track=energy, starts_at=in_(days=2), format="venue", price_cny=380
        ),
        "materials_both_paid": RoadshowSessionFactory(
            title="材料双线收费", series=series, starts_at=in_(days=3), format="both", price_cny=1500
        ),
        "past": RoadshowSessionFactory(title="已结束", track=energy, starts_at=in_(days=-2)),
        "cancelled": RoadshowSessionFactory(
            title="已取消", track=energy, starts_at=in_(days=4), status="cancelled"
        ),
    }


def test_the_list_filters_by_track_format_and_price(client, mixed):
    index = reverse("roadshow:index")
    assert listed(client.get(index)) == ["能源线上免费", "能源线下收费", "材料双线收费"]
    assert listed(client.get(index, {"track": "advanced-energy"})) == ["能源线上免费", "能源线下收费"]
    # The series' track counts for its sessions.
    assert listed(client.get(index, {"track": "new-materials"})) == ["材料双线收费"]
    # Sessions held both ways count as online and as on-site.
    assert listed(client.get(index, {"format": "online"})) == ["能源线上免费", "材料双线收费"]
    assert listed(client.get(index, {"format": "venue"})) == ["能源线下收费", "材料双线收费"]
    assert listed(client.get(index, {"price": "free"})) == ["能源线上免费"]
    assert listed(client.get(index, {"price": "paid", "track": "advanced-energy"})) == ["能源线下收费"]
    # Unknown values narrow nothing and break nothing.
    assert listed(client.get(index, {"format": "x", "price": "y", "track": "nope"})) == [
        "能源线上免费",
        "能源线下收费",
        "材料双线收费",
    ]


def test_the_page_and_the_api_filter_alike(client, mixed):
    page = listed(client.get(reverse("roadshow:index"), {"track": "advanced-energy", "price": "paid"}))
    api = APIClient().get(
        "/api/v1/roadshow/sessions/", {"track": "advanced-energy", "price": "paid", "session_format": "venue"}
    )
    assert page == [item["name"] for item in api.json()["results"]] == ["能源线下收费"]


def test_prices_and_times_read_as_the_reader_expects(client, mixed):
    chinese = client.get(reverse("roadshow:index")).content.decode()
    assert "1,500元" in chinese and "380元" in chinese
    starts = timezone.localtime(mixed["energy_online_free"].starts_at, SHANGHAI)
    assert f"{starts.year}年{starts.month}月{starts.day}日 {starts:%H:%M}" in chinese
    english = client.get("/en" + reverse("roadshow:index")).content.decode()
    assert "¥1,500" in english and "1500.00" not in english


def test_a_running_session_wears_the_live_now_badge_on_the_list_the_grid_and_the_api(client, tracks):
    live = RoadshowSessionFactory(title="正在路演", starts_at=in_(minutes=-30), ends_at=in_(minutes=90))
    RoadshowSessionFactory(title="稍后路演", starts_at=in_(hours=3))
    response = client.get(reverse("roadshow:index"))
    badges = {s.name: s.is_live for s in response.context["sessions"]}
    assert badges == {"正在路演": True, "稍后路演": False}
    assert response.content.decode().count('data-testid="live-now"') == 1
    grid = client.get(reverse("roadshow:index"), {"view": "week"})
    assert grid.content.decode().count('data-testid="live-now"') == 1
    api = APIClient().get("/api/v1/roadshow/sessions/").json()["results"]
    assert {item["name"]: item["is_live"] for item in api} == {"正在路演": True, "稍后路演": False}
    assert live.pk == api[0]["id"]


def test_the_list_is_paginated(client, tracks):
    for day in range(1, 14):
        RoadshowSessionFactory(title=f"第{day:02d}场", starts_at=in_(days=day))
    first = client.get(reverse("roadshow:index"))
    assert listed(first) == [f"第{day:02d}场" for day in range(1, 11)]
    second = client.get(reverse("roadshow:index"), {"page": 2})
    assert listed(second) == ["第11场", "第12场", "第13场"]
    assert client.get(reverse("roadshow:index"), {"page": "zzz"}).status_code == 200


def test_the_week_grid_puts_sessions_on_their_beijing_day(client, tracks):
    # 00:30 on a Wednesday in Beijing is Tuesday 16:30 UTC: it belongs to Wednesday.
    wednesday = dt.datetime(2027, 3, 3, 0, 30, tzinfo=SHANGHAI)
    RoadshowSessionFactory(title="凌晨场", starts_at=wednesday, ends_at=wednesday + dt.timedelta(hours=1))
    RoadshowSessionFactory(
        title="下周场",
        starts_at=wednesday + dt.timedelta(days=7),
        ends_at=wednesday + dt.timedelta(days=7, hours=1),
    )
    response = client.get(reverse("roadshow:index"), {"view": "week", "week": "2027-03-04"})
    days = response.context["days"]
    assert [day.date for day in days] == [dt.date(2027, 3, 1) + dt.timedelta(days=i) for i in range(7)]
    assert [[s.name for s in day.sessions] for day in days] == [[], [], ["凌晨场"], [], [], [], []]
    nxt = client.get(reverse("roadshow:index"), {"view": "week", "week": "2027-03-08"})
    assert [[s.name for s in day.sessions] for day in nxt.context["days"]][2] == ["下周场"]
    # A bad date falls back to this week rather than failing.
    assert client.get(reverse("roadshow:index"), {"view": "week", "week": "2027-13-45"}).status_code == 200


def test_the_schedule_queries_do_not_grow_with_sessions_and_pitches(
    client, researcher, university, tracks, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            session = RoadshowSessionFactory(track=tracks[6], starts_at=in_(days=1))
            for order in (1, 2, 3):
                technology = TechnologyFactory(organisation=university, track=tracks[6])
                PitchFactory(
                    technology=technology,
                    applicant=researcher,
                    status="accepted",
                    session=session,
                    slot_order=order,
                )

    add(2)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("roadshow:index"))
    baseline = len(few.captured_queries)
    add(6)
    with django_assert_max_num_queries(baseline):
        client.get(reverse("roadshow:index"))
    with django_assert_max_num_queries(baseline):
        client.get(reverse("roadshow:index"), {"view": "week"})
    with django_assert_max_num_queries(baseline):
        client.get(reverse("roadshow:archive"))


def test_the_archive_shows_replays_and_slides_newest_first(client, tracks):
    old = RoadshowSessionFactory(
        title="上月场", starts_at=in_(days=-30), replay_url="https://replay.example.test/a"
    )
    RoadshowSessionFactory(title="上周场", starts_at=in_(days=-7))
    RoadshowSessionFactory(title="下周场", starts_at=in_(days=7))
    response = client.get(reverse("roadshow:archive"))
    assert listed(response) == ["上周场", "上月场"]
    html = response.content.decode()
    assert f'href="{old.replay_url}" data-testid="replay-link"' in html
    assert "暂无回放" in html


def test_a_track_page_names_the_tracks_next_session(tracks):
    energy, materials = tracks[6], tracks[7]
    RoadshowSessionFactory(title="能源下周", track=energy, starts_at=in_(days=7))
    RoadshowSessionFactory(title="能源明天", track=energy, starts_at=in_(days=1))
    RoadshowSessionFactory(title="能源已取消", track=energy, starts_at=in_(hours=2), status="cancelled")
    series = RoadshowSeriesFactory(track=materials)
    RoadshowSessionFactory(title="材料系列场", series=series, starts_at=in_(days=2))
    assert schedule.next_session_for_track(energy).name == "能源明天"
    assert schedule.next_session_for_track(materials).name == "材料系列场"
    template = Template("{% load roadshow_tags %}{% next_roadshow_session track %}")
    assert "能源明天" in template.render(Context({"track": energy}))
    with translation.override("en"):
        assert "No session is scheduled on this track yet." in template.render(Context({"track": tracks[0]}))


def test_series_pages_offer_the_ical_subscription(client, tracks):
    series = RoadshowSeriesFactory(track=tracks[6], is_active=True)
    html = client.get(series.get_absolute_url()).content.decode()
    feed = reverse("roadshow_series_ics", kwargs={"slug": series.slug})
    assert f'href="{feed}"' in html
    response = client.get(feed)
    assert response["Content-Type"].startswith("text/calendar")
    assert "RRULE:FREQ=WEEKLY;BYDAY=TH" in response.content.decode()
    assert RoadshowSession.objects.count() == 0
