"""The workspace marks matches new since the last visit and gathers validation-slot requests by who acts next."""

import datetime

import pytest
from django.utils import timezone

from listings.models import Demand
from platforms import services as platform_services
from tests.factories.listings import DemandFactory, TechnologyFactory
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
    words = ["钠离子电池", "储能", "低温性能"]
    technology = TechnologyFactory(
        ref="T-NEW",
        title="储能钠离子电池正极材料",
        track=energy,
        organisation=university,
        keywords=words,
        published=True,
    )
    old = DemandFactory(
        title="储能电站低温钠离子电池需求",
        track=energy,
        organisation=enterprise_org,
        keywords=words,
        published=True,
    )
    fresh = DemandFactory(
        title="低温储能钠离子电池需求",
        track=energy,
        organisation=enterprise_org,
        keywords=words,
        published=True,
    )
    # Unrelated demands: the shared words only weigh in the ranking when not every demand has them.
    others = [
        DemandFactory(
            title=title, track=energy, organisation=enterprise_org, keywords=keywords, published=True
        )
        for title, keywords in (
            ("深海耐压传感器需求", ["深海", "传感器"]),
            ("脑机接口康复设备需求", ["脑机接口", "康复"]),
            ("卫星遥感数据处理需求", ["遥感", "卫星"]),
        )
    ]
    Demand.objects.filter(pk=old.pk).update(published_at=timezone.now() - datetime.timedelta(days=10))
    index(technology, old, fresh, *others)
    WorkspaceVisit.objects.create(
        user=researcher, last_seen_at=timezone.now() - datetime.timedelta(days=2), previous_visit_at=None
    )
    client.force_login(researcher)
    response = client.get("/workspace/")
    row = next(r for r in response.context["technologies"] if r["listing"].ref == "T-NEW")
    # Five demands match (same track); all but the one published ten days ago are new.
    assert (row["matches"], row["new_matches"]) == (5, 4)
    page = response.content.decode()
    assert 'data-testid="new-matches">4 条新匹配</span>' in page
    assert 'data-testid="since"' in page


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
