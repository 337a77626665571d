"""The indicators count centres and validations from this part's data."""

import datetime

from django.utils import timezone

from indicators import services as indicators
from tests.factories.platforms import VerificationCentreFactory, reported


def test_indicators_count_published_centres_per_track_and_delivered_validations(
    client, technology, centre, researcher, operator, tracks
):
    VerificationCentreFactory(tracks=[tracks[0]])
    VerificationCentreFactory(tracks=[tracks[0]], is_published=False, published_at=None)
    report = reported(requester=researcher, operator=operator, technology=technology, centre=centre)
    assert report.is_public is False  # private reports are validations too
    figures = indicators.compute_figures()
    funnel = {f["key"]: f for f in figures.funnel}
    assert funnel["centres"]["total"] == 2
    assert funnel["centres"]["by_track"]["advanced-energy"] == 1
    assert funnel["centres"]["by_track"]["new-materials"] == 1
    assert funnel["centres"]["by_track"]["bio-manufacturing"] == 1
    assert funnel["validations"]["total"] == 1
    assert funnel["validations"]["by_track"]["advanced-energy"] == 1
    assert funnel["validations"]["monthly"][-1] == 1

    energy = indicators.compute_figures(track=tracks[6])
    assert {f["key"]: f["total"] for f in energy.funnel}["centres"] == 1

    api = client.get("/api/v1/indicators/").json()
    assert {f["indicator"]: f["total"] for f in api["funnel"]}["validations"] == 1
    page = client.get("/en/indicators/").content.decode()
    assert 'data-testid="total-centres">2<' in page and 'data-testid="total-validations">1<' in page


def test_a_centre_counts_from_the_day_it_was_published(centre, tracks):
    centre.published_at = timezone.now() + datetime.timedelta(days=40)
    centre.save()
    assert {f["key"]: f["total"] for f in indicators.compute_figures().funnel}["centres"] == 0
