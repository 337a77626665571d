"""The list pages, the API list and a listing's page cost the same number of queries at 5 and at
40 listings, and their counts come from the maintained tallies, equal to a direct count."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from listings import tallies
from listings.models import Demand, Technology
from listings.signals import send_listings_changed
from tests.factories.listings import DemandFactory, TechnologyFactory


def _queries(client, url):
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def _add(count, tracks, university):
    now = timezone.now()
    for n in range(count):
        when = now - datetime.timedelta(hours=n + 1)
        TechnologyFactory(
            published=True, published_at=when, track=tracks[(6, 7, 3)[n % 3]], organisation=university
        )
        DemandFactory(published=True, published_at=when, track=tracks[(6, 7, 3)[n % 3]])


@pytest.mark.parametrize(
    "url",
    [
        "/listings/technologies/",
        "/listings/demands/",
        "/listings/technologies/?track=advanced-energy",
        "/api/v1/technologies/",
        "/api/v1/demands/",
    ],
)
def test_list_queries_are_equal_at_5_and_40_listings(client, tracks, university, url):
    _add(5, tracks, university)
    few, _response = _queries(client, url)
    _add(35, tracks, university)
    many, response = _queries(client, url)
    assert many == few
    model = Demand if "demand" in url else Technology
    expected = model.objects.published()
    if "track=" in url:
        expected = expected.filter(track__slug="advanced-energy")
    if url.startswith("/api/"):
        assert response.json()["count"] == expected.count() == 40
    else:
        shown = re.search(r'data-testid="result-count">[^<\d]*(\d+)', response.content.decode())
        assert int(shown.group(1)) == expected.count() > 0


def test_technology_page_queries_are_equal_at_5_and_40_listings(client, tracks, university):
    _add(5, tracks, university)
    technology = Technology.objects.published().filter(track=tracks[6]).first()
    few, _response = _queries(client, technology.get_absolute_url())
    _add(35, tracks, university)
    many, response = _queries(client, technology.get_absolute_url())
    assert many == few
    assert technology.title in response.content.decode()


def test_counts_follow_publishing_withdrawing_and_deleting(tracks, university):
    _add(3, tracks, university)
    assert tallies.published_counts() == {Technology: 3, Demand: 3}
    assert tallies.published_count(Technology, track=tracks[6]) == 1
    withdrawn = Technology.objects.filter(track=tracks[6]).get()
    Technology.objects.filter(pk=withdrawn.pk).update(status="withdrawn")  # the services' path
    send_listings_changed(Technology, [withdrawn.pk])
    assert tallies.published_count(Technology, track=tracks[6]) == 0
    Demand.objects.filter(track=tracks[7]).get().delete()
    assert tallies.published_counts() == {Technology: 2, Demand: 2}
    TechnologyFactory(track=tracks[7], organisation=university)  # a draft counts nowhere
    assert tallies.published_counts() == {Technology: 2, Demand: 2}
