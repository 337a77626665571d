"""A visitor on a cached roadshow page still sees today's seats: the figures come from the
uncached status endpoint through the site's own script, with no policy violation."""

from django.core.cache import caches

from tests.browser.test_content_security_policy import visit
from tests.factories.roadshow import RoadshowSessionFactory


def test_visitor_sees_seats_left_on_a_cached_session_page(page, settings):
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    session = RoadshowSessionFactory(capacity=20)
    url = f"/roadshow/sessions/{session.pk}/"
    filled = "() => document.querySelector('[data-session-status]').textContent.length > 0"
    for _visit in range(2):  # rendered, then served from the cache
        assert visit(page, url, "() => document.readyState === 'complete'") == []
        page.wait_for_function(filled)
        assert page.locator("[data-session-status]").first.inner_text() == "余 20 席"
    assert visit(page, "/roadshow/", "() => document.readyState === 'complete'") == []
    page.wait_for_function(filled)
    assert page.locator("[data-session-status]").first.inner_text() == "已报 0 / 20 席"
    caches["pages"].clear()
