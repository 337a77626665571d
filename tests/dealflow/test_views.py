import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from core.models import AuditEntry
from dealflow import services
from dealflow.models import Challenge, MatchRequest, Proposal, ThreadFile, ThreadMessage
from tests.factories import user_with_role
from tests.factories.dealflow import ChallengeFactory, ProposalFactory, match_request
from tests.factories.listings import TechnologyFactory


def errors_of(response):
    return response.content.decode()


@pytest.mark.smoke
def test_request_form_bad_input_shows_errors_and_saves_nothing(client, technology, enterprise_user):
    client.force_login(enterprise_user)
    url = f"/en/deals/ask/technology/{technology.ref}/"
    response = client.post(url, {"message": "", "cooperation_mode": "bribe"})
    assert response.status_code == 400
    page = errors_of(response)
    assert "Confirm that the first exchange is non-confidential." in page
    assert response.context["form"].errors.keys() == {"message", "cooperation_mode", "non_confidential"}
    response = client.post(url, {"message": "太短", "cooperation_mode": "license", "non_confidential": "on"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Write a message of at least 10 characters saying what you are looking for."
    ]
    bad_file = SimpleUploadedFile("spec.pdf", b"MZ not really a pdf")
    response = client.post(
        url,
        {
            "message": "希望了解许可条件与价格区间。",
            "cooperation_mode": "license",
            "non_confidential": "on",
            "attachment": bad_file,
        },
    )
    assert response.status_code == 400
    assert not MatchRequest.objects.exists() and not ThreadFile.objects.exists()


def test_every_thread_form_rejects_bad_input_and_saves_nothing(
    client, technology, enterprise_user, researcher
):
    mr = match_request(requester=enterprise_user, listing=technology, accept=True)
    client.force_login(researcher)
    base = f"/deals/requests/{mr.pk}/"
    cases = [
        ("messages/", {"body": "   "}, "message_form"),
        ("files/", {}, "file_form"),
        ("nda/", {"file": SimpleUploadedFile("nda.pdf", b"plain text")}, "nda_form"),
        (
            "registration/",
            {"contract_type": "gift", "amount_cny": "-5", "signed_on": "not a date"},
            "registration_form",
        ),
        ("outcome/", {"outcome": "maybe"}, "outcome_form"),
        ("evaluate/", {"counterpart_rating": "9"}, "evaluation_form"),
    ]
    for path, data, form_name in cases:
        response = client.post(base + path, data)
        assert response.status_code == 400, path
        assert response.context[form_name].errors, path
    mr.refresh_from_db()
    assert (mr.stage, mr.registration_number, bool(mr.nda_document)) == ("introduced", "", False)
    assert not ThreadMessage.objects.exists() and not ThreadFile.objects.exists()


def test_decline_form_needs_reason_and_other_needs_text(client, technology, enterprise_user, researcher):
    mr = match_request(requester=enterprise_user, listing=technology)
    client.force_login(researcher)
    response = client.post(f"/deals/requests/{mr.pk}/decline/", {"reason": "other", "detail": ""})
    assert response.status_code == 400
    assert response.context["decline_form"].errors["detail"]
    response = client.post(f"/deals/requests/{mr.pk}/decline/", {})
    assert response.context["decline_form"].errors["reason"]
    mr.refresh_from_db()
    assert mr.status == "pending"


def test_message_rate_limit_answers_429(client, technology, enterprise_user, researcher, settings):
    settings.DEALFLOW_MESSAGES_PER_MINUTE = 2
    mr = match_request(requester=enterprise_user, listing=technology, accept=True)
    client.force_login(enterprise_user)
    for _ in range(2):
        assert client.post(f"/deals/requests/{mr.pk}/messages/", {"body": "你好"}).status_code == 302
    response = client.post(f"/en/deals/requests/{mr.pk}/messages/", {"body": "再来一条"})
    assert response.status_code == 429
    assert response.context["message_form"].non_field_errors() == [
        "You are sending messages too fast: at most 2 a minute. Wait a moment."
    ]
    assert ThreadMessage.objects.count() == 2


def test_api_message_rate_limit_answers_429(client, technology, enterprise_user, settings):
    settings.DEALFLOW_MESSAGES_PER_MINUTE = 1
    mr = match_request(requester=enterprise_user, listing=technology, accept=True)
    client.force_login(enterprise_user)
    url = f"/api/v1/deals/requests/{mr.pk}/messages/"
    assert client.post(url, {"body": "第一条"}, content_type="application/json").status_code == 201
    assert client.post(url, {"body": "第二条"}, content_type="application/json").status_code == 429


@pytest.mark.parametrize("body", ["null", "[]", '{"action": "reject"}'])
def test_api_answer_refuses_a_malformed_body_with_a_400_and_leaves_the_request_pending(
    client, technology, enterprise_user, researcher, body
):
    mr = match_request(requester=enterprise_user, listing=technology)
    client.force_login(researcher)
    response = client.post(
        f"/api/v1/deals/requests/{mr.pk}/answer/",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert list(response.json()) == (["action"] if "action" in body else ["non_field_errors"])
    mr.refresh_from_db()
    assert mr.status == MatchRequest.Status.PENDING


def test_challenge_forms_reject_bad_input(client, demand, enterprise_user, researcher):
    client.force_login(enterprise_user)
    response = client.post(
        f"/deals/challenges/open/{demand.ref}/", {"brief": "太短", "deadline": "2020-01-01T10:00"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"brief", "deadline"}
    assert not Challenge.objects.exists()
    challenge = ChallengeFactory(demand=demand, created_by=enterprise_user)
    client.force_login(researcher)
    response = client.post(
        f"/deals/challenges/{challenge.pk}/propose/",
        {"summary": "", "timeline_months": "0", "budget_cny": "x"},
    )
    assert response.status_code == 400
    assert {"summary", "approach", "team", "timeline_months", "budget_cny"} <= set(
        response.context["form"].errors
    )
    assert not Proposal.objects.exists()


def test_challenge_staged_review_outcome_to_every_proposer_and_selection_opens_a_request(
    client, demand, enterprise_user, researcher, outsider
):
    challenge = services.open_challenge(
        demand=demand,
        user=enterprise_user,
        brief="请给出零下二十度保持八成容量的技术路线与验证计划。",
        deadline=timezone.now() + datetime.timedelta(days=10),
    )
    other = user_with_role(Role.RESEARCHER, display_name="李教授", preferred_language="en")
    with pytest.raises(Exception, match="Only researchers"):
        services.submit_proposal(
            challenge=challenge,
            proposer=outsider,
            summary="x",
            approach="x",
            team="x",
            timeline_months=6,
            budget_cny=1,
        )
    winner = services.submit_proposal(
        challenge=challenge,
        proposer=researcher,
        summary="高熵正极方案",
        approach="掺杂改性",
        team="十二人",
        timeline_months=18,
        budget_cny=2_000_000,
    )
    loser = ProposalFactory(challenge=challenge, proposer=other)
    client.force_login(enterprise_user)
    assert client.post(f"/deals/proposals/{winner.pk}/score/", {"score": "5"}).status_code == 302
    assert (
        client.post(f"/deals/proposals/{winner.pk}/comment/", {"body": "路线清晰，团队可靠"}).status_code
        == 302
    )
    assert client.post(f"/deals/proposals/{winner.pk}/decide/", {"action": "advance"}).status_code == 302
    assert (
        client.post(f"/deals/proposals/{winner.pk}/decide/", {"action": "select", "reason": ""}).status_code
        == 400
    )
    assert (
        client.post(
            f"/deals/proposals/{winner.pk}/decide/", {"action": "select", "reason": "成本与周期最优。"}
        ).status_code
        == 302
    )
    assert (
        client.post(f"/deals/challenges/{challenge.pk}/close/", {"reason": "已选定其他方案。"}).status_code
        == 302
    )
    winner.refresh_from_db()
    loser.refresh_from_db()
    assert winner.stage == "selected" and winner.match_request.status == "accepted"
    assert (
        winner.match_request.source == "challenge" and winner.match_request.side_of(researcher) == "requester"
    )
    assert (loser.stage, loser.outcome_reason) == ("rejected", "已选定其他方案。")
    assert researcher.notifications.filter(
        kind="challenge.outcome", body__contains="成本与周期最优。"
    ).exists()
    assert other.notifications.filter(kind="challenge.outcome", body="Reason: 已选定其他方案。").exists()
    # The proposer never sees the team's internal comments.
    client.force_login(researcher)
    page = client.get(f"/deals/proposals/{winner.pk}/").content.decode()
    assert "成本与周期最优。" in page and "路线清晰，团队可靠" not in page
    assert AuditEntry.objects.filter(action="selected", object_id=winner.pk).exists()


def test_inbox_and_dashboard_do_not_grow_queries_with_rows(
    client, technology, enterprise_user, researcher, university, django_assert_max_num_queries
):
    for i in range(6):
        listing = TechnologyFactory(published=True, organisation=university, title=f"成果{i}")
        match_request(requester=enterprise_user, listing=listing)
    client.force_login(researcher)
    with django_assert_max_num_queries(20):
        assert client.get("/deals/").status_code == 200
    with django_assert_max_num_queries(24):
        response = client.get(f"/deals/organisations/{university.slug}/dashboard/")
    assert response.context["requests_received"] == 6
    assert len(response.context["per_listing"]) == 7


def test_dashboard_shows_decline_reasons_and_introduction_rate(
    client, technology, enterprise_user, researcher, outsider, university
):
    accepted = match_request(requester=enterprise_user, listing=technology, accept=True)
    declined = match_request(requester=outsider, listing=technology)
    services.decline_match_request(match_request=declined, user=researcher, reason="too_early")
    client.force_login(researcher)
    response = client.get(f"/en/deals/organisations/{university.slug}/dashboard/")
    row = next(r for r in response.context["per_listing"] if r["listing"] == technology)
    assert (row["requests"], row["accepted"], row["introduction_rate"]) == (2, 1, 0.5)
    assert [(str(d["reason"]), d["count"]) for d in response.context["declines"]] == [("Too early", 1)]
    assert accepted.status == "accepted"


def test_editor_assigns_broker_in_admin_and_exports_deals(
    client, technology, enterprise_user, researcher, broker, editor
):
    mr = match_request(requester=enterprise_user, listing=technology, accept=True)
    client.force_login(editor)
    response = client.post(f"/admin/deals/requests/edit/{mr.pk}/", {"broker": broker.pk})
    assert response.status_code == 302
    mr.refresh_from_db()
    assert mr.broker == broker
    assert AuditEntry.objects.filter(object_id=mr.pk, action="broker_assigned", actor=editor).exists()
    services.move_stage(match_request=mr, user=broker, stage="negotiating")
    services.move_stage(match_request=mr, user=broker, stage="agreement")
    services.record_registration(
        match_request=mr,
        user=broker,
        contract_type="license",
        amount_cny="880000",
        signed_on=timezone.localdate(),
        registration_number="1201160000123",
    )
    csv = client.get("/admin/deals/deals/?export=csv")
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "1201160000123" in text and "880000" in text and technology.ref in text
    xlsx = client.get("/admin/deals/deals/?export=xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")


def test_a_withdrawn_demands_challenge_leaves_the_public_and_takes_no_proposals(
    client, demand, enterprise_user, researcher
):
    from listings.services import withdraw_listing  # noqa: PLC0415 — only this test takes a demand down

    challenge = ChallengeFactory(demand=demand, created_by=enterprise_user)
    withdraw_listing(listing=demand, user=enterprise_user)
    listed = client.get("/en/deals/challenges/")
    assert "储能电站低温电池需求" not in listed.content.decode()
    assert client.get("/api/v1/deals/challenges/").json()["results"] == []
    assert client.get(f"/en/deals/challenges/{challenge.pk}/").status_code == 404
    client.force_login(researcher)
    response = client.post(
        f"/en/deals/challenges/{challenge.pk}/propose/",
        {
            "summary": "采用高熵层状氧化物正极。",
            "approach": "正极掺杂改性结合低凝固点电解液配方。",
            "team": "课题组十二人。",
            "timeline_months": "18",
            "budget_cny": "2500000",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["This challenge no longer takes proposals."]
    assert not Proposal.objects.exists()
    client.force_login(enterprise_user)  # the demand's own team still reaches its challenge
    assert client.get(f"/en/deals/challenges/{challenge.pk}/").status_code == 200
