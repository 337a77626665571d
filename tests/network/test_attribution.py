"""An agency's figures keep the introductions its brokers made while they were its members: a broker
who leaves takes nothing away from it, and the broker's new agency does not inherit their earlier
work; the broker's own page keeps their whole record. Said on the agency's page."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import Membership
from dealflow import services as dealflow
from network import figures
from network.models import BrokerAttribution
from tests.factories import OrganisationFactory
from tests.factories.accounts import MembershipFactory
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.network import AgencyFactory, deal


@pytest.fixture
def new_deal(enterprise, enterprise_org, university, researcher, editor, tracks):
    """new_deal(broker, amount): a fresh demand and technology taken to a confirmed contract."""

    def make(broker, amount="1200000"):
        return deal(
            requester=researcher,
            demand=DemandFactory(published=True, organisation=enterprise_org, track=tracks[6]),
            technology=TechnologyFactory(published=True, organisation=university, track=tracks[6]),
            broker=broker,
            amount=amount,
            editor=editor,
        )

    return make


def _counts(agency):
    f = figures.agency_figures([agency])[agency.pk]
    return f["introductions"], f["contracts"], f["value"], f["brokers"]


def test_a_broker_who_moves_agencies_leaves_the_old_one_its_figures_and_brings_none_to_the_new(
    client, agency, broker, new_deal
):
    earlier = new_deal(broker, "1200000")
    assert BrokerAttribution.objects.get(match_request=earlier).agency == agency
    assert _counts(agency) == (1, 1, Decimal("1200000"), 1)

    # The broker leaves for another agency: their membership ends, their profile moves.
    other_org = OrganisationFactory(name="北方技术交易所", kind="agency")
    other = AgencyFactory(organisation=other_org, slug="north-exchange", name_zh="北方技术交易所")
    Membership.objects.filter(user=broker, organisation=agency.organisation).delete()
    MembershipFactory(user=broker, organisation=other_org)
    broker.broker_profile.agency = other
    broker.broker_profile.save()
    broker = type(broker).objects.get(pk=broker.pk)  # a fresh read of their memberships

    assert _counts(agency) == (1, 1, Decimal("1200000"), 0)
    assert _counts(other) == (0, 0, Decimal("0"), 1)
    later = new_deal(broker, "300000")
    assert BrokerAttribution.objects.get(match_request=later).agency == other
    assert _counts(agency) == (1, 1, Decimal("1200000"), 0)
    assert _counts(other) == (1, 1, Decimal("300000"), 1)

    # Their own record has both; on an agency's page, what they did there.
    assert figures.broker_figures([broker.pk])[broker.pk]["contracts"] == 2
    assert figures.broker_figures([broker.pk], agency=other)[broker.pk]["value"] == Decimal("300000")
    assert [d.pk for d in figures.agency_deals(agency)] == [earlier.pk]

    old_page = client.get("/en/network/binhai-ttc/").content.decode()
    assert 'data-testid="agency-figures-contracts">1<' in old_page
    assert f'data-testid="deal-{earlier.pk}"' in old_page
    assert "the agency keeps what a broker who has since left brokered here" in old_page
    new_page = client.get("/network/north-exchange/").content.decode()
    assert 'data-testid="agency-figures-value">30万元<' in new_page
    assert "经纪人的新机构不继承其此前的业绩" in new_page
    api = client.get("/api/v1/network/agencies/north-exchange/").json()
    assert (api["figures"]["contracts"], api["brokers"][0]["figures"]["contracts"]) == (1, 1)


def test_removing_or_changing_the_broker_moves_the_introduction(
    agency, broker, second_broker, demand, technology, researcher, editor
):
    mr = deal(requester=researcher, demand=demand, technology=technology, broker=broker, editor=editor)
    dealflow.assign_broker(match_request=mr, broker=None, assigned_by=editor)
    assert not BrokerAttribution.objects.filter(match_request=mr).exists()
    assert _counts(agency)[:3] == (0, 0, Decimal("0"))
    dealflow.assign_broker(match_request=mr, broker=second_broker, assigned_by=editor)
    attribution = BrokerAttribution.objects.get(match_request=mr)
    assert (attribution.broker, attribution.agency) == (second_broker, agency)


def test_requests_brokered_before_attributions_are_counted_by_the_membership_dates(
    agency, broker, second_broker, new_deal
):
    member_then, member_later = new_deal(broker), new_deal(second_broker)
    # The second broker's membership started after they were assigned (they joined afterwards).
    Membership.objects.filter(user=second_broker, organisation=agency.organisation).update(
        joined_at=timezone.now() + timezone.timedelta(days=1)
    )
    BrokerAttribution.objects.all().delete()
    migration = importlib.import_module("network.migrations.0002_broker_attribution")
    migration.attribute_existing(apps, None)
    agencies = dict(BrokerAttribution.objects.values_list("match_request_id", "agency_id"))
    assert agencies == {member_then.pk: agency.pk, member_later.pk: None}
    assert _counts(agency)[:2] == (1, 1)
