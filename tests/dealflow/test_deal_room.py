"""The deal room: where the deal stands, only the actions that apply now, the NDA rule, clear refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from dealflow import queries, services
from dealflow.models import MatchRequest
from tests.factories.dealflow import match_request
from tests.factories.listings import TechnologyFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="nda.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def accepted(technology, enterprise_user):
    return match_request(requester=enterprise_user, listing=technology, accept=True)


def _states(mr, side):
    mr.refresh_from_db()
    return {step["key"]: step["state"] for step in queries.deal_steps(mr, side=side)}


def _nda_in_force(mr, researcher, enterprise_user):
    services.attach_nda(match_request=mr, user=researcher, upload=pdf())
    services.acknowledge_nda(match_request=mr, user=researcher)
    services.acknowledge_nda(match_request=mr, user=enterprise_user)
    mr.refresh_from_db()


def test_stepper_follows_the_deal_from_request_to_evaluation(technology, enterprise_user, researcher):
    mr = match_request(requester=enterprise_user, listing=technology)
    assert _states(mr, "requester") == {
        "request": "current", "nda": "todo", "talks": "todo",
        "registration": "todo", "outcome": "todo", "evaluation": "todo",
    }  # fmt: skip
    mr = services.accept_match_request(match_request=mr, user=researcher)
    assert _states(mr, "owner")["request"] == "done"
    assert _states(mr, "owner")["nda"] == "current"
    _nda_in_force(mr, researcher, enterprise_user)
    assert _states(mr, "owner")["talks"] == "current"
    services.move_stage(match_request=mr, user=researcher, stage="negotiating")
    services.move_stage(match_request=mr, user=researcher, stage="agreement")
    assert _states(mr, "owner")["registration"] == "current"
    services.record_registration(
        match_request=mr, user=researcher, contract_type="license", amount_cny=1_500_000,
        signed_on=datetime.date(2026, 10, 1), registration_number="12011620260001",
    )  # fmt: skip
    assert _states(mr, "owner")["outcome"] == "current"
    services.confirm_outcome(match_request=mr, user=researcher, outcome="deal")
    services.confirm_outcome(match_request=mr, user=enterprise_user, outcome="deal")
    assert _states(mr, "owner")["evaluation"] == "current"
    services.evaluate(match_request=mr, user=researcher, counterpart_rating=5, service_rating=4)
    assert set(_states(mr, "owner").values()) == {"done"}
    assert _states(mr, "requester")["evaluation"] == "current"


def test_talks_without_nda_skip_it_and_a_declined_request_ends(
    technology, enterprise_user, researcher, accepted, university
):
    services.move_stage(match_request=accepted, user=researcher, stage="negotiating")
    assert _states(accepted, "owner")["nda"] == "skipped"
    assert _states(accepted, "owner")["talks"] == "current"
    second = TechnologyFactory(published=True, organisation=university, title="固态电解质")
    other = match_request(requester=enterprise_user, listing=second, message="第二个请求：希望了解独占许可。")
    services.decline_match_request(match_request=other, user=researcher, reason="not_a_fit", detail="")
    assert _states(other, "requester")["request"] == "ended"


def test_nda_cannot_be_replaced_once_both_sides_acknowledged(accepted, researcher, enterprise_user):
    _nda_in_force(accepted, researcher, enterprise_user)
    name = accepted.nda_document.name
    with pytest.raises(ValidationError, match="can no longer be replaced"):
        services.attach_nda(match_request=accepted, user=enterprise_user, upload=pdf("other.pdf"))
    accepted.refresh_from_db()
    assert accepted.nda_document.name == name
    assert accepted.nda_in_force


def test_nda_rule_on_the_page_and_the_api_alike(client, accepted, researcher, enterprise_user):
    _nda_in_force(accepted, researcher, enterprise_user)
    name = accepted.nda_document.name
    client.force_login(enterprise_user)
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert 'data-testid="nda-upload"' not in page
    assert 'data-testid="nda-in-force"' in page
    response = client.post(reverse("dealflow:nda_upload", args=[accepted.pk]), {"file": pdf("page.pdf")})
    assert response.status_code == 400
    assert "can no longer be replaced" in response.content.decode()
    api = client.post(
        reverse("dealflow-api-nda", args=[accepted.pk]),
        {"file": pdf("api.pdf")},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert api.status_code == 400
    assert "can no longer be replaced" in api.content.decode()
    accepted.refresh_from_db()
    assert accepted.nda_document.name == name


def test_api_attaches_an_nda_before_it_is_in_force(client, accepted, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(reverse("dealflow-api-nda", args=[accepted.pk]), {"file": pdf("api.pdf")})
    assert response.status_code == 200
    accepted.refresh_from_db()
    assert accepted.nda_document


def test_owner_sees_accept_and_decline_styled_apart_and_the_requester_neither(
    client, technology, enterprise_user, researcher
):
    mr = match_request(requester=enterprise_user, listing=technology)
    client.force_login(researcher)
    page = client.get(mr.get_absolute_url()).content.decode()
    assert 'class="button accept" data-testid="accept"' in page
    assert 'class="button danger" data-testid="decline"' in page
    assert 'data-testid="deal-stepper"' in page
    client.force_login(enterprise_user)
    page = client.get(mr.get_absolute_url()).content.decode()
    assert 'data-testid="accept"' not in page
    assert 'data-testid="decline"' not in page
    assert 'data-testid="save-registration"' not in page
    assert 'data-testid="confirm-outcome"' not in page


def test_saved_registration_is_read_only_with_an_edit_action_and_formatted(client, accepted, researcher):
    services.move_stage(match_request=accepted, user=researcher, stage="negotiating")
    services.move_stage(match_request=accepted, user=researcher, stage="agreement")
    services.record_registration(
        match_request=accepted, user=researcher, contract_type="license", amount_cny=1_500_000,
        signed_on=datetime.date(2026, 10, 1), registration_number="12011620260001",
    )  # fmt: skip
    client.force_login(researcher)
    with translation.override("zh-hans"):
        chinese_url = accepted.get_absolute_url()
    with translation.override("en"):
        english_url = accepted.get_absolute_url()
    page = client.get(chinese_url).content.decode()
    assert "150万元" in page
    assert "2026年10月1日" in page
    assert 'data-testid="save-registration"' not in page
    assert 'data-testid="edit-registration"' in page
    editing = client.get(chinese_url + "?edit=registration").content.decode()
    assert 'data-testid="save-registration"' in editing
    assert 'value="12011620260001"' in editing
    english = client.get(english_url).content.decode()
    assert "¥1,500,000" in english
    assert "1 October 2026" in english


def test_form_posted_at_the_wrong_stage_says_why_at_the_top(client, accepted, researcher):
    client.force_login(researcher)
    response = client.post(
        reverse("dealflow:registration", args=[accepted.pk]),
        {
            "contract_type": "license",
            "amount_cny": "1000",
            "signed_on": "2026-10-01",
            "registration_number": "X1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="message error"' in page
    assert "未保存任何内容" in page or "Nothing was saved" in page
    assert "Record the registration once the two sides have reached an agreement." in page
    assert MatchRequest.objects.get(pk=accepted.pk).registration_number == ""


def test_standard_nda_template_is_offered_in_both_languages(client, accepted, enterprise_user, settings):
    client.force_login(enterprise_user)
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert 'href="/static/dealflow/standard-nda-zh-en.txt"' in page
    text = (settings.BASE_DIR / "static" / "dealflow" / "standard-nda-zh-en.txt").read_text(encoding="utf-8")
    assert "保密协议" in text
    assert "Non-Disclosure Agreement" in text
