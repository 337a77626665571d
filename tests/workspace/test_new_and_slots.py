"""The workspace marks matches new since the last visit and gathers validation-slot requests by who acts next."""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from listings.models import Demand
from platforms import services as platform_services
from tests.factories import user_with_role
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.platforms import VerificationCentreFactory, ask
from workspace.models import WorkspaceVisit
from workspace.services import VISIT_GAP, record_visit

pytestmark = pytest.mark.django_db


def test_first_visit_counts_nothing_new_and_a_reload_keeps_the_previous_visit(researcher):
    start = timezone.now()
    assert record_visit(user=researcher, now=start) is None
    assert record_visit(user=researcher, now=start + datetime.timedelta(minutes=5)) is None
    later = start + VISIT_GAP + datetime.timedelta(hours=2)
    since = record_visit(user=researcher, now=later)
    assert since == start + datetime.timedelta(minutes=5)
    # A reload within the same visit keeps the same reference point.
    assert record_visit(user=researcher, now=later + datetime.timedelta(minutes=1)) == since
    assert WorkspaceVisit.objects.get(user=researcher).last_seen_at == later + datetime.timedelta(minutes=1)


def test_match_published_since_the_last_visit_is_marked_new(
    client,
    researcher,
    university,
    enterprise_org,
    energy,
    index,
):
    technology = TechnologyFactory(
        ref="T-NEW", track=energy, organisation=university, keywords=["钠离子电池", "储能"], published=True
    )
    old = DemandFactory(
        track=energy, organisation=enterprise_org, keywords=["钠离子电池", "储能"], published=True
    )
    Demand.objects.filter(pk=old.pk).update(published_at=timezone.now() - datetime.timedelta(days=10))
    index(technology, old)
    WorkspaceVisit.objects.create(
        user=researcher, last_seen_at=timezone.now() - datetime.timedelta(days=2), previous_visit_at=None
    )
    fresh = DemandFactory(
        track=energy, organisation=enterprise_org, keywords=["钠离子电池", "储能"], published=True
    )
    index(fresh)
    client.force_login(researcher)
    response = client.get("/workspace/")
    row = next(r for r in response.context["technologies"] if r["listing"].ref == "T-NEW")
    assert (row["matches"], row["new_matches"]) == (2, 1)
    page = response.content.decode()
    assert 'data-testid="new-matches">1 条新匹配</span>' in page
    assert 'data-testid="since"' in page


@pytest.fixture
def slot_request(researcher, university, energy):
    technology = TechnologyFactory(
        track=energy, organisation=university, published=True, title="钠电正极中试"
    )
    centre = VerificationCentreFactory(name_zh="滨海储能中试基地")
    operator = user_with_role(Role.ENTERPRISE, organisation=centre.organisation, display_name="基地运营")
    return ask(requester=researcher, technology=technology, centre=centre), operator


def test_slot_request_waits_on_the_centre_then_on_the_owner_when_questions_are_asked(
    client, researcher, slot_request
):
    request, operator = slot_request

    def groups(person):
        client.force_login(person)
        response = client.get("/workspace/")
        return {
            g["key"]: [row["request"].pk for row in g["rows"]] for g in response.context["slot_groups"]
        }, response

    centre_groups, response = groups(operator)
    assert centre_groups["mine"] == [request.pk]
    assert "滨海储能中试基地" in response.content.decode()
    assert groups(researcher)[0]["theirs"] == [request.pk]
    platform_services.ask_for_information(
        slot_request=request, user=operator, question="样品的批次一致性数据？"
    )
    assert groups(researcher)[0]["mine"] == [request.pk]
    assert groups(operator)[0]["theirs"] == [request.pk]
