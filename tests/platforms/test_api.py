"""The API under /api/v1/platforms/ runs the same services as the pages."""

import datetime

from django.utils import timezone
from rest_framework.test import APIClient

from platforms.models import SlotRequest
from tests.factories.platforms import VerificationCentreFactory, ask

TODAY = timezone.localdate()


def test_centres_are_public_and_filter_by_stage_and_track(centre, tracks):
    VerificationCentreFactory(
        slug="bio", covers_research=True, covers_pilot=False, covers_scenario=False, tracks=[tracks[0]]
    )
    client = APIClient()
    rows = client.get("/api/v1/platforms/centres/").json()["results"]
    assert {row["slug"] for row in rows} == {"bio", "energy-pilot"}
    rows = client.get("/api/v1/platforms/centres/", {"stage": "scenario"}).json()["results"]
    assert [(r["slug"], r["stages"], r["tracks"]) for r in rows] == [
        ("energy-pilot", ["pilot", "scenario"], ["advanced-energy", "new-materials"])
    ]
    assert [
        r["slug"]
        for r in client.get("/api/v1/platforms/centres/", {"track": "bio-manufacturing"}).json()["results"]
    ] == ["bio"]
    response = client.get("/api/v1/platforms/centres/", {"stage": "moon"})
    assert response.status_code == 400 and "stage" in response.json()
    detail = client.get("/api/v1/platforms/centres/energy-pilot/").json()
    assert detail["responsiveness"] == {
        "counted": 0,
        "answered": 0,
        "answered_in_time": 0,
        "share_in_time": None,
        "median_hours": None,
    }
    assert detail["lead_time_days"] == 21


def test_owner_asks_and_the_centre_answers_through_the_api(
    technology, centre, researcher, operator, outsider
):
    owner, centre_side = APIClient(HTTP_ACCEPT_LANGUAGE="en"), APIClient()
    owner.force_authenticate(researcher)
    centre_side.force_authenticate(operator)
    payload = {
        "technology_ref": technology.ref,
        "centre": centre.slug,
        "stage": "pilot",
        "what_to_test": "Capacity retention at -20 °C after scale-up to 100 kg.",
        "sample": "5 kg of lab sample.",
        "earliest_start": (TODAY + datetime.timedelta(days=3)).isoformat(),
        "latest_end": (TODAY + datetime.timedelta(days=40)).isoformat(),
        "budget_cny": "50000.00",
    }
    bad = owner.post(
        "/api/v1/platforms/requests/", {**payload, "latest_end": TODAY.isoformat()}, format="json"
    )
    assert bad.status_code == 400 and bad.json() == {
        "latest_end": ["The end date must not be before the earliest start."]
    }
    intruder = APIClient()
    intruder.force_authenticate(outsider)
    assert intruder.post("/api/v1/platforms/requests/", payload, format="json").status_code == 403
    assert not SlotRequest.objects.exists()

    created = owner.post("/api/v1/platforms/requests/", payload, format="json")
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["trl_at_request"], body["ip_status_at_request"], body["technology_ref"]) == (
        "pending",
        6,
        "granted",
        technology.ref,
    )
    pk = body["id"]
    assert (
        owner.post(
            f"/api/v1/platforms/requests/{pk}/answer/", {"action": "accept"}, format="json"
        ).status_code
        == 403
    )
    questions = centre_side.post(
        f"/api/v1/platforms/requests/{pk}/answer/",
        {"action": "questions", "question": "Is the sample air-stable?"},
        format="json",
    )
    assert questions.status_code == 200 and questions.json()["status"] == "needs_info"
    reply = owner.post(
        f"/api/v1/platforms/requests/{pk}/messages/", {"body": "Keep it under argon."}, format="json"
    )
    assert reply.status_code == 201
    thread = centre_side.get(f"/api/v1/platforms/requests/{pk}/messages/").json()["results"]
    assert [m["body"] for m in thread] == ["Is the sample air-stable?", "Keep it under argon."]
    wrong = centre_side.post(
        f"/api/v1/platforms/requests/{pk}/answer/", {"action": "accept", "price_cny": "10"}, format="json"
    )
    assert wrong.status_code == 400 and "start_date" in wrong.json()
    accepted = centre_side.post(
        f"/api/v1/platforms/requests/{pk}/answer/",
        {
            "action": "accept",
            "start_date": (TODAY + datetime.timedelta(days=5)).isoformat(),
            "price_cny": "45000",
        },
        format="json",
    )
    assert (accepted.json()["status"], accepted.json()["price_cny"]) == ("accepted", "45000.00")
    assert intruder.get(f"/api/v1/platforms/requests/{pk}/").status_code == 404


def test_declining_with_other_and_no_explanation_is_refused_alike_on_the_page_and_the_api(
    client, technology, centre, researcher, operator
):
    slot_request = ask(requester=researcher, technology=technology, centre=centre)
    message = "选择“其他”时请说明原因。"
    client.force_login(operator)
    page = client.post(f"/platforms/requests/{slot_request.pk}/decline/", {"reason": "other", "detail": ""})
    assert page.status_code == 400 and message in page.content.decode()
    api = APIClient()
    api.force_authenticate(operator)
    answer = api.post(
        f"/api/v1/platforms/requests/{slot_request.pk}/answer/",
        {"action": "decline", "reason": "other", "detail": ""},
        format="json",
    )
    assert answer.status_code == 400 and answer.json() == {"detail": [message]}
    slot_request.refresh_from_db()
    assert (slot_request.status, slot_request.responded_at) == ("pending", None)
