"""The demo site after `load_demo`: every page answers in both languages with the plan's content."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Page, Revision, Site, WorkflowPage

from accounts.models import Organisation, User
from demo import site_data as demo_data
from home.models import HomePage, NewsPage, PolicyPage, TrackPage
from roadshow.models import PitchApplication
from search import sitewide
from taxonomy.models import Track

pytestmark = pytest.mark.django_db

PLAN_URL = "/policies/binhai-future-industries-action-plan/"


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.smoke
def test_home_page_shows_the_plans_goals_and_the_eight_tracks_in_both_languages(demo, client):
    zh = _get(client, "/")
    assert "培育新赛道 打造未来产业创新高地" in zh
    assert "未来产业集聚区" in zh and ">10<" in zh.replace(" ", "")
    assert "未来技术典型应用场景" in zh
    assert "进入全国第一梯队" in zh
    for track in demo_data.TRACKS:
        assert track["name"]["zh"] in zh
    # Contact details from the site settings, in the footer of every page.
    assert "022-0000-0000" in zh and "service@demo.binhai.test" in zh and "津ICP备00000000号（示例）" in zh
    en = _get(client, "/en/")
    assert "Cultivating new tracks for future industries" in en
    assert "Future-industry clusters" in en
    assert "national first tier" in en
    for track in demo_data.TRACKS:
        assert track["name"]["en"] in en


@pytest.mark.smoke
@pytest.mark.parametrize("track", demo_data.TRACKS, ids=lambda t: t["slug"])
def test_every_track_page_presents_its_focus_areas_sources_carriers_and_zones(demo, client, track):
    zh = _get(client, f"/tracks/{track['slug']}/")
    assert f"<h1>{track['name']['zh']}</h1>" in zh
    assert track["focus_areas"][0]["zh"] in zh
    assert track["innovation_sources"][0]["zh"] in zh
    assert track["industry_carriers"][0]["zh"] in zh
    assert track["clusters"][0]["zh"] in zh
    assert "到2030年" in zh and "10个未来产业集聚区" in zh
    en = _get(client, f"/en/tracks/{track['slug']}/")
    assert f"<h1>{track['name']['en']}</h1>" in en
    assert escape(track["focus_areas"][-1]["en"]) in en
    assert escape(track["innovation_sources"][-1]["en"]) in en
    assert "By 2030" in en


def test_track_page_lists_the_development_zones_of_its_track(demo, client):
    page = TrackPage.objects.get(track__slug="bio-manufacturing", locale__language_code="zh-hans")
    assert sorted(page.development_zones.values_list("slug", flat=True)) == [
        "dagang-petrochemical-park",
        "teda",
        "tianjin-port-ftz",
    ]
    html = _get(client, "/en/tracks/bio-manufacturing/")
    assert "Dagang" in html and "TEDA" in html


@pytest.mark.smoke
def test_the_plan_is_the_first_policy_with_its_sections_as_the_body(demo, client):
    index = _get(client, "/policies/")
    assert "滨海新区培育新赛道 打造未来产业创新高地行动方案" in index
    zh = _get(client, PLAN_URL)
    assert "天津市滨海新区人民政府办公室" in zh
    assert "2023年7月6日" in zh
    for heading in ("一、总体要求", "二、发展目标", "四、空间布局", "六、保障措施"):
        assert heading in zh
    assert "进一步完善“数字化科技成果转化服务与交易中心”" in zh
    en = _get(client, "/en" + PLAN_URL)
    assert "General Office of the People&#x27;s Government of Binhai New Area" in en
    assert "6 July 2023" in en
    assert "2. Goals" in en and "6. Safeguards" in en
    plan = PolicyPage.objects.get(locale__language_code="zh-hans")
    assert plan.related_tracks.count() == 8
    assert [block.block_type for block in plan.body][:2] == ["figures", "section"]


def test_news_index_and_every_news_item_answer_in_both_languages(demo, client):
    assert "滨海新区印发行动方案 布局八条未来产业新赛道" in _get(client, "/news/")
    assert "Binhai New Area issues action plan for eight future-industry tracks" in _get(client, "/en/news/")
    for item in demo_data.NEWS:
        zh = _get(client, f"/news/{item['slug']}/")
        assert item["title"]["zh"] in zh
        assert item["paragraphs"][0]["zh"][:20] in zh
        en = _get(client, f"/en/news/{item['slug']}/")
        assert escape(item["title"]["en"]) in en


def test_every_page_has_an_english_translation_with_the_same_translation_key(demo):
    chinese = Page.objects.filter(locale__language_code="zh-hans", depth__gte=2)
    assert chinese.count() == 1 + 1 + 8 + 1 + 1 + 1 + len(demo_data.NEWS) + 1
    for page in chinese:
        english = page.get_translation_or_none(page.locale.__class__.objects.get(language_code="en"))
        assert english is not None and english.live, page.title
        assert english.translation_key == page.translation_key


def test_site_points_at_the_chinese_home_page_on_port_8000(demo):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert site.root_page.specific == HomePage.objects.get(locale__language_code="zh-hans")


def test_moderators_approval_workflow_is_assigned_to_the_root_and_applies_to_every_page(demo):
    root = Page.get_first_root_node()
    assert WorkflowPage.objects.get(page=root).workflow.name == "Moderators approval"
    news = NewsPage.objects.filter(locale__language_code="en").first()
    assert news.get_workflow().name == "Moderators approval"


def test_demo_people_have_verified_addresses_roles_and_the_printed_password(demo):
    assert demo_data.DEMO_PASSWORD in demo
    for item in demo_data.DEMO_USERS:
        assert item["email"] in demo
        user = User.objects.get(email=item["email"])
        assert user.check_password(demo_data.DEMO_PASSWORD)
        assert user.emailaddress_set.get(email=item["email"]).verified
        assert user.has_role(item["role"])
    assert Organisation.objects.get(slug="tianjin-university").name_en == "Tianjin University"


def test_demo_editor_reaches_the_wagtail_admin_dashboard(demo, client):
    editor = User.objects.get(email="editor@demo.binhai.test")
    assert client.login(email=editor.email, password=demo_data.DEMO_PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "- 滨海科技成果转化</title>" in response.content.decode()
    tracks = client.get("/admin/snippets/taxonomy/track/")
    assert tracks.status_code == 200
    assert "深海探采" in tracks.content.decode()
    assert client.get("/admin/snippets/taxonomy/developmentzone/?q=TEDA").status_code == 200
    assert client.get("/admin/pages/").status_code == 200


def test_running_load_demo_again_changes_nothing(demo):
    def counts():
        return (
            Page.objects.count(),
            Revision.objects.count(),
            Track.objects.count(),
            User.objects.count(),
            Organisation.objects.count(),
            list(Page.objects.order_by("path").values_list("path", "title", "live")),
        )

    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before


@pytest.mark.smoke
def test_language_switcher_on_a_track_page_targets_the_same_pages_translation(demo, client):
    assert _switch_link(_get(client, "/tracks/deep-sea/"), "en") == "/en/tracks/deep-sea/"
    assert _switch_link(_get(client, "/en/tracks/deep-sea/"), "zh-hans") == "/tracks/deep-sea/"


def test_language_switcher_is_a_plain_link_without_a_csrf_token(demo, client):
    html = _get(client, "/tracks/deep-sea/")
    switcher = re.search(r'<a href="[^"]*"[^>]*data-testid="switch-to-en">', html)
    assert switcher is not None
    assert "csrfmiddlewaretoken" not in html


def test_language_switcher_follows_a_translated_slug(demo, client):
    english = TrackPage.objects.get(track__slug="deep-sea", locale__language_code="en")
    english.slug = "deep-sea-exploration"
    english.save_revision().publish()
    assert _switch_link(_get(client, "/tracks/deep-sea/"), "en") == "/en/tracks/deep-sea-exploration/"
    assert _switch_link(_get(client, "/en/tracks/deep-sea-exploration/"), "zh-hans") == "/tracks/deep-sea/"


def test_language_switcher_off_wagtail_pages_keeps_the_path(demo, client):
    assert _switch_link(_get(client, "/accounts/login/"), "en") == "/en/accounts/login/"
    assert _switch_link(_get(client, "/en/accounts/login/"), "zh-hans") == "/accounts/login/"


def _switch_link(html, code):
    match = re.search(rf'<a href="([^"]*)"[^>]*data-testid="switch-to-{code}">', html)
    return match.group(1)


def test_language_switcher_on_a_page_without_translation_falls_back_to_the_translated_home(demo, client):
    index = Page.objects.get(slug="news", locale__language_code="zh-hans")
    page = index.add_child(
        instance=NewsPage(
            title="仅中文", slug="zh-only", date="2026-01-01", intro="仅中文稿", locale=index.locale
        )
    )
    page.save_revision().publish()
    assert _switch_link(_get(client, "/news/zh-only/"), "en") == "/en/"


def test_open_graph_meta_describes_the_page(demo, client):
    html = _get(client, PLAN_URL)
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="滨海新区培育新赛道 打造未来产业创新高地行动方案">' in html
    assert 'property="og:description" content="方案提出在生物制造' in html
    assert f'<link rel="alternate" hreflang="en" href="http://testserver/en{PLAN_URL}">' in html
    english = _get(client, "/en" + PLAN_URL)
    assert f'<link rel="alternate" hreflang="zh-Hans" href="http://testserver{PLAN_URL}">' in english


def test_policy_index_filters_by_tag_track_and_year(demo, client):
    assert "行动方案" in _get(client, "/policies/?tag=行动方案")
    html = _get(client, "/policies/?year=2020")
    assert "No policy matches these filters." in html or "没有符合筛选条件的政策" in html


def test_news_index_filters_by_year_and_explains_bad_input(demo, client):
    html = _get(client, "/en/news/?year=2023")
    assert "Binhai New Area issues action plan" in html
    assert "Binhai Future Industries Technology Transfer goes live" not in html
    html = _get(client, "/en/news/?year=abc&track=no-such-track")
    assert "Enter a year such as 2023." in html
    assert "There is no such track." in html
    # Bad filters are ignored rather than hiding everything.
    assert "Binhai New Area issues action plan" in html


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_news(count):
    index = Page.objects.get(slug="news", locale__language_code="zh-hans")
    tracks = list(Track.objects.all())
    for i in range(count):
        page = index.add_child(
            instance=NewsPage(
                title=f"测试新闻{i}", slug=f"extra-{i}", date="2026-02-01", intro="测试", locale=index.locale
            )
        )
        page.related_tracks.set(tracks)
        page.tags.add(f"标签{i}")
        page.save_revision().publish()


def _add_track():
    index = Page.objects.get(slug="tracks", locale__language_code="zh-hans")
    track = Track.objects.create(slug="extra-track", name_zh="附加赛道", name_en="Extra track", order=9)
    page = index.add_child(
        instance=TrackPage(title="附加赛道", slug="extra-track", track=track, locale=index.locale)
    )
    page.save_revision().publish()


def test_home_page_queries_do_not_grow_with_news_or_tracks(demo, client, django_assert_max_num_queries):
    client.get("/")  # warm the site-root cache
    before = _count_queries(client, "/")
    _add_news(6)
    _add_track()
    with django_assert_max_num_queries(before):
        client.get("/")
    assert before <= 30


def test_track_page_queries_do_not_grow_with_news_or_tracks(demo, client, django_assert_max_num_queries):
    client.get("/tracks/aerospace/")
    before = _count_queries(client, "/tracks/aerospace/")
    _add_news(6)
    _add_track()
    with django_assert_max_num_queries(before):
        client.get("/tracks/aerospace/")
    assert before <= 30


def test_news_index_queries_do_not_grow_with_news(demo, client, django_assert_max_num_queries):
    client.get("/news/")
    before = _count_queries(client, "/news/")
    _add_news(6)
    with django_assert_max_num_queries(before):
        client.get("/news/")


def test_news_and_policy_pages_preview_as_a_listing_card(demo, rf):
    news = NewsPage.objects.get(slug=demo_data.NEWS[0]["slug"], locale__language_code="zh-hans")
    assert [mode for mode, _label in news.preview_modes] == ["", "card"]
    html = news.make_preview_request(preview_mode="card").render().content.decode()
    assert news.title in html and 'class="article-card"' in html
    assert demo_data.NEWS[0]["paragraphs"][-1]["zh"][:20] not in html
    full = news.make_preview_request(preview_mode="").render().content.decode()
    assert demo_data.NEWS[0]["paragraphs"][-1]["zh"][:20] in full


def test_track_snippet_links_to_its_page_in_the_active_language(demo):
    track = Track.objects.get(slug="aerospace")
    assert track.get_absolute_url() == "/tracks/aerospace/"
    with translation.override("en"):
        assert track.get_absolute_url() == "/en/tracks/aerospace/"
        assert track.name == "Aerospace utilisation"
        assert track.keyword_list[:2] == ["launch vehicle", "reusable rocket"]
    assert track.keyword_list[:2] == ["运载火箭", "可重复使用火箭"]


def test_site_wide_page_search_finds_tracks_by_title_and_by_text(demo, client):
    found = [page.specific for page in Page.objects.live().search("hydrogen")]
    assert any(getattr(page, "track", None) and page.track.slug == "advanced-energy" for page in found)
    client.force_login(User.objects.get(email="editor@demo.binhai.test"))
    response = client.get("/admin/pages/search/", {"q": "深海探采"})
    assert response.status_code == 200
    deep_sea = TrackPage.objects.get(slug="deep-sea", locale__language_code="zh-hans")
    assert f"/admin/pages/{deep_sea.pk}/edit/" in response.content.decode()


def test_policy_and_news_indexes_publish_rss_feeds_in_each_language(demo, client):
    response = client.get("/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    body = response.content.decode()
    assert f"<title>{demo_data.NEWS[0]['title']['zh']}</title>" in body
    assert "<language>zh-hans</language>" in body
    assert "<category>深海探采</category>" in body
    english = client.get("/en/policies/feed/").content.decode()
    assert "<title>Binhai New Area Action Plan for Cultivating New Tracks" in english
    # Links use the site's own address, not whichever host the request came through.
    assert "<link>http://127.0.0.1:8000/en/policies/binhai-future-industries-action-plan/</link>" in english
    assert "<description>Policy documents on the Binhai New Area's future industries" in english
    assert "+0800</pubDate>" in english
    assert 'href="/news/feed/"' in _get(client, "/news/")


def test_news_index_paginates_and_keeps_filters_in_page_links(demo, client):
    _add_news(12)  # all dated 2026-02-01, next to the two 2026 demo items
    html = _get(client, "/news/?year=2026")
    assert "共 14 条" in html
    assert 'href="?year=2026&amp;page=2"' in html
    second = _get(client, "/news/?year=2026&page=2")
    assert "第 2 页，共 2 页" in second
    assert second.count('class="article-card"') == 4
    tagged = _get(client, "/news/?tag=行动方案")
    assert tagged.count('class="article-card"') == 1


def test_sitemap_lists_every_page_in_both_languages(demo, client):
    response = client.get("/sitemap/")
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        body.count("<url>") == 2 * Page.objects.filter(locale__language_code="zh-hans", depth__gte=2).count()
    )
    assert "<loc>http://127.0.0.1:8000/tracks/deep-sea/</loc>" in body
    assert "<loc>http://127.0.0.1:8000/en/tracks/deep-sea/</loc>" in body


def test_the_site_wide_search_finds_the_demo_products_pitches_policies_and_news(demo, client):
    product = sitewide.search_site(kind="product", query="钠离子电池储能柜")
    assert str(product.results[0].title) == "钠离子电池储能柜 NaESS-215"
    with translation.override("en"):
        product = sitewide.search_site(kind="product", query="energy-storage cabinet")
        assert str(product.results[0].title) == "NaESS-215 sodium-ion battery energy-storage cabinet"
        assert product.results[0].url == f"/en/products/{product.results[0].ref}/"
    policy = sitewide.search_site(kind="policy", query="未来产业创新高地")
    assert [str(hit.title) for hit in policy.results] == ["滨海新区培育新赛道 打造未来产业创新高地行动方案"]
    news = sitewide.search_site(kind="news", query="eight future-industry tracks")
    assert str(news.results[0].title) == "滨海新区印发行动方案 布局八条未来产业新赛道"
    counts = {option.value: option.count for option in news.kinds}
    assert counts["news"] == news.total >= 1
    assert counts["pitch"] == sitewide.search_site(kind="pitch", query="eight future-industry tracks").total
    pitches = sitewide.search_site(kind="pitch")
    assert (
        pitches.total == PitchApplication.objects.filter(status="accepted", session__isnull=False).count() > 0
    )
    html = client.get("/search/", {"q": "钠离子电池", "kind": "pitch"}).content.decode()
    assert 'data-kind="pitch"' in html
