"""The whole-stack load test's mix (benchmarks/load_mix.py) cannot rot: every URL it asks for
answers 200 to its kind of user, and the sign-in and the writes it makes succeed."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from benchmarks import load_mix
from dealflow.models import MatchRequest
from demo import site
from digest.models import SavedSearch
from roadshow.models import RoadshowSeries
from tests.factories import OrganisationFactory
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.roadshow import RoadshowSeriesFactory, RoadshowSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    cache.clear()
    site.load()  # the editorial pages and tracks, as load_demo makes them
    owner = OrganisationFactory(kind="university")
    for _ in range(3):
        TechnologyFactory(published=True, organisation=owner)
        DemandFactory(published=True)
    series = RoadshowSeriesFactory()
    RoadshowSessionFactory(series=series, starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    load_mix.create_accounts(count=2, tag="mixtest")
    return load_mix.build_plan(tag="mixtest", sample=3)


def signed_in(plan, number=0):
    client = Client()
    response = client.post(plan["login"], {"login": plan["accounts"][number], "password": plan["password"]})
    assert response.status_code == 302, "a load-test account could not sign in"
    return client


def test_every_kind_of_the_mix_has_urls_and_every_url_answers_its_user(plan):
    assert [g["kind"] for g in plan["visitor"]] == [kind for kind, _w in load_mix.VISITOR_KINDS]
    assert [g["kind"] for g in plan["member"]] == [kind for kind, _w in load_mix.MEMBER_KINDS]
    assert RoadshowSeries.objects.exists()
    visitor, member = Client(), signed_in(plan)
    for client, groups in ((visitor, plan["visitor"]), (member, plan["member"])):
        for group in groups:
            assert group["urls"], f"no URL for {group['kind']}"
            for url in group["urls"]:
                assert client.get(url).status_code == 200, f"{group['kind']}: {url}"


def test_the_mix_writes_succeed_for_a_signed_in_account(plan):
    member = signed_in(plan, 1)
    target = plan["match_requests"][0]
    assert member.get(target["form"]).status_code == 200
    response = member.post(
        target["form"],
        {
            "message": "我们希望了解该技术的许可条件。",
            "cooperation_mode": "license",
            "non_confidential": "on",
        },
    )
    match_request = MatchRequest.objects.get(technology__ref=target["ref"])
    assert response.status_code == 302 and response["Location"].endswith(
        f"/deals/requests/{match_request.pk}/"
    )
    saved = member.post(
        plan["saved_search_form"], {"name": "压测 储能", "kind": "technology", "query": "储能"}
    )
    assert saved.status_code == 302
    assert SavedSearch.objects.get(user__email=plan["accounts"][1]).query == "储能"
