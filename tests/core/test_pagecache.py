"""Anonymous pages come from the cache until something on them changes; nothing personal is shared."""

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from wagtail.models import Locale, Page, Site

from accounts.roles import Role
from core import pagecache
from home.models import HomePage, NewsIndexPage, NewsPage
from listings import services as listing_services
from listings.models import Technology
from roadshow.models import Registration
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.listings import TechnologyFactory
from tests.factories.roadshow import RegistrationFactory, RoadshowSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def site_tree(db):
    # The tree's root and locale come from migrations; a transactional test run before may have flushed them.
    locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=HomePage(title="滨海科技成果转化", slug="cache-home", locale=locale))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    news = home.add_child(instance=NewsIndexPage(title="新闻", slug="news", locale=locale))
    return {"home": home, "news": news}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode()


def _title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_home_page_is_served_from_the_cache_and_a_publish_shows_on_the_next_request(site_tree, client):
    first, html = _get(client, "/")
    assert first["X-Page-Cache"] == "miss"
    again, cached = _get(Client(), "/")
    assert again["X-Page-Cache"] == "hit" and cached == html

    home = Page.objects.get(pk=site_tree["home"].pk).specific
    home.title = "滨海未来产业平台（新版）"
    home.save_revision().publish()

    fresh, html = _get(Client(), "/")
    assert fresh["X-Page-Cache"] == "miss"
    assert _title(html).startswith("滨海未来产业平台（新版）")


def test_an_unpublished_news_page_is_gone_on_the_next_request(site_tree, client):
    news = site_tree["news"].add_child(
        instance=NewsPage(title="路演日程发布", slug="roadshow-day", date=dt.date(2026, 11, 1), intro="日程")
    )
    news.save_revision().publish()
    assert _get(client, "/news/roadshow-day/")[0]["X-Page-Cache"] == "miss"
    assert _get(client, "/news/roadshow-day/")[0]["X-Page-Cache"] == "hit"

    Page.objects.get(pk=news.pk).specific.unpublish()

    assert client.get("/news/roadshow-day/").status_code == 404


def test_a_listing_change_shows_on_the_listing_pages_at_once(site_tree, client):
    university = OrganisationFactory(kind="university")
    owner = user_with_role(Role.RESEARCHER, organisation=university)
    technology = TechnologyFactory(
        published=True, title="深海原位传感器", organisation=university, created_by=owner
    )
    _get(client, "/listings/technologies/")
    response, html = _get(client, "/listings/technologies/")
    assert response["X-Page-Cache"] == "hit" and "深海原位传感器" in html

    listing_services.close_listing(listing=technology, user=owner)

    response, html = _get(client, "/listings/technologies/")
    assert response["X-Page-Cache"] == "miss" and "深海原位传感器" not in html


def test_a_cached_listing_page_still_counts_each_view(site_tree, client):
    technology = TechnologyFactory(published=True, title="海水淡化膜")
    for _ in range(3):
        _get(client, technology.get_absolute_url())
    assert Technology.objects.get(pk=technology.pk).views_count == 3


def test_a_signed_in_person_never_gets_a_cached_page_and_theirs_is_never_stored(site_tree, client):
    _get(client, "/")
    assert _get(client, "/")[0]["X-Page-Cache"] == "hit"

    person = user_with_role(Role.ENTERPRISE, display_name="赵经理")
    signed_in = Client()
    signed_in.force_login(person)
    response, html = _get(signed_in, "/")
    assert "X-Page-Cache" not in response
    assert 'data-testid="account-link"' in html and "赵经理" in html

    anonymous, html = _get(Client(), "/")
    assert anonymous["X-Page-Cache"] == "hit"
    assert "赵经理" not in html and 'data-testid="account-link"' not in html


def test_cached_pages_carry_no_csrf_token_or_nonce_and_set_no_cookie(site_tree):
    first, html = _get(Client(), "/")
    second, cached = _get(Client(), "/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    for response in (first, second):
        assert not response.cookies
        assert "nonce-" not in response["Content-Security-Policy"]
    assert "csrfmiddlewaretoken" not in cached and "nonce=" not in cached


def test_a_response_that_used_the_csrf_token_a_nonce_or_a_message_is_never_stored(site_tree):
    factory = RequestFactory()
    request = factory.get("/")
    get_token(request)
    assert not pagecache.is_shareable(request, HttpResponse("form"))

    request = factory.get("/")
    request._csp_nonce = "abc"
    assert not pagecache.is_shareable(request, HttpResponse("script"))

    request = factory.get("/")
    request.COOKIES["messages"] = "x"
    assert not pagecache.is_visitor(request)

    response = HttpResponse("cookie")
    response.set_cookie("choice", "1")
    assert not pagecache.is_shareable(factory.get("/"), response)
    assert pagecache.is_shareable(factory.get("/"), HttpResponse("plain"))


def test_seats_and_live_now_come_from_the_uncached_status_endpoint(site_tree, client):
    session = RoadshowSessionFactory(capacity=20)
    RegistrationFactory(session=session, user=user_with_role(Role.INVESTOR))
    url = f"/roadshow/sessions/{session.pk}/"
    _get(client, url)
    response, html = _get(client, url)
    assert response["X-Page-Cache"] == "hit"
    assert f'data-session-status="{session.pk}" data-show="seats_left"' in html
    assert "余 19 席" not in html

    status = client.get(f"/roadshow/status/?ids={session.pk}")
    assert status["Cache-Control"].startswith("max-age=0")
    assert status.json() == {
        "sessions": {str(session.pk): {"seats": "已报 1 / 20 席", "seats_left": "余 19 席", "live": False}}
    }
    RegistrationFactory(
        session=session, user=user_with_role(Role.INVESTOR), status=Registration.Status.CONFIRMED
    )
    assert client.get(f"/roadshow/status/?ids={session.pk}").json()["sessions"][str(session.pk)][
        "seats_left"
    ] == ("余 18 席")
    assert client.get("/roadshow/status/?ids=x").status_code == 400
