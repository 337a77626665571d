"""The English site with the demo: every public page type reads in English, interface and content alike.

Chinese may appear on /en/ only where it is marked as Chinese (`lang="zh-Hans"`): the language switch,
and content that exists only in Chinese, which is then also marked "Chinese only". The demo gives
every item both languages, so no demo page may show that mark; and the reverse holds on `/`.
"""

import re
from html.parser import HTMLParser

import pytest

from accounts.models import Organisation
from listings.models import Demand, Technology
from procurement.models import InnovationProduct, RecommendationBatch
from roadshow.models import RoadshowSeries, RoadshowSession

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]+")
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "content")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class UnmarkedChinese(HTMLParser):
    """Collects Chinese text shown to the reader outside any element marked lang="zh…"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, is_chinese, is_hidden)
        self.found = []
        self.marks = 0

    def _chinese(self):
        return any(chinese for _tag, chinese, _hidden in self.stack)

    def _hidden(self):
        return any(hidden for _tag, _chinese, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or "").lower()
        chinese = lang.startswith("zh")
        hidden = tag in ("script", "style", "template") or tag == "head" and False
        if "only-in-mark" in (attrs.get("class") or "").split():
            self.marks += 1
        if not (chinese or self._chinese()):
            for name in SHOWN_ATTRIBUTES:
                value = attrs.get(name) or ""
                if (
                    tag == "meta"
                    and attrs.get("name") not in ("description",)
                    and attrs.get("property")
                    not in (
                        "og:title",
                        "og:description",
                    )
                ):
                    continue
                if HAN.search(value):
                    self.found.append(f"<{tag} {name}={value[:60]!r}>")
        if tag not in VOID:
            self.stack.append((tag, chinese, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self._hidden() or self._chinese():
            return
        for match in HAN.finditer(data):
            start = max(match.start() - 20, 0)
            self.found.append(data[start : match.end() + 20].strip())


def _public_urls():
    technology = Technology.objects.published().order_by("ref").first()
    demand = Demand.objects.published().order_by("ref").first()
    english_technology = Technology.objects.published().filter(language="en").order_by("ref").first()
    organisation = Organisation.objects.filter(slug="tianjin-university").get()
    product = InnovationProduct.objects.filter(status="accepted").order_by("pk").first()
    batch = RecommendationBatch.objects.order_by("pk").first()
    series = RoadshowSeries.objects.get(slug="investor-day-monthly")
    session = RoadshowSession.objects.filter(series=series).order_by("starts_at").first()
    return [
        "/",
        "/tracks/",
        "/tracks/advanced-energy/",
        "/news/",
        "/policies/",
        "/policies/binhai-future-industries-action-plan/",
        "/search/?q=battery",
        technology.get_absolute_url(),
        demand.get_absolute_url(),
        english_technology.get_absolute_url(),
        organisation.get_absolute_url(),
        "/roadshow/",
        series.get_absolute_url(),
        session.get_absolute_url(),
        "/products/",
        product.get_absolute_url(),
        batch.get_absolute_url(),
        "/platforms/",
    ]


def _english(url):
    return "/en" + url


def test_every_public_page_type_reads_in_english_on_en(demo, client):
    problems = {}
    for url in _public_urls():
        response = client.get(_english(url))
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "en", url
        parser = UnmarkedChinese()
        parser.feed(response.content.decode())
        if parser.found or parser.marks:
            problems[url] = {"unmarked Chinese": parser.found[:8], "Chinese-only marks": parser.marks}
    assert problems == {}


def test_every_public_page_type_has_no_english_only_demo_content_on_the_chinese_site(demo, client):
    marked = {}
    for url in _public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        parser = UnmarkedChinese()
        parser.feed(response.content.decode())
        if parser.marks:
            marked[url] = parser.marks
    assert marked == {}
