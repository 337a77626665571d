"""A small same-site crawler for the Django test client, and the interface-language check it runs.

Used by tests/test_demo_crawl.py: it follows every internal link a person is shown, records what
each answers, and finds interface text left in the other language. Kept apart from the test module
so the checks can be tested on their own (tests/test_crawling.py).
"""

import gettext
import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from django.core.signals import request_finished
from django.db import close_old_connections

MO_FILE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
HIDDEN_TAGS = {"script", "style"}
# Attributes a reader sees or hears: they are interface text as much as a text node is.
TEXT_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfi]|%[sdfi]|\{[a-z_]*\}")
# A message counts from two letters or two characters on: a lone character ("新" for "New") is as
# likely a person's initial as interface text.
WORD = re.compile(r"[A-Za-z]{2,}")
CJK_WORD = re.compile(r"[\u3400-\u9fff].*[\u3400-\u9fff]")
# Trimmed from a text node before comparing: the punctuation templates put around a label.
OBJECT_SEGMENT = re.compile(r"^(?=.*\d)[^/]+$")
# Placeholders that always stand for a number: a text only matches the message with digits there.
NUMBER_PLACEHOLDERS = {
    "count",
    "counter",
    "n",
    "num",
    "number",
    "pk",
    "id",
    "trl",
    "days",
    "hours",
    "minutes",
    "seats",
}
EDGE_PUNCTUATION = " \t\n:：·|,，.。()（）[]【】-—–•/"


def normalise(text):
    return " ".join(text.split())


@dataclass(frozen=True)
class TextNode:
    """A piece of visible text and the language the page says it is in (the nearest `lang`)."""

    text: str
    lang: str


class PageParser(HTMLParser):
    """Links, GET-form targets and visible text (with its language) of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.actions = []  # where the page's POST forms go: what it lets the person do
        self.texts = []
        self.html_lang = ""
        self._stack = []  # (tag, lang)

    @property
    def _lang(self):
        return self._stack[-1][1] if self._stack else self.html_lang

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or "").lower() or self._lang
        if tag == "html":
            self.html_lang = lang
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("rel") in ("alternate", "canonical") and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form" and attrs.get("action"):
            method = (attrs.get("method") or "get").lower()
            (self.links if method == "get" else self.actions).append(attrs["action"])
        for name in TEXT_ATTRIBUTES & attrs.keys():
            if attrs[name]:
                self.texts.append(TextNode(normalise(attrs[name]), lang))
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(TextNode(normalise(attrs["value"]), lang))
        if tag not in VOID_TAGS:
            self._stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data):
        if any(tag in HIDDEN_TAGS for tag, _lang in self._stack):
            return
        text = normalise(data)
        if text:
            self.texts.append(TextNode(text, self._lang))


def parse_page(html):
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def _placeholder_pattern(placeholder):
    name = placeholder.strip("%()sdfi{}")
    return r"[\d,.]+" if placeholder == "%d" or name in NUMBER_PLACEHOLDERS else ".+?"


def _pattern(message):
    """A whole-text regex for a catalogue message; None when too little of it is fixed text to tell."""
    message = normalise(message)
    parts = PLACEHOLDER.split(message)
    if len(parts) == 1 or not re.search(r"[A-Za-z]{3,}|[\u3400-\u9fff]{2,}", "".join(parts)):
        return None
    pattern = re.escape(parts[0])
    for placeholder, part in zip(PLACEHOLDER.findall(message), parts[1:], strict=True):
        pattern += _placeholder_pattern(placeholder) + re.escape(part)
    return re.compile(f"^{pattern}$")


class Catalogue:
    """The compiled zh_Hans catalogue as two sets of interface strings.

    `english` holds each msgid whose Chinese differs from it (it should never show on a Chinese
    page), `chinese` each such translation (it should never show on an English page). Messages
    with placeholders become whole-text patterns. Messages holding markup are left out: their text
    is split over several nodes.
    """

    def __init__(self, path=MO_FILE):
        with open(path, "rb") as handle:
            entries = gettext.GNUTranslations(handle)._catalog
        self.english, self.chinese = set(), set()
        self.english_patterns, self.chinese_patterns = [], []
        for key, translation in entries.items():
            message = key[0] if isinstance(key, tuple) else key
            message = message.split("\x04", 1)[-1]  # drop a pgettext context
            if not message or not translation or message == translation or "<" in message:
                continue
            for text, plain, patterns, must in (
                (message, self.english, self.english_patterns, WORD),
                (translation, self.chinese, self.chinese_patterns, CJK_WORD),
            ):
                if not must.search(text):
                    continue
                pattern = _pattern(text)
                if pattern is None:
                    if not PLACEHOLDER.search(text):
                        plain.add(normalise(text))
                else:
                    patterns.append((text, pattern))

    def _find(self, text, plain, patterns):
        for candidate in {text, text.strip(EDGE_PUNCTUATION)}:
            if candidate in plain:
                return candidate
        for message, pattern in patterns:
            if pattern.match(text):
                return message
        return None

    def wrong_language(self, nodes, page_lang):
        """The catalogue messages shown as interface text in the other language on a page.

        Only text the page itself says is in its own language counts: content in the other
        language is wrapped in its `lang` (core.bilingual), so an English listing title on a
        Chinese page is never taken for an interface string.
        """
        chinese_page = page_lang.startswith("zh")
        found = []
        for node in nodes:
            if node.lang.startswith("zh") != chinese_page:
                continue
            if chinese_page:
                message = self._find(node.text, self.english, self.english_patterns)
            else:
                message = self._find(node.text, self.chinese, self.chinese_patterns)
            if message:
                found.append((message, node.text))
        return found


def _close_file(response):
    """Close a file answer's file, without the request-finished signal closing the test's connection
    (the test client keeps it disconnected only while the request runs)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


@dataclass
class Visit:
    url: str
    status: int
    referrer: str
    location: str = ""
    error: str = ""
    seconds: float = 0.0


@dataclass
class CrawlResult:
    visits: list = field(default_factory=list)
    wrong_language: dict = field(default_factory=dict)  # url -> [(message, text shown)]
    pages: dict = field(default_factory=dict)  # url -> links found on it (HTML pages read)
    actions: dict = field(default_factory=dict)  # url -> where its POST forms go
    elsewhere: dict = field(default_factory=dict)  # link in the other language -> where it was shown
    truncated: bool = False

    @property
    def visited(self):
        return {visit.url for visit in self.visits}


def shape(url):
    """The URL with each segment that names one object (it holds a digit: an id, a ref) as N."""
    path, _, query = url.partition("?")
    return "/".join("N" if OBJECT_SEGMENT.match(part) else part for part in path.split("/")) + (
        "?" if query else ""
    )


class Crawler:
    """Breadth-first over the links a person is shown, in one language.

    The admin, the API and files are requested (a link must lead somewhere) but not read for more
    links; links into the other language are only collected (`check` requests those the other
    language's walk did not reach). So that facets, pages and a long list of one kind of object do
    not crowd out the rest of the site, each path is read with at most `variants` query strings and
    each shape of URL (`shape`) at most `per_shape` times, except what the start pages and the
    person's own pages (`own`) link to: that is theirs, every item is followed.
    """

    def __init__(
        self, client, *, language, catalogue, hosts, skip, own=(), limit=600, variants=1, per_shape=3
    ):
        self.client = client
        self.language = language
        self.catalogue = catalogue
        self.hosts = hosts
        self.skip = skip
        self.own = own
        self.limit = limit
        self.variants = variants
        self.per_shape = per_shape

    def internal(self, href, base):
        href = urldefrag(urljoin(base, href.strip()))[0]
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https", "") or (parts.netloc and parts.netloc not in self.hosts):
            return None
        path = parts.path or "/"
        if any(re.search(pattern, path) for pattern in self.skip):
            return None
        return path + (f"?{parts.query}" if parts.query else "")

    def in_language(self, path):
        english = path == "/en/" or path.startswith("/en/")
        return english == (self.language == "en")

    def readable(self, path):
        return not path.startswith(("/admin/", "/api/", "/documents/", "/media/", "/static/"))

    def _admit(self, url, uncapped, per_path, per_shape):
        path = url.split("?", 1)[0]
        if not uncapped and (
            ("?" in url and per_path[path] >= self.variants) or per_shape[shape(url)] >= self.per_shape
        ):
            return False
        per_path[path] += "?" in url
        per_shape[shape(url)] += 1
        return True

    def crawl(self, starts):
        result = CrawlResult()
        queue = deque((start, "(start)", True) for start in starts)
        seen, per_path, per_shape = set(), Counter(), Counter()
        while queue:
            url, referrer, uncapped = queue.popleft()
            path = url.split("?", 1)[0]
            if url in seen or not self.in_language(path):
                if url not in seen:
                    result.elsewhere.setdefault(url, referrer)
                continue
            if not self._admit(url, uncapped, per_path, per_shape):
                continue
            if len(seen) >= self.limit:
                result.truncated = True
                break
            seen.add(url)
            visit, response = self._get(url, referrer)
            result.visits.append(visit)
            if visit.location:
                target = self.internal(visit.location, "http://testserver" + url)
                if target and target not in seen:
                    queue.appendleft((target, url, True))
                continue
            if (
                response is None
                or not self.readable(path)
                or "text/html" not in response.get("Content-Type", "")
            ):
                continue
            page = parse_page(response.content.decode("utf-8", "replace"))
            wrong = self.catalogue.wrong_language(page.texts, page.html_lang or self.language)
            if page.html_lang and not page.html_lang.startswith(self.language[:2]):
                wrong.append(("<html lang>", page.html_lang))
            if wrong:
                result.wrong_language[url] = sorted(set(wrong))
            links = [
                link
                for link in (self.internal(href, "http://testserver" + url) for href in page.links)
                if link
            ]
            result.pages[url] = links
            result.actions[url] = [action for action in page.actions if action]
            theirs = referrer == "(start)" or path.startswith(self.own)
            queue.extend((link, url, theirs) for link in links if link not in seen)
        return result

    def check(self, result, links):
        """Request each link (following redirects a few steps) only for its answer, into `result`."""
        for url, referrer in links.items():
            for _hop in range(4):
                visit, _response = self._get(url, referrer)
                result.visits.append(visit)
                target = visit.location and self.internal(visit.location, "http://testserver" + url)
                if not target or target in result.visited:
                    break
                url, referrer = target, url

    def _get(self, url, referrer):
        """The visit, and the response when it is a page answered in full (200)."""
        started = time.perf_counter()
        try:
            response = self.client.get(url)
        except Exception as error:  # noqa: BLE001 - a crash is what the crawl reports, with where it was linked
            return Visit(url, 500, referrer, error=f"{type(error).__name__}: {error}"[:300]), None
        visit = Visit(url, response.status_code, referrer, seconds=time.perf_counter() - started)
        if response.status_code in (301, 302, 303, 307, 308):
            visit.location = response["Location"]
        if response.streaming:
            _close_file(response)
        if response.status_code != 200 or response.streaming:
            return visit, None
        return visit, response
