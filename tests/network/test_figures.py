"""The agencies' and brokers' figures are computed exactly from deal flow: only registered contracts
both sides confirmed count, and an upheld dispute takes a deal out."""

import datetime
from decimal import Decimal

from django.utils import timezone

from network import figures, services
from network.models import BrokerageRequest
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.network import deal


def test_figures_count_only_contracts_both_sides_confirmed_and_not_upheld_disputes(
    agency, broker, second_broker, enterprise_org, enterprise, university, researcher, editor, tracks
):
    def technology():
        return TechnologyFactory(published=True, organisation=university, track=tracks[6])

    def demand():
        return DemandFactory(published=True, organisation=enterprise_org, track=tracks[6])

    kept = deal(
        requester=researcher,
        demand=demand(),
        technology=technology(),
        broker=broker,
        amount="1200000",
        editor=editor,
    )
    second = deal(
        requester=researcher,
        demand=demand(),
        technology=technology(),
        broker=broker,
        amount="800000.50",
        editor=editor,
    )
    # Registered, but only the requester confirmed: not a confirmed contract.
    unconfirmed = deal(
        requester=researcher,
        demand=demand(),
        technology=technology(),
        broker=broker,
        amount="5000000",
        confirm=("deal", None),
        editor=editor,
    )
    # Both sides confirmed, then an editor upheld a dispute: out of the figures.
    disputed = deal(
        requester=researcher,
        demand=demand(),
        technology=technology(),
        broker=second_broker,
        amount="300000",
        editor=editor,
    )
    dispute = services.raise_dispute(
        match_request=disputed, user=researcher, reason="这个合同并非经该经纪人撮合，而是我们直接谈成的。"
    )
    services.resolve_dispute(dispute=dispute, editor=editor, uphold=True, note="双方确认经纪人未参与。")
    assert (kept.stage, unconfirmed.stage) == ("closed_deal", "registration")

    per_broker = figures.broker_figures([broker.pk, second_broker.pk])
    assert per_broker[broker.pk]["introductions"] == 3
    assert per_broker[broker.pk]["contracts"] == 2
    assert per_broker[broker.pk]["value"] == Decimal("2000000.50")
    assert per_broker[second_broker.pk]["introductions"] == 1
    assert (per_broker[second_broker.pk]["contracts"], per_broker[second_broker.pk]["value"]) == (
        0,
        Decimal("0"),
    )

    agency_figures = figures.agency_figures([agency])[agency.pk]
    assert agency_figures["brokers"] == 2
    assert agency_figures["introductions"] == 4
    assert agency_figures["contracts"] == 2
    assert agency_figures["value"] == Decimal("2000000.50")
    behind = figures.deals_behind([broker.pk, second_broker.pk])
    assert {mr.pk for mr in behind} == {kept.pk, second.pk}


def test_a_rejected_dispute_keeps_the_deal_and_an_open_one_marks_it(
    agency, broker, enterprise, demand, technology, researcher, editor
):
    mr = deal(
        requester=researcher,
        demand=demand,
        technology=technology,
        broker=broker,
        amount="500000",
        editor=editor,
    )
    dispute = services.raise_dispute(
        match_request=mr, user=enterprise, reason="合同金额应为四十万元，不是五十万元。"
    )
    assert figures.deals_behind([broker.pk]).get().open_disputes == 1
    assert figures.broker_figures([broker.pk])[broker.pk]["contracts"] == 1
    services.resolve_dispute(
        dispute=dispute, editor=editor, uphold=False, note="登记证明显示金额为五十万元。"
    )
    assert figures.deals_behind([broker.pk]).get().open_disputes == 0
    assert figures.broker_figures([broker.pk])[broker.pk]["value"] == Decimal("500000")


def test_median_answer_time_comes_from_the_brokerage_requests(
    agency, broker, agency_admin, enterprise, demand
):
    now = timezone.now()

    def asked(hours_ago, answered_after=None, status="pending", by=None):
        brokerage_request = BrokerageRequest.objects.create(
            agency=agency,
            demand=demand,
            requester=enterprise,
            requester_organisation=demand.organisation,
            message="请协助撮合。",
            status=status,
            response_deadline=now - datetime.timedelta(hours=hours_ago) + datetime.timedelta(days=5),
        )
        created = now - datetime.timedelta(hours=hours_ago)
        BrokerageRequest.objects.filter(pk=brokerage_request.pk).update(
            created_at=created,
            responded_at=created + datetime.timedelta(hours=answered_after)
            if answered_after is not None
            else None,
            responded_by=by,
        )

    asked(300, answered_after=10, status="declined", by=agency_admin)
    asked(200, answered_after=30, status="declined", by=broker)
    asked(
        400, answered_after=None, status="expired"
    )  # deadline passed without an answer: counted, not answered
    asked(150, answered_after=None, status="withdrawn")  # withdrawn: not counted
    asked(1, answered_after=None)  # still within its deadline: not counted yet

    response = figures.agency_figures([agency])[agency.pk]["response"]
    assert response == {
        "counted": 3,
        "answered": 2,
        "answered_in_time": 2,
        "share_in_time": 0.667,
        "median_hours": 20.0,
    }
    assert figures.agency_response(agency) == response
    assert figures.broker_figures([broker.pk])[broker.pk]["response"]["median_hours"] == 30.0


def test_a_broker_who_leaves_the_agency_leaves_its_broker_list_but_not_its_figures(
    agency, broker, demand, technology, researcher, editor
):
    deal(requester=researcher, demand=demand, technology=technology, broker=broker, editor=editor)
    assert figures.agency_figures([agency])[agency.pk]["contracts"] == 1
    broker.memberships.all().delete()
    # The agency keeps what the broker brokered as its member (tests/network/test_attribution.py).
    assert figures.agency_figures([agency])[agency.pk] | {"response": None} == {
        "introductions": 1,
        "contracts": 1,
        "value": Decimal("1200000"),
        "brokers": 0,
        "response": None,
    }
