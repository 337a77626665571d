"""A visitor searches in English, finds a Chinese technology, narrows by facet and reads its matches."""

import pytest

from search import services
from tests.factories.accounts import OrganisationFactory
from tests.factories.home import create_tracks
from tests.factories.listings import DemandFactory, TechnologyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_searches_in_english_finds_chinese_technology_and_filters_by_facet(
    page, screenshot, settings
):
    settings.SEARCH_BACKEND = "embedded"  # the Elasticsearch index is not rolled back between tests
    tracks = {t.slug: t for t in create_tracks()}
    university = OrganisationFactory(name="天津示例大学", kind="university")
    cathode = TechnologyFactory(
        ref="T-CATHODE",
        title="低温型钠离子电池层状氧化物正极材料",
        summary="零下30度容量保持率超过85%的钠离子电池正极材料。",
        keywords=["钠离子电池", "正极材料"],
        track=tracks["advanced-energy"],
        organisation=university,
        trl=6,
        published=True,
    )
    lung = TechnologyFactory(
        ref="T-LUNG",
        title="Lung nodule CT diagnosis with deep learning",
        summary="Detects lung nodules on CT and grades them.",
        keywords=["intelligent diagnosis"],
        language="en",
        track=tracks["brain-smart-medicine"],
        organisation=university,
        trl=8,
        published=True,
    )
    demand = DemandFactory(
        ref="D-COLD",
        title="储能电站用低温钠离子电池",
        summary="北方储能电站寻求低温性能优异的钠离子电池技术。",
        keywords=["钠离子电池", "储能"],
        track=tracks["advanced-energy"],
        published=True,
    )
    services.index_listings(kind="technology", ids=[cathode.pk, lung.pk])
    services.index_listings(kind="demand", ids=[demand.pk])

    page.goto("/search/")
    page.fill("#search-q", "sodium-ion battery")
    page.locator("#search-q").press("Enter")
    page.wait_for_selector('[data-ref="T-CATHODE"]')
    assert page.get_by_test_id("total").inner_text() == "1 条结果"
    assert page.locator('[data-ref="T-CATHODE"] mark').first.inner_text() == "钠离子电池"
    assert page.locator('[data-ref="T-LUNG"]').count() == 0

    page.fill("#search-q", "")
    page.locator("#search-q").press("Enter")
    page.wait_for_selector('[data-ref="T-LUNG"]')
    track_facet = page.locator('[data-facet="track"] a[data-value="brain-smart-medicine"]')
    assert track_facet.locator(".count").inner_text() == "1"
    track_facet.click()
    page.wait_for_selector('[data-facet="track"] a[aria-current="true"]')
    assert page.locator(".search-hit").count() == 1
    assert page.locator(".search-hit").first.get_attribute("data-ref") == "T-LUNG"
    screenshot("search-facet-filtered")

    # The chosen track applies to every kind: the demands tab keeps it (no demand in that track).
    page.locator('.search-tabs a[data-kind="demand"]').click()
    page.wait_for_url("**kind=demand**")
    assert "track=brain-smart-medicine" in page.url
    assert page.locator(".search-hit").count() == 0
    page.get_by_role("link", name="清除全部筛选").click()
    page.wait_for_selector('[data-ref="D-COLD"]')
    assert "kind=demand" in page.url
    assert "储能电站用低温钠离子电池" in page.locator('[data-ref="D-COLD"] h2').inner_text()
