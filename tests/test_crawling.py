"""The demo crawl's checks on their own: what counts as interface text in the wrong language."""

from pathlib import Path

import polib
import pytest

from tests.crawling import Catalogue, Crawler, parse_page


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in (
        ("Track", "赛道"),
        ("%(m)s min", "%(m)s 分钟"),
        ("slot %(n)s, %(m)s min", "第 %(n)s 位，%(m)s 分钟"),
        ("New", "新"),
        ("CNY", "CNY"),  # the same in both: never a finding
        ('Read <a href="%(url)s">the rules</a>', '阅读<a href="%(url)s">规则</a>'),
    ):
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path = Path(tmp_path_factory.mktemp("mo")) / "django.mo"
    po.save_as_mofile(str(path))
    return Catalogue(path)


def wrong(catalogue, html):
    page = parse_page(html)
    return catalogue.wrong_language(page.texts, page.html_lang)


def test_an_untranslated_label_on_a_chinese_page_is_found_with_its_text(catalogue):
    html = (
        '<html lang="zh-Hans"><body><label>Track</label><p>· 20 min</p><p>第 1 位，20 分钟</p></body></html>'
    )
    assert wrong(catalogue, html) == [("Track", "Track"), ("%(m)s min", "· 20 min")]


def test_content_in_the_other_language_is_not_interface_text(catalogue):
    html = (
        '<html lang="zh-Hans"><body><h2><span lang="en">Track</span> <span class="only-in-mark">仅有英文</span></h2>'
        '<option value="en" lang="en">English</option><p>CNY</p><p>Track record of the team</p>'
        "<script>var label = 'Track';</script></body></html>"
    )
    assert wrong(catalogue, html) == []


def test_a_lone_character_or_markup_message_is_not_matched(catalogue):
    assert (
        wrong(catalogue, '<html lang="en"><body><span class="avatar">新</span><p>规则</p></body></html>')
        == []
    )


def test_a_chinese_label_on_an_english_page_and_attributes_count(catalogue):
    html = '<html lang="en"><body><input placeholder="赛道"><p>20 分钟</p></body></html>'
    assert wrong(catalogue, html) == [("赛道", "赛道"), ("%(m)s 分钟", "20 分钟")]


def test_the_crawler_keeps_to_the_site_and_skips_sign_out():
    crawler = Crawler(
        None, language="zh-hans", catalogue=None, hosts={"testserver"}, skip=(r"^(/en)?/accounts/logout/",)
    )
    base = "http://testserver/listings/"
    assert crawler.internal("technologies/?page=2#top", base) == "/listings/technologies/?page=2"
    assert crawler.internal("https://example.com/", base) is None
    assert crawler.internal("mailto:a@b.c", base) is None
    assert crawler.internal("/en/accounts/logout/", base) is None
