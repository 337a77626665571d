"""Interest at any time (roadshow.interest): one rule for the page and the API, before, during and
after the session; the pitching team sees who is interested; one click makes it a match request."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from dealflow.models import MatchRequest
from notifications.models import Notification
from roadshow import interest
from roadshow.models import InvestorInterest
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

OWN = "该技术属于您自己的机构。"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def in_(**delta):
    return (timezone.now() + dt.timedelta(**delta)).replace(microsecond=0)


def page_messages(response):
    return [str(message) for message in response.context["messages"]]


def move(session, *, start):
    session.starts_at, session.ends_at = start, start + dt.timedelta(hours=2)
    session.save()
    return session


@pytest.mark.parametrize(
    "when",
    [dt.timedelta(days=10), dt.timedelta(minutes=-30), dt.timedelta(days=-3)],
    ids=["before", "during", "after"],
)
def test_interest_is_open_before_during_and_after_the_session_on_page_and_api_alike(
    client, scheduled_pitch, investor, enterprise_user, when
):
    session = move(scheduled_pitch.session, start=in_() + when)
    client.force_login(investor)
    detail = client.get(session.get_absolute_url())
    assert detail.context["interest_open"] is True
    assert 'data-testid="interest-button"' in detail.content.decode()
    page = client.post(
        reverse("roadshow:mark_interest", kwargs={"pk": session.pk, "pitch_pk": scheduled_pitch.pk}),
        follow=True,
    )
    api = api_as(enterprise_user).post(
        f"/api/v1/roadshow/sessions/{session.pk}/interest/", {"pitch": scheduled_pitch.pk}, format="json"
    )
    assert page_messages(page) == [f"您对 {scheduled_pitch.technology.title} 的意向已发送给成果方。"]
    assert api.status_code == 201
    assert sorted(InvestorInterest.objects.values_list("investor_id", flat=True)) == sorted(
        [investor.pk, enterprise_user.pk]
    )


def test_own_organisations_technology_is_refused_alike_on_page_and_api(client, scheduled_pitch, university):
    colleague = user_with_role(Role.INVESTOR, organisation=university, display_name="同事")
    session = scheduled_pitch.session
    client.force_login(colleague)
    detail = client.get(session.get_absolute_url()).content.decode()
    assert 'data-testid="interest-button"' not in detail
    page = client.post(
        reverse("roadshow:mark_interest", kwargs={"pk": session.pk, "pitch_pk": scheduled_pitch.pk}),
        follow=True,
    )
    api = api_as(colleague).post(
        f"/api/v1/roadshow/sessions/{session.pk}/interest/", {"pitch": scheduled_pitch.pk}, format="json"
    )
    assert page_messages(page) == [OWN]
    assert (api.status_code, api.json()) == (400, {"detail": [OWN]})
    assert interest.interest_refusal(pitch=scheduled_pitch, investor=colleague) == OWN
    assert not InvestorInterest.objects.exists()


def test_the_pitching_team_sees_who_is_interested_and_is_told(
    client, scheduled_pitch, investor, researcher, university, django_capture_on_commit_callbacks
):
    teammate = user_with_role(Role.RESEARCHER, organisation=university, display_name="团队成员")
    with django_capture_on_commit_callbacks(execute=True):
        interest.mark_interest(
            pitch=scheduled_pitch, investor=investor, message="希望了解量产计划与融资安排。"
        )
    client.force_login(teammate)
    dashboard = client.get(reverse("roadshow:my_pitches")).content.decode()
    assert "钱投资" in dashboard and "希望了解量产计划与融资安排。" in dashboard
    api = api_as(teammate).get("/api/v1/roadshow/my-pitches/").json()["results"]
    assert [(p["id"], [i["investor"] for i in p["interests"]]) for p in api] == [
        (scheduled_pitch.pk, ["钱投资"])
    ]
    assert api_as(investor).get("/api/v1/roadshow/my-pitches/").json()["results"] == []
    told = Notification.objects.filter(kind="roadshow.interest")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([researcher.pk, teammate.pk])


def test_one_click_opens_the_match_request_form_prefilled_with_the_pitchs_technology(
    client, scheduled_pitch, investor
):
    mine = interest.mark_interest(pitch=scheduled_pitch, investor=investor, message="")
    client.force_login(investor)
    detail = client.get(scheduled_pitch.session.get_absolute_url()).content.decode()
    link = reverse("roadshow:interest_request", kwargs={"pk": mine.pk})
    assert f'href="{link}" data-testid="interest-to-request"' in detail
    form_page = client.get(link)
    initial = form_page.context["form"].initial
    title = scheduled_pitch.technology.title
    assert initial["message"] == f"看过路演后对 {title} 有投资意向，请帮忙对接。"
    assert initial["cooperation_mode"] == "equity"
    assert title in form_page.content.decode()
    sent = client.post(
        link, {"message": initial["message"], "cooperation_mode": "license", "non_confidential": "on"}
    )
    match_request = MatchRequest.objects.get()
    assert sent.url == match_request.get_absolute_url()
    assert (match_request.technology_id, match_request.cooperation_mode, match_request.source) == (
        scheduled_pitch.technology_id,
        "license",
        "roadshow",
    )
    # Once opened, the same click leads to the request.
    assert client.get(link).url == match_request.get_absolute_url()


def test_a_bad_match_request_changes_nothing(client, scheduled_pitch, investor):
    mine = interest.mark_interest(pitch=scheduled_pitch, investor=investor)
    client.force_login(investor)
    link = reverse("roadshow:interest_request", kwargs={"pk": mine.pk})
    response = client.post(link, {"message": "短", "cooperation_mode": "equity", "non_confidential": "on"})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not MatchRequest.objects.exists()


def test_nobody_turns_another_persons_interest_into_a_request(
    client, scheduled_pitch, investor, enterprise_user
):
    mine = interest.mark_interest(pitch=scheduled_pitch, investor=investor)
    client.force_login(enterprise_user)
    assert client.get(reverse("roadshow:interest_request", kwargs={"pk": mine.pk})).status_code == 404
    api = api_as(enterprise_user).post(
        f"/api/v1/roadshow/interests/{mine.pk}/match-request/", {}, format="json"
    )
    assert api.status_code == 404
    assert not MatchRequest.objects.exists()
