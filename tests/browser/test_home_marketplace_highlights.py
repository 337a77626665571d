"""A visitor lands on the home page, reads the marketplace figures and newest listings, follows a
figure to the full list, and sees the same strip narrowed to one track in English."""

import io

import pytest
from django.core.management import call_command

from listings.models import Demand, Technology

pytestmark = [pytest.mark.browser]


def test_visitor_reads_the_marketplace_on_the_home_page_and_on_a_track_page(page, screenshot, settings):
    settings.SEARCH_BACKEND = "embedded"  # the Elasticsearch index is not rolled back between tests
    call_command("load_demo", stdout=io.StringIO())
    newest = Technology.objects.published().order_by("-published_at", "-id").first()

    page.goto("/")
    strip = page.get_by_test_id("marketplace")
    strip.scroll_into_view_if_needed()
    assert page.get_by_test_id("figure-technologies").locator(".figure-value").inner_text() == str(
        Technology.objects.published().count()
    )
    assert page.get_by_test_id("figure-demands").locator(".figure-value").inner_text() == str(
        Demand.objects.published().count()
    )
    first = page.get_by_test_id("marketplace-technology").first
    assert first.get_attribute("data-ref") == newest.ref
    # The Chinese page shows a listing's Chinese title, its translation when it was written in English.
    expected = newest.title if newest.language == "zh" else newest.translated_title
    assert first.locator("h4").inner_text() == expected
    assert page.get_by_test_id("marketplace-technology").count() == min(
        6, Technology.objects.published().count()
    )
    screenshot("home-marketplace-highlights-zh")

    page.get_by_test_id("figure-technologies").click()
    page.wait_for_url("**/listings/technologies/")
    assert page.locator(f'[data-ref="{newest.ref}"]').count() == 1

    track = newest.track
    page.goto(f"/en/tracks/{track.slug}/")
    strip = page.get_by_test_id("marketplace")
    strip.scroll_into_view_if_needed()
    assert strip.locator("h2").inner_text() == "Marketplace activity on this track"
    assert page.get_by_test_id("figure-technologies").locator(".figure-value").inner_text() == str(
        Technology.objects.published().filter(track=track).count()
    )
    assert page.get_by_test_id("marketplace-technology").first.get_attribute("data-ref") == newest.ref
    screenshot("track-marketplace-highlights-en")
