"""The workspace: one page gathering a person's listings, requests, events and organisations."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Invitation
from accounts.roles import Role
from dealflow.models import Proposal
from digest.models import SavedSearch
from listings.models import Technology
from roadshow.models import PitchApplication
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.dealflow import ChallengeFactory, match_request
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.roadshow import RegistrationFactory, RoadshowSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(energy, university, researcher):
    return TechnologyFactory(
        ref="T-DRAFT",
        title="低温钠离子电池草稿",
        track=energy,
        organisation=university,
        created_by=researcher,
    )


@pytest.fixture
def published(energy, university, researcher):
    return TechnologyFactory(
        ref="T-PUB",
        title="储能钠离子电池正极材料",
        keywords=["钠离子电池", "储能", "低温性能"],
        track=energy,
        organisation=university,
        created_by=researcher,
        published=True,
    )


@pytest.fixture
def demand(energy, enterprise_org):
    return DemandFactory(
        ref="D-COLD",
        title="储能电站低温钠离子电池需求",
        keywords=["钠离子电池", "储能", "低温性能"],
        track=energy,
        organisation=enterprise_org,
        published=True,
    )


def _workspace(client, user, path="/workspace/"):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/workspace/"


def test_workspace_is_in_the_main_menu_for_signed_in_people_only(client, researcher):
    assert (
        'data-testid="workspace-link"'
        not in client.get(reverse("listings:technology_index")).content.decode()
    )
    client.force_login(researcher)
    page = client.get(reverse("listings:technology_index")).content.decode()
    assert '<a href="/workspace/" data-testid="workspace-link">工作台</a>' in page


def test_researcher_sees_draft_and_published_technologies_with_state_and_next_step(
    client, researcher, draft, published, demand, index
):
    index(published, demand)
    Technology.objects.filter(pk=draft.pk).update(rejection_reason="请补充低温循环数据。")
    response = _workspace(client, researcher)
    rows = {row["listing"].ref: row for row in response.context["technologies"]}
    assert set(rows) == {"T-DRAFT", "T-PUB"}
    assert rows["T-DRAFT"]["state"] == "changes_requested"
    assert rows["T-PUB"]["state"] == "published"
    assert rows["T-PUB"]["matches"] == 1  # the enterprise's demand answers it
    page = response.content.decode()
    assert "需要修改" in page
    assert "请补充低温循环数据。" in page
    assert reverse("listings:edit", args=["technology", "T-DRAFT"]) in page
    assert reverse("listings:action", args=["technology", "T-DRAFT", "submit"]) in page
    assert reverse("listings:action", args=["technology", "T-PUB", "submit"]) not in page
    assert "已发布" in page


def test_listing_in_review_and_closed_show_their_state(client, researcher, energy, university):
    TechnologyFactory(ref="T-REV", track=energy, organisation=university, status="submitted")
    TechnologyFactory(ref="T-CLO", track=energy, organisation=university, status="closed")
    response = _workspace(client, researcher)
    states = {row["listing"].ref: row["state"] for row in response.context["technologies"]}
    assert states == {"T-REV": "in_review", "T-CLO": "closed"}
    page = response.content.decode()
    assert reverse("listings:action", args=["technology", "T-CLO", "reopen"]) in page


def test_incoming_request_waits_on_the_owner_and_on_the_other_side_for_the_requester(
    client, researcher, enterprise_user, published
):
    request = match_request(requester=enterprise_user, listing=published)
    owner_groups = {g["key"]: g["rows"] for g in _workspace(client, researcher).context["request_groups"]}
    assert [row["request"].pk for row in owner_groups["mine"]] == [request.pk]
    assert owner_groups["theirs"] == []
    requester_groups = {
        g["key"]: g["rows"] for g in _workspace(client, enterprise_user).context["request_groups"]
    }
    assert [row["request"].pk for row in requester_groups["theirs"]] == [request.pk]
    assert requester_groups["mine"] == []


def test_accepted_request_is_in_progress_for_both_sides(client, researcher, enterprise_user, published):
    request = match_request(requester=enterprise_user, listing=published, accept=True)
    for person in (researcher, enterprise_user):
        groups = {g["key"]: g["rows"] for g in _workspace(client, person).context["request_groups"]}
        assert [row["request"].pk for row in groups["in_progress"]] == [request.pk]


def test_outsider_sees_none_of_another_organisations_items(
    client, researcher, enterprise_user, draft, published
):
    match_request(requester=enterprise_user, listing=published)
    outsider = user_with_role(
        Role.RESEARCHER, organisation=OrganisationFactory(name="另一所大学", kind="university")
    )
    response = _workspace(client, outsider)
    assert response.context["technologies"] == []
    assert response.context["demands"] == []
    assert all(group["rows"] == [] for group in response.context["request_groups"])
    page = response.content.decode()
    assert "T-DRAFT" not in page
    assert "T-PUB" not in page
    assert draft.title not in page


def test_english_workspace_shows_english_labels(client, researcher, draft):
    client.force_login(researcher)
    with translation.override("en"):
        response = client.get("/en/workspace/")
    page = response.content.decode()
    assert response.status_code == 200
    for label in ("Workspace", "My technologies", "Needs my answer", "Waiting on the other side", "Draft"):
        assert label in page
    assert "我的技术成果" not in page


def test_chinese_workspace_shows_chinese_labels(client, researcher, draft):
    page = _workspace(client, researcher).content.decode()
    for label in ("工作台", "我的技术成果", "待我答复", "等待对方", "草稿"):
        assert label in page


def _queries_for(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/workspace/").status_code == 200
    return len(queries)


def _grow(researcher, enterprise_user, energy, university, enterprise_org, n, index):
    listings = []
    for i in range(n):
        technology = TechnologyFactory(
            track=energy, organisation=university, keywords=["钠离子电池", "储能"], published=True
        )
        TechnologyFactory(track=energy, organisation=university, rejection_reason="请补充。" if i % 2 else "")
        demand = DemandFactory(
            track=energy, organisation=enterprise_org, keywords=["钠离子电池", "储能"], published=True
        )
        match_request(requester=enterprise_user, listing=technology, accept=bool(i % 2))
        listings += [technology, demand]
    index(*listings)


def test_query_count_stays_flat_as_listings_and_requests_grow(
    client, researcher, enterprise_user, energy, university, enterprise_org, index
):
    # Each count follows a first visit, which loads the embedded search index (read once per change).
    _grow(researcher, enterprise_user, energy, university, enterprise_org, 3, index)
    assert len(_workspace(client, researcher).context["technologies"]) == 6
    few = _queries_for(client, researcher)
    _grow(researcher, enterprise_user, energy, university, enterprise_org, 12, index)
    response = _workspace(client, researcher)
    assert len(response.context["technologies"]) == 30
    assert all(
        row["matches"] is not None for row in response.context["technologies"] if row["state"] == "published"
    )
    assert _queries_for(client, researcher) == few


def test_challenges_registrations_pitches_saved_searches_and_organisations_are_listed(
    client, researcher, enterprise_user, demand, published, university
):
    challenge = ChallengeFactory(demand=demand, created_by=enterprise_user)
    Proposal.objects.create(
        challenge=challenge,
        proposer=researcher,
        summary="高熵正极与低温电解液协同设计。",
        approach="扣式电池已验证。",
        team="课题组十二人。",
        timeline_months=18,
        budget_cny=2_500_000,
    )
    session = RoadshowSessionFactory(title="先进能源专场路演")
    RegistrationFactory(session=session, user=researcher)
    PitchApplication.objects.create(
        technology=published, applicant=researcher, ask="investment", stage="中试", team="五人"
    )
    SavedSearch.objects.create(user=researcher, name="钠电池新成果", kind="demand", query="钠离子电池")

    researcher_page = _workspace(client, researcher).content.decode()
    assert "先进能源专场路演" in researcher_page
    assert "钠电池新成果" in researcher_page
    assert university.name in researcher_page
    assert reverse("dealflow:proposal_detail", args=[Proposal.objects.get().pk]) in researcher_page

    enterprise = _workspace(client, enterprise_user)
    assert [c.pk for c in enterprise.context["challenges_run"]] == [challenge.pk]
    assert enterprise.context["challenges_run"][0].proposal_count == 1
    assert enterprise.context["registrations"] == []
    assert enterprise.context["saved_searches"] == []


def test_pending_invitation_is_listed_with_its_answer_link(client, researcher, enterprise_org):
    invitation = Invitation.objects.create(
        organisation=enterprise_org,
        email=researcher.email,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    response = _workspace(client, researcher)
    assert [row["invitation"].pk for row in response.context["invitations"]] == [invitation.pk]
    page = response.content.decode()
    assert "待我答复的机构邀请" in page
    # The link is signed with the time it was made: the page shows the one made for it.
    url = response.context["invitations"][0]["url"]
    assert url.startswith("/accounts/invitations/")
    assert f'<a href="{url}">{enterprise_org.name}</a>' in page
