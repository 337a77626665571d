"""The workspace gathers funding applications (as applicant and as the fund's reviewer), requests for
loans and insurance, and brokerage requests (as enterprise, agency and named broker), grouped by who
acts next, counted as new since the last visit; only through accepted memberships; no N+1."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Invitation
from accounts.roles import Role
from funding import services as funding
from network import services as network
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.dealflow import match_request
from tests.factories.funding import FinancialProductFactory, ProgrammeFactory, apply, score
from tests.factories.listings import DemandFactory, TechnologyFactory
from workspace.models import WorkspaceVisit

pytestmark = pytest.mark.django_db


def groups(client, user, key):
    client.force_login(user)
    response = client.get("/workspace/")
    assert response.status_code == 200
    found = {g["key"]: [row["item"].pk for row in g["rows"]] for g in response.context[key]["groups"]}
    return {k: v for k, v in found.items() if v}, response


def test_an_application_waits_on_the_reviewer_then_on_the_applicant_when_asked(
    client, researcher, reviewer, programme, technology
):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    assert groups(client, reviewer, "funding_applications")[0] == {"mine": [application.pk]}
    found, response = groups(client, researcher, "funding_applications")
    assert found == {"theirs": [application.pk]}
    page = response.content.decode()
    assert f'data-application="{application.pk}"' in page and "新能源中试基金" in page and "申请机构" in page

    # Scored at this step: the reviewer waits on the others' scores and the decision.
    score(application, reviewer)
    assert groups(client, reviewer, "funding_applications")[0] == {"in_progress": [application.pk]}
    funding.ask_for_information(application=application, user=reviewer, question="请补充低温循环数据。")
    assert groups(client, researcher, "funding_applications")[0] == {"mine": [application.pk]}
    assert groups(client, reviewer, "funding_applications")[0] == {"theirs": [application.pk]}


def test_a_reviewer_with_a_conflict_of_interest_is_not_asked_to_score(
    client, researcher, reviewer, programme, technology, fund_org, energy
):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    # The fund had a match request with the applicant's university: it may not score.
    conflicted = user_with_role(Role.INVESTOR, organisation=fund_org, display_name="钱评审")
    match_request(
        requester=conflicted,
        listing=TechnologyFactory(published=True, organisation=technology.organisation, track=energy),
    )
    assert funding.conflict_of_interest(application=application, user=conflicted)
    assert groups(client, conflicted, "funding_applications")[0] == {"in_progress": [application.pk]}


def test_loan_requests_wait_on_the_bank_then_carry_on_with_the_offer(client, researcher, technology):
    bank = OrganisationFactory(name="滨海科技银行", kind="bank")
    banker = user_with_role(Role.INVESTOR, organisation=bank, display_name="孙银行")
    product = FinancialProductFactory(organisation=bank, title_zh="知识产权质押贷款")
    request = funding.request_product(
        requester=researcher,
        product=product,
        technology=technology,
        amount_cny="1000000",
        purpose="用于扩大钠离子电池正极材料的中试产线。",
    )
    assert groups(client, banker, "product_requests")[0] == {"mine": [request.pk]}
    assert groups(client, researcher, "product_requests")[0] == {"theirs": [request.pk]}
    funding.answer_product_request(
        product_request=request, user=banker, offer=True, answer="年化3.2%，三年期。"
    )
    found, response = groups(client, researcher, "product_requests")
    assert found == {"in_progress": [request.pk]} and "知识产权质押贷款" in response.content.decode()


def test_brokerage_request_waits_on_the_agency_then_is_worked_by_the_named_broker(
    client, enterprise_user, enterprise_org, agency, agency_admin, broker, energy
):
    demand = DemandFactory(
        published=True, organisation=enterprise_org, title="储能电站低温电池需求", track=energy
    )
    request = network.request_brokerage(
        requester=enterprise_user, agency=agency, demand=demand, message="请帮助我们寻找合适的技术。"
    )
    assert groups(client, agency_admin, "brokerage_requests")[0] == {"mine": [request.pk]}
    found, response = groups(client, enterprise_user, "brokerage_requests")
    assert found == {"theirs": [request.pk]}
    assert "储能电站低温电池需求" in response.content.decode()
    network.accept_brokerage_request(brokerage_request=request, user=agency_admin, broker=broker)
    for person in (enterprise_user, agency_admin, broker):
        assert groups(client, person, "brokerage_requests")[0] == {"in_progress": [request.pk]}
    row = next(
        row
        for g in groups(client, broker, "brokerage_requests")[1].context["brokerage_requests"]["groups"]
        for row in g["rows"]
    )
    assert row["side"] == "broker"


def test_only_accepted_members_see_the_items(
    client, researcher, reviewer, programme, technology, enterprise_user, enterprise_org, agency, agency_org
):
    apply(applicant=researcher, programme=programme, technology=technology)
    demand = DemandFactory(published=True, organisation=enterprise_org)
    network.request_brokerage(
        requester=enterprise_user, agency=agency, demand=demand, message="请帮助我们寻找合适的技术方案。"
    )
    # Invited to the fund and to the agency, not yet accepted: nothing of theirs shows.
    invited = user_with_role(Role.INVESTOR, display_name="候任")
    for organisation in (programme.organisation, agency_org):
        Invitation.objects.create(
            organisation=organisation,
            email=invited.email,
            expires_at=timezone.now() + datetime.timedelta(days=7),
        )
    client.force_login(invited)
    context = client.get("/workspace/").context
    assert [
        context[key]["count"] for key in ("funding_applications", "product_requests", "brokerage_requests")
    ] == [
        0,
        0,
        0,
    ]
    page = client.get("/workspace/").content.decode()
    assert 'data-testid="workspace-funding"' in page and 'data-testid="workspace-brokerage"' in page


def test_items_changed_since_the_last_visit_count_as_new(
    client, researcher, reviewer, programme, technology, enterprise_user, enterprise_org, agency, agency_admin
):
    old = apply(applicant=researcher, programme=programme, technology=technology)
    second = ProgrammeFactory(organisation=programme.organisation, tracks=list(programme.tracks.all()))
    long_ago = timezone.now() - datetime.timedelta(days=3)
    type(old).objects.filter(pk=old.pk).update(updated_at=long_ago - datetime.timedelta(days=1))
    WorkspaceVisit.objects.create(user=reviewer, last_seen_at=long_ago, previous_visit_at=None)
    fresh = apply(applicant=researcher, programme=second, technology=technology)
    client.force_login(reviewer)
    response = client.get("/workspace/")
    rows = {
        row["item"].pk: row["is_new"]
        for g in response.context["funding_applications"]["groups"]
        for row in g["rows"]
    }
    assert rows == {old.pk: False, fresh.pk: True}
    assert response.context["funding_applications"]["new"] == 1
    assert 'data-testid="funding-new">1 项为上次访问以来新增</span>' in response.content.decode()


def _queries_for(client, user):
    client.force_login(user)
    client.get("/workspace/")  # the first view after a change loads the embedded search index
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/workspace/").status_code == 200
    return len(queries)


def test_query_count_stays_flat_as_applications_and_brokerage_requests_grow(
    client,
    researcher,
    reviewer,
    fund_org,
    energy,
    technology,
    enterprise_user,
    enterprise_org,
    agency,
    agency_admin,
    broker,
):
    def grow(n):
        for _ in range(n):
            programme = ProgrammeFactory(organisation=fund_org, tracks=[energy])
            application = apply(applicant=researcher, programme=programme, technology=technology)
            score(application, reviewer)
            demand = DemandFactory(published=True, organisation=enterprise_org, track=energy)
            request = network.request_brokerage(
                requester=enterprise_user, agency=agency, demand=demand, message="请帮助我们寻找合适的技术。"
            )
            network.accept_brokerage_request(brokerage_request=request, user=agency_admin, broker=broker)

    grow(2)
    few = {
        person.pk: _queries_for(client, person) for person in (reviewer, researcher, enterprise_user, broker)
    }
    grow(4)
    assert groups(client, reviewer, "funding_applications")[1].context["funding_applications"]["count"] == 6
    assert groups(client, broker, "brokerage_requests")[1].context["brokerage_requests"]["count"] == 6
    many = {
        person.pk: _queries_for(client, person) for person in (reviewer, researcher, enterprise_user, broker)
    }
    assert many == few
