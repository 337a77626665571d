"""The indicators are kept as tallies: equal to a recomputation from the events, moved in the same
transaction as each event, and read with a query count that does not grow with the data."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core import tallies
from core.models import Tally, TallyEntry
from core.tasks import rebuild_tallies
from dealflow.models import MatchRequest
from indicators import services
from listings.models import Technology
from listings.signals import send_listings_changed
from roadshow import services as roadshow_services
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.roadshow import RegistrationFactory, RoadshowSessionFactory


def _all_sums():
    return {series: tallies.totals_of(series) for series in sorted(tallies.registered())}


def _requests_by_track():
    counts = {}
    for request in MatchRequest.objects.select_related("technology", "demand"):
        track_id = (request.demand or request.technology).track_id
        counts[track_id] = counts.get(track_id, 0) + 1
    return counts


def test_tallies_equal_their_recomputation_from_the_events(programme):
    kept = _all_sums()
    assert any(kept.values())
    assert tallies.rebuild_all() == []  # nothing had drifted
    assert _all_sums() == kept
    # Every request of the programme was made today: one row holds them all.
    assert tallies.totals_of("indicators.requests") == {(0, timezone.localdate()): 5} | {
        (track_id, timezone.localdate()): n for track_id, n in _requests_by_track().items()
    }


def test_a_new_request_shows_on_the_dashboard_in_the_same_transaction(
    client, programme, enterprise_user, enterprise_org
):
    before = {f["key"]: f["total"] for f in services.compute_figures().funnel}
    technology = Technology.objects.published().first()
    MatchRequest.objects.create(
        technology=technology,
        requester=enterprise_user,
        requester_organisation=enterprise_org,
        owner_organisation=technology.organisation,
        message="想了解许可条件",
        cooperation_mode="license",
        response_deadline=timezone.now() + datetime.timedelta(days=7),
    )
    page = client.get(reverse("indicators:dashboard")).content.decode()
    assert f'data-testid="total-requests">{before["requests"] + 1}<' in page
    assert f'data-testid="total-listings">{before["listings"]}<' in page


def test_unpublishing_a_listing_takes_it_off_the_figures(programme):
    technology = Technology.objects.published().filter(track__slug="advanced-energy").first()
    energy = technology.track
    before = services.compute_figures(track=energy).funnel[0]
    assert before["key"] == "listings"
    Technology.objects.filter(pk=technology.pk).update(status="draft")
    send_listings_changed(Technology, [technology.pk])
    after = services.compute_figures(track=energy).funnel[0]
    assert after["total"] == before["total"] - 1
    assert after["by_track"][energy.slug] == before["by_track"][energy.slug] - 1


def test_rebuild_command_repairs_a_tally_a_write_went_around(programme):
    expected = {f["key"]: f["total"] for f in services.compute_figures().funnel}
    Tally.objects.filter(series="indicators.requests").delete()
    TallyEntry.objects.filter(series="indicators.requests").delete()
    assert {f["key"]: f["total"] for f in services.compute_figures().funnel}["requests"] == 0
    out = io.StringIO()
    call_command("rebuild_tallies", "indicators.requests", stdout=out)
    assert out.getvalue() == "indicators.requests: rebuilt (had drifted)\n"
    assert {f["key"]: f["total"] for f in services.compute_figures().funnel} == expected


def test_rebuild_command_refuses_an_unknown_series_and_changes_nothing(programme):
    kept = _all_sums()
    err = io.StringIO()
    call_command("rebuild_tallies", "indicators.nothing", stderr=err)
    assert err.getvalue().startswith("Unknown series: indicators.nothing. Known: ")
    assert _all_sums() == kept


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/indicators/", "/indicators/?track=advanced-energy", "/api/v1/indicators/"])
def test_dashboard_queries_are_equal_at_5_and_40_listings_and_more_events(
    client, programme, url, enterprise_user, enterprise_org, university
):
    before = _queries(client, url)
    energy = Technology.objects.published().first().track
    now = timezone.now()
    for n in range(35):
        when = now - datetime.timedelta(days=40 * n)
        technology = TechnologyFactory(
            track=energy, organisation=university, published=True, published_at=when
        )
        DemandFactory(track=energy, published=True, published_at=when)
        MatchRequest.objects.create(
            technology=technology,
            requester=enterprise_user,
            requester_organisation=enterprise_org,
            owner_organisation=university,
            message="了解",
            cooperation_mode="license",
            response_deadline=now + datetime.timedelta(days=7),
        )
    assert _queries(client, url) == before
    figures = services.compute_figures()
    assert figures.funnel[0]["total"] == 5 + 70


def test_nightly_rebuild_is_a_beat_job_and_finds_nothing_to_repair(programme):
    job = PeriodicTask.objects.get(name="core: rebuild the maintained figures")
    assert job.task == "core.rebuild_tallies"
    assert (job.crontab.minute, job.crontab.hour) == ("30", "3")
    assert rebuild_tallies() == []


def test_a_listing_moved_to_another_track_takes_its_requests_along_in_the_same_transaction(programme, tracks):
    request = MatchRequest.objects.filter(demand__isnull=True).select_related("technology").first()
    technology = request.technology
    moved_to = next(t for t in tracks if t.pk != technology.track_id)
    today = timezone.localdate()
    before = tallies.total("indicators.requests", scope=moved_to.pk)

    technology.track = moved_to
    technology.save()

    assert (
        tallies.total("indicators.requests", scope=moved_to.pk)
        == before + MatchRequest.objects.filter(technology=technology, demand__isnull=True).count()
    )
    assert tallies.totals_of("indicators.requests") == {(0, today): 5} | {
        (track_id, today): n for track_id, n in _requests_by_track().items()
    }
    assert tallies.rebuild_all() == []  # nothing was left for the nightly rebuild


def test_a_session_moved_to_another_day_takes_its_attendance_along(tracks, investor, editor):
    session = RoadshowSessionFactory(track=tracks[0], starts_at=timezone.now() + datetime.timedelta(days=3))
    RegistrationFactory(session=session, user=investor, attended=True)
    later = session.starts_at + datetime.timedelta(days=7)

    roadshow_services.move_session(
        session=session, starts_at=later, ends_at=later + datetime.timedelta(hours=2), by=editor
    )

    assert tallies.totals_of("indicators.roadshow_attendance") == {
        (0, timezone.localtime(later).date()): 1,
        (tracks[0].pk, timezone.localtime(later).date()): 1,
    }
    assert tallies.rebuild_all() == []


def _reads_of_stored_values(queries, table):
    """The reads of an object's stored track (and day) that a save would make to tell a move."""
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith(f'SELECT "{table}"."track_id"')]


def test_a_save_that_moves_nothing_reads_no_stored_track_or_day(programme, tracks):
    technology = Technology.objects.filter(live=True).first()
    session = RoadshowSessionFactory(track=tracks[0], starts_at=timezone.now() + datetime.timedelta(days=3))
    session = type(session).objects.get(pk=session.pk)
    kept = _all_sums()

    technology.title = "高倍率钠离子电池正极材料（第二版）"
    with CaptureQueriesContext(connection) as queries:
        technology.save()
    assert _reads_of_stored_values(queries, "listings_technology") == []
    session.title_en = "Roadshow, second edition"
    with CaptureQueriesContext(connection) as queries:
        session.save()
        session.save()  # and again, against the values it was saved with
    assert _reads_of_stored_values(queries, "roadshow_roadshowsession") == []
    assert _all_sums() == kept
    assert tallies.rebuild_all() == []


def test_a_listing_loaded_without_its_track_reads_it_once_and_still_takes_its_requests_along(
    programme, tracks
):
    request = MatchRequest.objects.filter(demand__isnull=True).first()
    technology = Technology.objects.defer("track").get(pk=request.technology_id)
    moved_from = Technology.objects.get(pk=technology.pk).track_id
    moved_to = next(t for t in tracks if t.pk != moved_from)

    technology.track = moved_to
    with CaptureQueriesContext(connection) as queries:
        technology.save()

    assert len(_reads_of_stored_values(queries, "listings_technology")) == 1
    assert tallies.totals_of("indicators.requests") == {(0, timezone.localdate()): 5} | {
        (track_id, timezone.localdate()): n for track_id, n in _requests_by_track().items()
    }
    assert tallies.rebuild_all() == []
