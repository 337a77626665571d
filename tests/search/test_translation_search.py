"""A listing is found by the words of either of its languages, on both backends."""

import pytest
from django.utils import translation

from search.services import search_listings
from tests.factories.listings import TechnologyFactory

pytestmark = pytest.mark.django_db


def test_a_chinese_listing_is_found_by_its_english_translation(backend, energy, university, announce):
    listing = TechnologyFactory(
        published=True,
        organisation=university,
        track=energy,
        title="宽温域钠离子电池正极材料",
        summary="零下二十度容量保持率超过九成。",
        translated_title="Wide-temperature sodium-ion cathode",
        translated_summary="Keeps over 90% of its capacity in deep cold.",
    )
    other = TechnologyFactory(
        published=True,
        organisation=university,
        track=energy,
        title="深海压力传感器",
        summary="万米级压力测量。",
        description="",
        keywords=["深海"],
    )
    announce(listing, other)
    with translation.override("en"):
        result = search_listings(kind="technology", query="cathode cold")
    assert [hit.listing.ref for hit in result.results] == [listing.ref]
    assert str(result.results[0].title_html) == "Wide-temperature sodium-ion <mark>cathode</mark>"
