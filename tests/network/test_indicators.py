"""The indicators count agencies, brokered introductions and brokered contracts by track."""

from indicators import services as indicators
from network import services
from tests.factories.listings import TechnologyFactory
from tests.factories.network import AgencyFactory, deal


def test_indicators_count_agencies_and_brokered_deals_by_track(
    client, agency, broker, demand, technology, researcher, editor, tracks, enterprise
):
    AgencyFactory(tracks=[tracks[0]])
    AgencyFactory(tracks=[tracks[0]], is_published=False, published_at=None)
    deal(requester=researcher, demand=demand, technology=technology, broker=broker, editor=editor)
    disputed = deal(
        requester=researcher,
        demand=demand,
        technology=TechnologyFactory(published=True, organisation=technology.organisation, track=tracks[6]),
        broker=broker,
        editor=editor,
    )
    dispute = services.raise_dispute(match_request=disputed, user=enterprise, reason="该合同没有经纪人参与。")
    services.resolve_dispute(dispute=dispute, editor=editor, uphold=True, note="核实后移除。")

    funnel = {f["key"]: f for f in indicators.compute_figures().funnel}
    assert funnel["agencies"]["total"] == 2
    assert funnel["agencies"]["by_track"]["advanced-energy"] == 1
    assert funnel["agencies"]["by_track"]["new-materials"] == 1
    assert funnel["agencies"]["by_track"]["bio-manufacturing"] == 1
    assert funnel["brokered_introductions"]["total"] == 2
    assert funnel["brokered_contracts"]["total"] == 1
    assert funnel["brokered_contracts"]["by_track"]["advanced-energy"] == 1
    assert funnel["deals"]["total"] == 2  # the programme's deal count is not the brokers' figure

    page = client.get("/en/indicators/").content.decode()
    assert 'data-testid="total-agencies">2<' in page and 'data-testid="total-brokered_contracts">1<' in page
