"""An enterprise compares agencies on their figures, chooses one and asks it to broker a demand; the
agency accepts and names a broker, who joins the demand's introduction request and moves the deal.
Once in Chinese, once in English."""

import pytest
from django.test import Client
from wagtail.models import Locale

from accounts.roles import Role
from dealflow.models import MatchRequest
from network.models import BrokerageRequest
from tests.factories import OrganisationFactory, create_tracks, user_with_role
from tests.factories.dealflow import match_request
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.network import AgencyFactory, BrokerProfileFactory, deal

TEXT = {
    "zh": {"prefix": "", "accepted": "已接受", "negotiating": "洽谈中", "value": "120万元"},
    "en": {"prefix": "/en", "accepted": "Accepted", "negotiating": "Negotiating", "value": "¥1,200,000"},
}


@pytest.fixture
def cast(transactional_db):
    for code in ("zh-hans", "en"):
        Locale.objects.get_or_create(language_code=code)
    tracks = create_tracks()
    enterprise_org = OrganisationFactory(
        name="滨海储能科技有限公司", name_en="Binhai Storage Co.", kind="enterprise"
    )
    university = OrganisationFactory(name="天津滨海大学", name_en="Binhai University", kind="university")
    enterprise = user_with_role(Role.ENTERPRISE, organisation=enterprise_org, display_name="赵经理")
    researcher = user_with_role(Role.RESEARCHER, organisation=university, display_name="王研究员")
    editor = user_with_role(Role.EDITOR, display_name="周编辑")
    proven = AgencyFactory(
        slug="binhai-ttc",
        name_zh="滨海技术转移中心",
        name_en="Binhai Technology Transfer Centre",
        tracks=[tracks[6]],
        service_kinds=["matchmaking", "negotiation"],
    )
    AgencyFactory(slug="new-ttc", name_zh="新设技术转移所", name_en="New Transfer Office", tracks=[tracks[6]])
    manager = user_with_role(Role.ENTERPRISE, organisation=proven.organisation, display_name="周主任")
    broker = user_with_role(Role.BROKER, organisation=proven.organisation, display_name="孙经纪")
    BrokerProfileFactory(user=broker, agency=proven)

    def technology():
        return TechnologyFactory(published=True, organisation=university, track=tracks[6])

    earlier = DemandFactory(published=True, organisation=enterprise_org, track=tracks[6])
    deal(
        requester=researcher,
        demand=earlier,
        technology=technology(),
        broker=broker,
        amount="1200000",
        editor=editor,
    )
    demand = DemandFactory(
        published=True, organisation=enterprise_org, track=tracks[6], title="北方储能电站低温电池方案"
    )
    introduction = match_request(requester=researcher, listing=demand, technology=technology(), accept=True)
    return enterprise, manager, broker, proven, demand, introduction


def sign_in(page, live_server, user):
    """Reuse a server-side session: the sign-in form itself is the accounts engineer's to test."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_enterprise_chooses_an_agency_on_its_figures_and_its_broker_moves_the_deal(
    page, live_server, screenshot, cast, lang
):
    enterprise, manager, broker, agency, demand, introduction = cast
    text = TEXT[lang]
    prefix = text["prefix"]

    sign_in(page, live_server, enterprise)
    page.goto(f"{prefix}/network/?track=advanced-energy")
    summary = page.inner_text("[data-testid=agency-figures-binhai-ttc]")
    assert text["value"] in summary
    assert page.inner_text("[data-testid=agency-figures-new-ttc]").count("0") >= 2
    screenshot(f"network-{lang}-01-directory-with-figures")
    page.click("[data-testid=agency-binhai-ttc] h2 a")
    page.wait_for_url(f"**{prefix}/network/binhai-ttc/")
    assert page.inner_text("[data-testid=agency-figures-contracts]").strip() == "1"
    assert page.inner_text("[data-testid=agency-figures-value]").strip() == text["value"]
    page.click(f"[data-testid=ask-brokerage-{demand.ref}]")
    page.wait_for_url(f"**{prefix}/network/binhai-ttc/ask/?demand={demand.ref}")
    page.check("input[name=services_wanted][value=negotiation]")
    page.fill("#id_message", "请协助寻找低温电池技术并代为谈判许可条件，预算三百万元以内。")
    screenshot(f"network-{lang}-02-ask-to-broker")
    page.click("[data-testid=send-brokerage-request]")
    page.wait_for_url(f"**{prefix}/network/requests/*/")
    brokerage_request = BrokerageRequest.objects.get()
    assert (brokerage_request.status, brokerage_request.demand_id) == ("pending", demand.pk)

    sign_in(page, live_server, manager)
    page.goto(f"{prefix}/network/requests/{brokerage_request.pk}/")
    page.select_option("#id_broker", str(broker.pk))
    page.click("[data-testid=accept]")
    page.wait_for_selector("[data-testid=brokered-requests]")
    assert text["accepted"] in page.inner_text("[data-testid=brokerage-status]")
    assert page.inner_text("[data-testid=brokerage-broker]").strip() == "孙经纪"
    screenshot(f"network-{lang}-03-agency-names-a-broker")
    assert MatchRequest.objects.get(pk=introduction.pk).broker == broker

    sign_in(page, live_server, broker)
    page.goto(f"{prefix}/network/requests/{brokerage_request.pk}/")
    page.click(f"[data-testid=match-request-{introduction.pk}]")
    page.wait_for_url(f"**{prefix}/deals/requests/{introduction.pk}/")
    page.click("[data-testid=stage-negotiating]")
    page.wait_for_selector("[data-testid=stage-agreement]")
    assert text["negotiating"] in page.inner_text("[data-testid=request-status]")
    screenshot(f"network-{lang}-04-broker-moves-the-deal")
    assert MatchRequest.objects.get(pk=introduction.pk).stage == "negotiating"
