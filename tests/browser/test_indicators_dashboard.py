"""A visitor opens the indicators dashboard in Chinese and in English and sees the charts and figures."""

import pytest
from wagtail.models import Locale

from listings.models import Demand, Technology
from tests.browser.conftest import ARTIFACTS
from tests.indicators.conftest import programme  # noqa: F401 - the shared data fixture


@pytest.fixture(autouse=True)
def locales(transactional_db):
    """A transactional test that ran before may have flushed the locales the migrations made."""

    for code in ("zh-hans", "en"):
        Locale.objects.get_or_create(language_code=code)


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_visitor_reads_the_dashboard_in_both_languages(page, programme):  # noqa: F811
    listings = (
        Technology.objects.filter(status="published").count()
        + Demand.objects.filter(status="published").count()
    )

    page.goto("/indicators/")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-tracks') !== undefined")
    assert page.locator("h1").inner_text() == "监测指标"
    assert page.locator("[data-testid=total-listings]").inner_text() == str(listings)
    assert page.locator("[data-testid=actual-platforms]").inner_text() == "37"
    labels = page.evaluate("() => Chart.getChart('chart-funnel').data.labels")
    assert labels[0] == "发布的成果和需求" and "已登记成交" in labels
    assert page.evaluate("() => Chart.getChart('chart-targets').data.datasets.map(d => d.label)") == [
        "目标",
        "实际",
    ]
    # The canvases are described by tables that screen readers read.
    assert page.locator("#chart-targets").get_attribute("aria-describedby") == "table-targets"
    assert page.locator("#table-targets tbody tr").count() == 3
    shot(page, "indicators-dashboard-zh")

    page.goto("/en/indicators/")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-tracks') !== undefined")
    assert page.locator("h1").inner_text() == "Programme indicators"
    labels = page.evaluate("() => Chart.getChart('chart-funnel').data.labels")
    assert labels[0] == "Published listings" and "Registered deals" in labels
    assert page.evaluate("() => Chart.getChart('chart-tracks').data.labels")[6] == "Advanced energy"
    shot(page, "indicators-dashboard-en")

    page.click("text=Advanced energy")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-monthly') !== undefined")
    assert page.locator("h1").inner_text() == "Programme indicators · Advanced energy"
    assert page.locator("[data-testid=total-listings]").inner_text() == "3"
