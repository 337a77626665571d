"""The directory, agency and broker pages, the brokerage pages and the dispute form, in both languages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from network import services
from network.models import BrokerageRequest, FigureDispute
from taxonomy.models import DevelopmentZone
from tests.factories import OrganisationFactory
from tests.factories.accounts import user_with_role
from tests.factories.network import AgencyFactory, BrokerProfileFactory, deal


def _names(html):
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)


@pytest.fixture
def directory(agency, tracks):
    """Three more agencies: one in bio-manufacturing offering financing in a zone, one unpublished,
    one whose organisation is not verified."""
    zone = DevelopmentZone.objects.create(
        slug="tianjin-port", name_zh="天津港保税区", name_en="Tianjin Port Free Trade Zone"
    )
    bio = AgencyFactory(
        slug="bio-ttc",
        name_zh="生物制造转化中心",
        name_en="Bio-manufacturing Transfer Office",
        tracks=[tracks[0]],
        service_kinds=["financing"],
        zone=zone,
    )
    AgencyFactory(
        slug="draft-ttc", name_zh="草稿机构", name_en="Draft Agency", is_published=False, tracks=[tracks[0]]
    )
    AgencyFactory(
        slug="unverified-ttc",
        name_zh="未认证机构",
        name_en="Unverified Agency",
        tracks=[tracks[0]],
        organisation=OrganisationFactory(kind="agency", verification_status="pending"),
    )
    return agency, bio


def test_directory_lists_published_agencies_of_verified_organisations(client, directory):
    html = client.get("/en/network/").content.decode()
    assert _names(html) == ["Binhai Technology Transfer Centre", "Bio-manufacturing Transfer Office"]
    assert _names(client.get("/network/").content.decode()) == ["滨海技术转移中心", "生物制造转化中心"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("track=bio-manufacturing", ["Bio-manufacturing Transfer Office"]),
        ("track=advanced-energy", ["Binhai Technology Transfer Centre"]),
        ("service=negotiation", ["Binhai Technology Transfer Centre"]),
        ("service=financing&zone=tianjin-port", ["Bio-manufacturing Transfer Office"]),
        ("zone=tianjin-port&track=advanced-energy", []),
    ],
)
def test_directory_filters_by_track_service_and_zone(client, directory, query, expected):
    response = client.get(f"/en/network/?{query}")
    assert response.status_code == 200
    assert _names(response.content.decode()) == expected


def test_an_unknown_filter_value_is_a_clear_400(client, directory):
    response = client.get("/en/network/?service=astrology")
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()


def test_directory_reads_a_fixed_number_of_queries(
    client, directory, broker, second_broker, tracks, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as two_agencies:
        client.get("/en/network/")
    for _n in range(6):
        extra = AgencyFactory(tracks=[tracks[1], tracks[2]], service_kinds=["evaluation", "ip"])
        person = user_with_role(Role.BROKER, organisation=extra.organisation)
        BrokerProfileFactory(user=person, agency=extra)
    with django_assert_max_num_queries(len(two_agencies)):
        response = client.get("/en/network/")
    assert response.status_code == 200
    assert len(_names(response.content.decode())) == 8
    assert len(two_agencies) <= 20


def test_agency_page_shows_brokers_figures_and_the_deals_behind_them(
    client, agency, broker, demand, technology, researcher, editor
):
    mr = deal(
        requester=researcher,
        demand=demand,
        technology=technology,
        broker=broker,
        amount="1500000",
        editor=editor,
    )
    html = client.get("/en/network/binhai-ttc/").content.decode()
    assert 'data-testid="agency-figures-introductions">1<' in html
    assert 'data-testid="agency-figures-contracts">1<' in html
    assert 'data-testid="agency-figures-value">¥1,500,000<' in html
    assert "孙经纪" in html and "Technology broker for new energy" in html
    assert f'href="/en/network/deals/{mr.pk}/dispute/"' in html
    zh = client.get("/network/binhai-ttc/").content.decode()
    assert 'data-testid="agency-figures-value">150万元<' in zh and "新能源领域技术经纪人" in zh


def test_broker_page_has_their_own_figures(
    client, agency, broker, second_broker, demand, technology, researcher, editor
):
    deal(
        requester=researcher,
        demand=demand,
        technology=technology,
        broker=broker,
        amount="1500000",
        editor=editor,
    )
    html = client.get(f"/en/network/brokers/{second_broker.broker_profile.pk}/").content.decode()
    assert 'data-testid="broker-figures-contracts">0<' in html
    html = client.get(f"/en/network/brokers/{broker.broker_profile.pk}/").content.decode()
    assert 'data-testid="broker-figures-contracts">1<' in html


def test_enterprise_asks_from_the_agency_page(client, agency, enterprise, demand):
    client.force_login(enterprise)
    html = client.get("/en/network/binhai-ttc/").content.decode()
    assert f"/en/network/binhai-ttc/ask/?demand={demand.ref}" in html
    response = client.post(
        "/en/network/binhai-ttc/ask/",
        {"demand": demand.pk, "services_wanted": ["matchmaking"], "message": "请协助撮合低温电池技术。"},
    )
    brokerage_request = BrokerageRequest.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/en/network/requests/{brokerage_request.pk}/"
    )


def test_a_bad_form_changes_nothing(client, agency, enterprise, demand):
    client.force_login(enterprise)
    response = client.post("/en/network/binhai-ttc/ask/", {"demand": demand.pk, "message": "短"})
    assert response.status_code == 400
    assert "Say in at least 10 characters what you need from the agency." in response.content.decode()
    assert not BrokerageRequest.objects.exists()


def test_request_pages_are_for_the_parties_only(
    client, agency, agency_admin, broker, enterprise, demand, outsider, editor
):
    brokerage_request = services.request_brokerage(
        requester=enterprise, agency=agency, demand=demand, message="请协助撮合低温电池技术。"
    )
    url = f"/en/network/requests/{brokerage_request.pk}/"
    for person in (outsider, editor):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url + "messages/", {"body": "hello"}).status_code == 404
    client.force_login(agency_admin)
    response = client.post(url + "accept/", {"broker": broker.pk})
    assert response.status_code == 302
    client.force_login(broker)
    html = client.get(url).content.decode()
    assert 'data-testid="brokerage-broker">孙经纪<' in html


def test_dispute_from_the_agency_page_goes_to_the_editors(
    client, agency, broker, demand, technology, researcher, editor, outsider
):
    mr = deal(requester=researcher, demand=demand, technology=technology, broker=broker, editor=editor)
    url = f"/en/network/deals/{mr.pk}/dispute/"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(outsider)
    response = client.post(url, {"reason": "该合同的技术并非由此经纪人撮合，请核实。"})
    assert response.status_code == 302 and response["Location"] == "/en/network/binhai-ttc/"
    dispute = FigureDispute.objects.get()
    assert (dispute.status, dispute.raised_by, dispute.match_request_id) == ("open", outsider, mr.pk)
    assert editor.notifications.filter(kind="network.dispute_raised").count() == 1
    assert "under review" in client.get("/en/network/binhai-ttc/").content.decode()
    assert client.get("/en/network/deals/999999/dispute/").status_code == 404


def test_a_second_dispute_about_the_same_deal_is_refused_on_the_form_and_nothing_saved(
    client, agency, broker, demand, technology, researcher, editor, outsider
):
    mr = deal(requester=researcher, demand=demand, technology=technology, broker=broker, editor=editor)
    url = f"/en/network/deals/{mr.pk}/dispute/"
    client.force_login(outsider)
    first = client.post(url, {"reason": "该合同的技术并非由此经纪人撮合，请核实。"}, follow=True)
    assert "Thank you. An editor will look at this deal and tell you the outcome." in first.content.decode()
    again = client.post(url, {"reason": "金额有误，请再次核实。"})
    assert again.status_code == 400
    assert "You already have an open dispute about this deal." in again.content.decode()
    assert list(FigureDispute.objects.values_list("reason", flat=True)) == [
        "该合同的技术并非由此经纪人撮合，请核实。"
    ]


def test_a_deal_behind_no_public_figure_is_not_shown_or_disputable(
    client, agency, demand, technology, researcher, editor, outsider
):
    """A contract two sides closed without a broker is theirs alone: the dispute form must not show
    its listing, amount and date to a stranger who tries its id, on the page or the API."""
    mr = deal(requester=researcher, demand=demand, technology=technology, broker=None, editor=editor)
    assert mr.broker_id is None and mr.stage == "closed_deal"
    client.force_login(outsider)
    response = client.get(f"/en/network/deals/{mr.pk}/dispute/")
    assert response.status_code == 404
    assert (
        "1,200,000" not in response.content.decode()
        and "储能电站低温电池需求" not in response.content.decode()
    )
    response = client.post(f"/en/network/deals/{mr.pk}/dispute/", {"reason": "该合同金额有误，请核实一下。"})
    assert response.status_code == 404
    response = client.post(
        "/api/v1/network/disputes/", {"deal": mr.pk, "reason": "该合同金额有误，请核实一下。"}
    )
    assert response.status_code == 400
    assert response.json() == {"detail": ["只能对计入公开数据的交易提出异议。"]}
    assert not FigureDispute.objects.exists()
    assert not editor.notifications.filter(kind="network.dispute_raised").exists()


def test_a_deal_whose_listing_was_closed_keeps_its_row_without_a_dead_link(
    client, agency, broker, demand, technology, researcher, editor, enterprise
):
    """Owners close a demand once it is solved: the deal still counts, named, but links nowhere."""
    from listings.services import close_listing  # noqa: PLC0415 — only this test closes a listing

    mr = deal(requester=researcher, demand=demand, technology=technology, broker=broker, editor=editor)
    assert f'href="{demand.get_absolute_url()}"' in client.get("/en/network/binhai-ttc/").content.decode()
    close_listing(listing=demand, user=enterprise)
    row = re.search(
        rf'<tr data-testid="deal-{mr.pk}">.*?</tr>',
        client.get("/en/network/binhai-ttc/").content.decode(),
        re.S,
    ).group(0)
    assert "储能电站低温电池需求" in row and f'href="{demand.get_absolute_url()}"' not in row
