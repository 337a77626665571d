"""The roadshow API: lists and filters, the join-link rule, registration, cancellation and interest
through the same services as the pages, and clean refusals that change nothing.

The API answers in the site's default language (Chinese), so refusals are asserted in Chinese.
"""

import datetime as dt
import json
import os
import socket
import time
from urllib.parse import urlparse

import pytest
import stripe
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from dealflow.models import MatchRequest
from roadshow import services
from roadshow.api import RoadshowWriteThrottle
from roadshow.models import InvestorInterest, Registration
from tests.factories import user_with_role
from tests.factories.roadshow import (
    PitchFactory,
    RoadshowSeriesFactory,
    RoadshowSessionFactory,
    TechnologyFactory,
)

pytestmark = pytest.mark.django_db

SESSIONS = "/api/v1/roadshow/sessions/"
STREAM = "https://meeting.example.test/roadshow"


@pytest.fixture(autouse=True)
def _fresh_throttle_history():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def in_(days=0, hours=0, minutes=0):
    return (timezone.now() + dt.timedelta(days=days, hours=hours, minutes=minutes)).replace(microsecond=0)


def session_at(starts_at, **fields):
    return RoadshowSessionFactory(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2), **fields)


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


# --- Lists and filters --------------------------------------------------------------------------


@pytest.mark.smoke
def test_session_list_shows_upcoming_sessions_in_start_order_with_seats_and_agenda(api, scheduled_pitch):
    later = session_at(in_(days=10), capacity=3)
    soon = scheduled_pitch.session
    past = session_at(in_(days=-3))
    cancelled = session_at(in_(days=5))
    cancelled.status = "cancelled"
    cancelled.save()
    a, b, c, d = (user_with_role(Role.INVESTOR) for _ in range(4))
    for person in (a, b, c, d):
        services.register(session=later, user=person)

    response = api.get(SESSIONS)
    assert ids(response) == [soon.pk, later.pk]
    assert past.pk not in ids(response)
    by_id = {item["id"]: item for item in response.json()["results"]}
    assert (by_id[later.pk]["seats_left"], by_id[later.pk]["waitlist_count"]) == (0, 1)
    assert by_id[soon.pk]["seats_left"] == 50
    agenda = by_id[soon.pk]["agenda"]
    technology = scheduled_pitch.technology
    assert [(item["id"], item["technology"]["ref"], item["technology"]["title"]) for item in agenda] == [
        (scheduled_pitch.pk, technology.ref, technology.title)
    ]
    assert agenda[0]["technology"]["url"] == f"http://testserver{technology.get_absolute_url()}"
    assert by_id[soon.pk]["replay_url"] is None
    # Lists never carry the join link, whoever asks.
    assert STREAM not in response.content.decode()
    assert "join_url" not in by_id[soon.pk]


def test_archive_lists_past_sessions_newest_first_with_their_replay(api):
    older = session_at(in_(days=-20), replay_url="https://video.example.test/replay/older")
    newer = session_at(in_(days=-6))
    session_at(in_(days=2))
    response = api.get(SESSIONS, {"past": "1"})
    assert ids(response) == [newer.pk, older.pk]
    results = response.json()["results"]
    assert [(item["is_over"], item["replay_url"]) for item in results] == [
        (True, None),
        (True, "https://video.example.test/replay/older"),
    ]


def test_session_filters_by_track_series_dates_format_and_price(api, tracks):
    energy, materials = tracks[6], tracks[0]
    series = RoadshowSeriesFactory(track=materials, slug="materials-weekly")
    by_track = session_at(in_(days=2), track=energy, format="online")
    via_series = session_at(in_(days=4), series=series, format="venue", price_cny=99)
    hybrid = session_at(in_(days=30), format="both")

    assert ids(api.get(SESSIONS, {"track": energy.slug})) == [by_track.pk]
    assert ids(api.get(SESSIONS, {"track": materials.slug})) == [via_series.pk]
    assert ids(api.get(SESSIONS, {"series": "materials-weekly"})) == [via_series.pk]
    assert ids(api.get(SESSIONS, {"series": str(series.pk)})) == [via_series.pk]
    assert ids(api.get(SESSIONS, {"session_format": "online"})) == [by_track.pk, hybrid.pk]
    assert ids(api.get(SESSIONS, {"session_format": "venue"})) == [via_series.pk, hybrid.pk]
    assert ids(api.get(SESSIONS, {"session_format": "both"})) == [hybrid.pk]
    assert ids(api.get(SESSIONS, {"price": "paid"})) == [via_series.pk]
    assert ids(api.get(SESSIONS, {"price": "free"})) == [by_track.pk, hybrid.pk]
    local = timezone.localtime
    assert ids(
        api.get(
            SESSIONS,
            {"from": local(via_series.starts_at).date(), "to": local(hybrid.starts_at).date()},
        )
    ) == [via_series.pk, hybrid.pk]
    assert ids(api.get(SESSIONS, {"to": local(by_track.starts_at).date()})) == [by_track.pk]


def test_bad_filter_values_answer_400_with_the_field_named(api):
    session_at(in_(days=2))
    assert api.get(SESSIONS, {"session_format": "hologram"}).status_code == 400
    assert "session_format" in api.get(SESSIONS, {"session_format": "hologram"}).json()
    assert "from" in api.get(SESSIONS, {"from": "next thursday"}).json()
    response = api.get(SESSIONS, {"past": "maybe"})
    assert response.status_code == 400
    assert response.json() == {"past": ["必须是有效的布尔值。"]}


def test_session_list_queries_do_not_grow_with_sessions_and_pitches(
    api, scheduled_pitch, django_assert_max_num_queries
):
    organisation = scheduled_pitch.technology.organisation
    for days in range(2, 8):
        extra = session_at(in_(days=days))
        for _ in range(3):
            PitchFactory(
                technology=TechnologyFactory(organisation=organisation),
                applicant=scheduled_pitch.applicant,
                status="accepted",
                session=extra,
            )
    with django_assert_max_num_queries(6):
        response = api.get(SESSIONS)
    assert len(response.json()["results"]) == 7
    assert sum(len(item["agenda"]) for item in response.json()["results"]) == 19


def test_series_list_and_detail_by_id_or_slug_never_show_the_stream_link(api, tracks):
    series = RoadshowSeriesFactory(track=tracks[6], slug="energy-weekly", is_active=True)
    RoadshowSeriesFactory(slug="retired", is_active=False)
    first = session_at(in_(days=3), series=series)
    second = session_at(in_(days=10), series=series)
    session_at(in_(days=-7), series=series)

    listing = api.get("/api/v1/roadshow/series/")
    assert [item["slug"] for item in listing.json()["results"]] == ["energy-weekly"]
    item = listing.json()["results"][0]
    assert item["next_session_at"] == timezone.localtime(first.starts_at).isoformat()
    assert item["track"]["slug"] == tracks[6].slug
    assert item["ics_url"] == "http://testserver/calendar/roadshow/series/energy-weekly.ics"

    by_slug = api.get("/api/v1/roadshow/series/energy-weekly/")
    by_id = api.get(f"/api/v1/roadshow/series/{series.pk}/")
    assert by_slug.json() == by_id.json()
    assert [s["id"] for s in by_slug.json()["upcoming_sessions"]] == [first.pk, second.pk]
    assert STREAM not in by_slug.content.decode() + listing.content.decode()
    missing = api.get("/api/v1/roadshow/series/no-such-series/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "没有此编号或标识的路演系列。"}


def test_session_detail_has_the_agenda_in_slot_order(api, scheduled_pitch):
    session = scheduled_pitch.session
    first = PitchFactory(
        technology=TechnologyFactory(organisation=scheduled_pitch.technology.organisation),
        applicant=scheduled_pitch.applicant,
        status="accepted",
        session=session,
        slot_order=0,
    )
    PitchFactory(applicant=scheduled_pitch.applicant, status="declined", session=session)
    body = api.get(f"{SESSIONS}{session.pk}/").json()
    assert [(item["id"], item["slot_order"]) for item in body["agenda"]] == [
        (first.pk, 0),
        (scheduled_pitch.pk, 1),
    ]
    assert body["agenda"][1]["technology"]["api_url"] == (
        f"http://testserver/api/v1/technologies/{scheduled_pitch.technology.ref}/"
    )
    assert (body["join_url"], body["my_registration"], body["is_paid"]) == (None, None, False)
    assert api.get(f"{SESSIONS}999999/").status_code == 404


# --- The join link ------------------------------------------------------------------------------


def test_join_link_only_for_a_confirmed_registrant_from_when_the_page_shows_it(api):
    session = session_at(in_(days=2), capacity=1, join_opens_minutes=15)
    confirmed, waitlisted, stranger = (user_with_role(Role.INVESTOR) for _ in range(3))
    services.register(session=session, user=confirmed)
    assert services.register(session=session, user=waitlisted).status == "waitlisted"
    url = f"{SESSIONS}{session.pk}/"

    # Registered but not yet due.
    early = as_user(confirmed).get(url).json()
    assert early["join_url"] is None
    assert early["my_registration"]["status"] == "confirmed"
    assert (
        early["join_opens_at"] == timezone.localtime(session.starts_at - dt.timedelta(minutes=15)).isoformat()
    )

    # Due: ten minutes before the start.
    session.starts_at, session.ends_at = in_(minutes=10), in_(minutes=130)
    session.save()
    join_url = as_user(confirmed).get(url).json()["join_url"]
    registration = session.registrations.get(user=confirmed)
    assert join_url == f"http://testserver{services.personal_join_path(registration=registration)}"
    assert STREAM not in as_user(confirmed).get(url).content.decode()  # only the personal link
    assert as_user(waitlisted).get(url).json()["join_url"] is None
    assert as_user(waitlisted).get(url).json()["my_registration"]["status"] == "waitlisted"
    assert as_user(stranger).get(url).json()["join_url"] is None
    assert api.get(url).json()["join_url"] is None
    for client in (api, as_user(stranger), as_user(waitlisted)):
        assert STREAM not in client.get(url).content.decode()
    # The page agrees with the API for the same person at the same moment.
    assert services.can_join(session=session, user=confirmed) is True

    # Over: no join link, the replay instead.
    session.starts_at, session.ends_at = in_(hours=-3), in_(hours=-1)
    session.replay_url = "https://video.example.test/replay/9"
    session.save()
    over = as_user(confirmed).get(url).json()
    assert (over["join_url"], over["replay_url"], over["is_over"]) == (
        None,
        "https://video.example.test/replay/9",
        True,
    )


# --- Registration and cancellation ----------------------------------------------------------------


@pytest.mark.smoke
def test_register_via_api_gives_the_same_state_as_the_page_service_and_full_means_waitlist():
    api_session = session_at(in_(days=3), capacity=1)
    page_session = session_at(in_(days=3), capacity=1)
    first, second = user_with_role(Role.INVESTOR), user_with_role(Role.INVESTOR)
    url = f"{SESSIONS}{api_session.pk}/registrations/"

    created = as_user(first).post(url)
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["status_label"], body["checkout_url"], body["session"]["id"]) == (
        "confirmed",
        "已确认",
        None,
        api_session.pk,
    )
    full = as_user(second).post(url)
    assert full.status_code == 201
    assert full.json()["status"] == "waitlisted"
    again = as_user(first).post(url)
    assert (again.status_code, again.json()["id"]) == (200, body["id"])

    services.register(session=page_session, user=first)
    services.register(session=page_session, user=second)
    fields = ("user_id", "status", "amount_cny", "hold_expires_at", "stripe_checkout_session_id")

    def state(session):
        return sorted((r[0], *r[1:]) for r in session.registrations.values_list(*fields))

    assert state(api_session) == state(page_session)
    assert Registration.objects.get(session=api_session, user=first).confirmed_at is not None


def test_cancel_via_api_frees_the_seat_for_the_next_in_line_like_the_page():
    session = session_at(in_(days=3), capacity=1)
    first, second, third = (user_with_role(Role.INVESTOR) for _ in range(3))
    for person in (first, second, third):
        services.register(session=session, user=person)
    url = f"{SESSIONS}{session.pk}/registrations/"

    assert as_user(first).get(url).json()["status"] == "confirmed"
    response = as_user(first).delete(url)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancelled_at"] is not None
    assert dict(session.registrations.values_list("user_id", "status")) == {
        first.pk: "cancelled",
        second.pk: "confirmed",
        third.pk: "waitlisted",
    }
    gone = as_user(first).delete(url)
    assert gone.status_code == 404
    assert gone.json() == {"detail": "您尚未报名本场路演。"}
    assert as_user(first).get(url).status_code == 404


def test_my_registrations_lists_only_my_own_next_session_first(investor):
    later, sooner = session_at(in_(days=9)), session_at(in_(days=2))
    services.register(session=later, user=investor)
    services.register(session=sooner, user=investor)
    services.register(session=sooner, user=user_with_role(Role.INVESTOR))
    cancelled = session_at(in_(days=5))
    services.cancel_registration(
        registration=services.register(session=cancelled, user=investor), user=investor
    )
    client = as_user(investor)
    all_mine = client.get("/api/v1/roadshow/my-registrations/").json()["results"]
    assert [item["session"]["id"] for item in all_mine] == [later.pk, cancelled.pk, sooner.pk]
    active = client.get("/api/v1/roadshow/my-registrations/", {"active": "1"}).json()["results"]
    assert [(item["session"]["id"], item["status"]) for item in active] == [
        (later.pk, "confirmed"),
        (sooner.pk, "confirmed"),
    ]


def test_registration_refusals_answer_400_with_the_reason_and_change_nothing(investor, editor):
    client = as_user(investor)
    past = session_at(in_(days=-2))
    response = client.post(f"{SESSIONS}{past.pk}/registrations/")
    assert response.status_code == 400
    assert response.json() == {"detail": ["本场已结束。"]}

    cancelled = session_at(in_(days=2))
    services.cancel_session(session=cancelled, reason="讲者生病", by=editor)
    response = client.post(f"{SESSIONS}{cancelled.pk}/registrations/")
    assert response.json() == {"detail": ["本场已取消。"]}

    assert client.post(f"{SESSIONS}999999/registrations/").status_code == 404
    assert not Registration.objects.exists()


def test_cancelling_after_the_session_is_refused(investor):
    session = session_at(in_(days=2))
    registration = services.register(session=session, user=investor)
    session.starts_at, session.ends_at = in_(hours=-3), in_(hours=-1)
    session.save()
    response = as_user(investor).delete(f"{SESSIONS}{session.pk}/registrations/")
    assert (response.status_code, response.json()) == (400, {"detail": ["本场已结束。"]})
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_paid_session_without_payment_configured_answers_409_and_saves_nothing(settings, investor):
    settings.STRIPE_SECRET_KEY = ""
    session = session_at(in_(days=2), price_cny=199)
    response = as_user(investor).post(f"{SESSIONS}{session.pk}/registrations/")
    assert response.status_code == 409
    assert response.json() == {"detail": "本站尚未配置在线支付，付费场次暂不能报名。"}
    assert not Registration.objects.exists()


def test_anonymous_writes_are_refused_and_change_nothing(api, scheduled_pitch):
    session = scheduled_pitch.session
    for method, url, data in (
        ("post", f"{SESSIONS}{session.pk}/registrations/", None),
        ("delete", f"{SESSIONS}{session.pk}/registrations/", None),
        ("get", f"{SESSIONS}{session.pk}/registrations/", None),
        ("post", f"{SESSIONS}{session.pk}/interest/", {"pitch": scheduled_pitch.pk}),
        ("get", "/api/v1/roadshow/my-registrations/", None),
    ):
        response = getattr(api, method)(url, data, format="json")
        assert response.status_code in (401, 403), (method, url)
        assert response.json() == {"detail": "身份认证信息未提供。"}
    assert not Registration.objects.exists()
    assert not InvestorInterest.objects.exists()


def test_writes_are_throttled_per_person(monkeypatch, investor):
    monkeypatch.setattr(RoadshowWriteThrottle, "THROTTLE_RATES", {"roadshow": "2/minute"})
    session = session_at(in_(days=2))
    client = as_user(investor)
    url = f"{SESSIONS}{session.pk}/registrations/"
    assert [client.post(url).status_code for _ in range(3)] == [201, 200, 429]
    # Reading is not a write.
    assert client.get(url).status_code == 200


# --- Interest -------------------------------------------------------------------------------------


def _started(session):
    session.starts_at, session.ends_at = in_(minutes=-5), in_(minutes=115)
    session.save()
    return session


def test_interest_via_api_is_recorded_once_and_turns_into_the_same_match_request_as_the_page(
    scheduled_pitch, investor
):
    session = _started(scheduled_pitch.session)
    client = as_user(investor)
    url = f"{SESSIONS}{session.pk}/interest/"
    message = "我们关注储能赛道，希望进一步了解量产计划。"
    created = client.post(url, {"pitch": scheduled_pitch.pk, "message": message}, format="json")
    assert created.status_code == 201
    assert created.json()["match_request"] is None  # interest alone opens no request
    assert created.json()["technology"]["ref"] == scheduled_pitch.technology.ref
    assert not MatchRequest.objects.exists()
    interest = InvestorInterest.objects.get()
    assert (interest.pitch_id, interest.investor_id, interest.message) == (
        scheduled_pitch.pk,
        investor.pk,
        message,
    )
    again = client.post(url, {"pitch": scheduled_pitch.pk}, format="json")
    assert (again.status_code, again.json()["id"]) == (200, interest.pk)
    # One call turns it into a match request, prefilled from the interest and the pitch.
    opened = client.post(f"/api/v1/roadshow/interests/{interest.pk}/match-request/", {}, format="json")
    assert opened.status_code == 201
    match_request = MatchRequest.objects.get()
    assert opened.json()["id"] == match_request.pk
    assert (match_request.source, match_request.technology_id, match_request.requester_id) == (
        "roadshow",
        scheduled_pitch.technology_id,
        investor.pk,
    )
    assert (match_request.message, match_request.cooperation_mode) == (message, "equity")
    repeat = client.post(f"/api/v1/roadshow/interests/{interest.pk}/match-request/", {}, format="json")
    assert (repeat.status_code, repeat.json()["id"]) == (200, match_request.pk)
    assert (InvestorInterest.objects.count(), MatchRequest.objects.count()) == (1, 1)
    detail = client.get(f"{SESSIONS}{session.pk}/").json()
    assert (detail["interest_open"], detail["my_interest_pitch_ids"]) == (True, [scheduled_pitch.pk])


def test_interest_refusals_answer_400_with_the_reason_and_change_nothing(
    scheduled_pitch, investor, researcher
):
    session = scheduled_pitch.session
    url = f"{SESSIONS}{session.pk}/interest/"
    client = as_user(investor)

    _started(session)
    other_session = session_at(in_(days=4))
    elsewhere = PitchFactory(applicant=researcher, status="accepted", session=other_session)
    wrong = client.post(url, {"pitch": elsewhere.pk}, format="json")
    assert wrong.json() == {"pitch": ["该路演项目不在本场议程中。"]}
    assert client.post(url, {}, format="json").json() == {"pitch": ["必需字段"]}
    assert client.post(url, {"pitch": "abc"}, format="json").status_code == 400
    own = as_user(researcher).post(url, {"pitch": scheduled_pitch.pk}, format="json")
    assert (own.status_code, own.json()) == (
        400,
        {"detail": ["该技术属于您自己的机构。"]},
    )
    assert client.post(f"{SESSIONS}999999/interest/", {"pitch": 1}, format="json").status_code == 404
    assert not InvestorInterest.objects.exists()


# --- Schema ---------------------------------------------------------------------------------------


def test_schema_documents_the_roadshow_endpoints(api):
    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/v1/roadshow/series/",
        "/api/v1/roadshow/series/{id_or_slug}/",
        "/api/v1/roadshow/sessions/",
        "/api/v1/roadshow/sessions/{id}/",
        "/api/v1/roadshow/sessions/{id}/registrations/",
        "/api/v1/roadshow/sessions/{id}/interest/",
        "/api/v1/roadshow/my-registrations/",
    } <= set(paths)
    params = {p["name"] for p in paths["/api/v1/roadshow/sessions/"]["get"]["parameters"]}
    assert {"track", "series", "from", "to", "session_format", "price", "past"} <= params
    assert set(paths["/api/v1/roadshow/sessions/{id}/registrations/"]) == {"get", "post", "delete"}
    assert "409" in paths["/api/v1/roadshow/sessions/{id}/registrations/"]["post"]["responses"]
    detail = response.json()["components"]["schemas"]["SessionDetail"]["properties"]
    assert detail["join_url"]["nullable"] is True


# --- Paid passes against stripe-mock -------------------------------------------------------------

WEBHOOK_SECRET = "whsec_roadshow_api_test"


@pytest.fixture
def stripe_mock(settings):
    base = os.environ.get("STRIPE_API_BASE") or "http://127.0.0.1:12111"
    url = urlparse(base)
    try:
        socket.create_connection((url.hostname, url.port), timeout=2).close()
    except OSError:
        pytest.fail(f"stripe-mock is not running at {base}: bash scripts/services.sh start stripe")
    settings.STRIPE_API_BASE = base
    settings.STRIPE_SECRET_KEY = "sk_test_roadshow"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


def _signed_completion(client, registration, payment_intent):
    payload = json.dumps(
        {
            "id": f"evt_api_{registration.pk}",
            "object": "event",
            "type": "checkout.session.completed",
            "created": int(time.time()),
            "data": {
                "object": {
                    "id": registration.stripe_checkout_session_id,
                    "object": "checkout.session",
                    "client_reference_id": str(registration.pk),
                    "payment_status": "paid",
                    "payment_intent": payment_intent,
                    "amount_total": int(registration.amount_cny * 100),
                    "currency": "cny",
                }
            },
        }
    )
    header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)
    return client.post(
        reverse("roadshow_stripe_webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


@pytest.mark.stripe
def test_paid_registration_answers_the_checkout_url_and_cancelling_in_time_refunds(stripe_mock, investor):
    session = session_at(in_(days=3), price_cny=199, refund_window_hours=24)
    client = as_user(investor)
    url = f"{SESSIONS}{session.pk}/registrations/"
    response = client.post(url)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending_payment"
    assert body["checkout_url"].startswith("https://checkout.stripe.com/")
    assert body["amount_cny"] == "199.00"
    registration = Registration.objects.get()
    assert registration.stripe_checkout_session_id.startswith("cs_")

    # Only the verified webhook confirms; then cancelling before the deadline refunds through Stripe.
    assert as_user(investor).get(url).json()["status"] == "pending_payment"
    assert _signed_completion(APIClient(), registration, "pi_api_cancel").status_code == 200
    assert client.get(url).json()["status"] == "confirmed"
    cancelled = client.delete(url)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "refunded"
    registration.refresh_from_db()
    assert registration.stripe_refund_id.startswith("re_")
