"""Site-wide search: innovation products, roadshow pitches, policies and news beside the listings,
on both backends, with the kind facet, the listing facets, the page in both languages and the API."""

import datetime as dt
import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import reset_queries
from django.utils import timezone, translation
from wagtail.models import Locale, Page, Site

from home.models import HomePage, NewsIndexPage, NewsPage, PolicyIndexPage, PolicyPage
from listings.models import Technology
from listings.signals import listings_changed
from procurement.models import InnovationProduct
from roadshow.models import PitchApplication, RoadshowSession
from search import services, sitewide
from search.backends import get_backend
from search.models import SearchDocument
from search.tasks import apply_glossary_change
from tests.factories.listings import TechnologyFactory
from tests.factories.procurement import InnovationProductFactory
from tests.factories.roadshow import PitchFactory, RoadshowSessionFactory

SITE_KINDS = ("product", "pitch", "policy", "news")


@pytest.fixture
def site_backend(backend):
    """Both backends, with the site kinds' Elasticsearch indexes emptied too."""
    if backend == "elasticsearch":
        es = get_backend("elasticsearch")
        for kind in SITE_KINDS:
            es.clear(kind)
    return backend


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change the way a request does: its on-commit hooks (the outbox, the index tasks) run."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _add_page(parent, page):
    """A live page, published through a revision as editors do (the publish signal fires)."""
    page.live = False
    parent.add_child(instance=page)
    return _publish(page)


@pytest.fixture
def page_parents(db):
    # The locales come from migrations; a transactional test run before may have flushed them.
    zh, _created = Locale.objects.get_or_create(language_code="zh-hans")
    Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=zh))
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="sitewide-home", locale=zh))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    return {
        "policies": home.add_child(instance=PolicyIndexPage(title="政策", slug="policies", locale=zh)),
        "news": home.add_child(instance=NewsIndexPage(title="新闻", slug="news", locale=zh)),
        "home": home,
    }


def _translate(page, **fields):
    """The page's English translation, with its own texts, published (parents translated first)."""
    en = Locale.objects.get(language_code="en")
    for ancestor in page.get_ancestors().specific().filter(depth__gt=1):
        if not ancestor.has_translation(en):
            ancestor.copy_for_translation(en).save_revision().publish()
    translation_page = page.copy_for_translation(en)
    for name, value in fields.items():
        setattr(translation_page, name, value)
    translation_page.save()
    return _publish(translation_page)


@pytest.fixture
def content(site_backend, tracks, university, enterprise_org, researcher, page_parents, commit, announce):
    """One public item of each kind (deep-sea or energy), and a private twin of each."""
    deep_sea = next(t for t in tracks if t.slug == "deep-sea")
    energy = next(t for t in tracks if t.slug == "advanced-energy")

    def make():
        items = {}
        items["product"] = InnovationProductFactory(
            name="深海作业级遥控潜水器",
            name_en="Work-class remotely operated vehicle for the deep sea",
            summary="可在6000米水深连续作业的遥控潜水器。",
            summary_en="A remotely operated vehicle working continuously at 6,000 metres.",
            track=deep_sea,
            organisation=enterprise_org,
            status=InnovationProduct.Status.RECOMMENDED,
        )
        items["private_product"] = InnovationProductFactory(
            name="深海潜水器样机（评审中）",
            summary="尚在评审的遥控潜水器。",
            track=deep_sea,
            organisation=enterprise_org,
            status=InnovationProduct.Status.UNDER_EVALUATION,
        )
        technology = TechnologyFactory(
            ref="T-NODULE",
            title="多金属结核集矿机器人",
            summary="海底多金属结核的履带式集矿机器人。",
            translated_title="Polymetallic nodule collector robot",
            translated_summary="A tracked robot that collects polymetallic nodules from the seabed.",
            keywords=["集矿机器人"],
            track=deep_sea,
            organisation=university,
            published=True,
        )
        session = RoadshowSessionFactory(title="深海探采专场", title_en="Deep-sea roadshow", track=deep_sea)
        items["pitch"] = PitchFactory(
            technology=technology,
            session=session,
            applicant=researcher,
            status=PitchApplication.Status.ACCEPTED,
        )
        items["private_pitch"] = PitchFactory(
            technology=TechnologyFactory(
                ref="T-NODULE-2",
                title="结核集矿机器人第二代",
                track=deep_sea,
                organisation=university,
                published=True,
            ),
            session=session,
            applicant=researcher,
            status=PitchApplication.Status.SUBMITTED,
        )
        items["policy"] = _add_page(
            page_parents["policies"],
            PolicyPage(
                title="关于支持深海装备首台套应用的若干措施",
                slug="deep-sea-measures",
                issuing_body="滨海新区科技局",
                date=dt.date(2026, 9, 1),
                summary="对深海装备首台套给予奖励。",
            ),
        )
        items["policy"].related_tracks.set([deep_sea])
        _publish(items["policy"])
        _translate(
            items["policy"],
            title="Measures supporting first deployments of deep-sea equipment",
            summary="Rewards for the first unit of deep-sea equipment.",
            slug="deep-sea-measures",
        )
        items["draft_policy"] = page_parents["policies"].add_child(
            instance=PolicyPage(
                title="深海装备政策草案",
                slug="draft-deep-sea",
                issuing_body="滨海新区科技局",
                date=dt.date(2026, 10, 1),
                live=False,
            )
        )
        items["news"] = _add_page(
            page_parents["news"],
            NewsPage(
                title="深海装备产业联盟成立",
                slug="deep-sea-alliance",
                date=dt.date(2026, 10, 8),
                intro="二十家深海装备企业结成产业联盟。",
            ),
        )
        _translate(
            items["news"],
            title="Deep-sea equipment alliance founded",
            intro="Twenty deep-sea equipment makers form an alliance.",
            slug="deep-sea-alliance",
        )
        items["energy_news"] = _add_page(
            page_parents["news"],
            NewsPage(
                title="钠离子电池储能示范项目投运",
                slug="sodium-storage",
                date=dt.date(2026, 10, 9),
                intro="先进能源赛道的储能示范。",
            ),
        )
        items["energy_news"].related_tracks.set([energy])
        _publish(items["energy_news"])
        return items

    items = commit(make)
    announce(*Technology.objects.all())
    return items


def _found(kind, query, **kwargs):
    return [hit.pk for hit in sitewide.search_site(kind=kind, query=query, **kwargs).results]


@pytest.mark.parametrize(
    ("kind", "chinese", "english"),
    [
        ("product", "遥控潜水器", "remotely operated vehicle"),
        ("pitch", "集矿机器人", "nodule collector"),
        ("policy", "首台套", "first deployments"),
        ("news", "产业联盟", "alliance"),
    ],
)
def test_each_kind_is_found_by_a_chinese_and_an_english_query(content, kind, chinese, english):
    expected = [content[kind].pk]
    assert _found(kind, chinese) == expected
    assert _found(kind, english) == expected
    with translation.override("en"):
        assert _found(kind, chinese) == expected


def test_private_draft_and_unpublished_items_are_never_indexed_or_found(content):
    assert _found("product", "潜水器") == [content["product"].pk]
    assert _found("pitch", "机器人") == [content["pitch"].pk]
    assert _found("policy", "深海装备") == [content["policy"].pk]
    indexed = set(SearchDocument.objects.filter(kind__in=SITE_KINDS).values_list("kind", "listing_id"))
    assert indexed == {
        ("product", content["product"].pk),
        ("pitch", content["pitch"].pk),
        ("policy", content["policy"].pk),
        ("news", content["news"].pk),
        ("news", content["energy_news"].pk),
    }


def test_a_policy_and_its_translation_are_one_document_opened_in_the_readers_language(content):
    policy = content["policy"]
    english = policy.get_translation(Locale.objects.get(language_code="en"))
    hit = sitewide.search_site(kind="policy", query="深海").results[0]
    assert (hit.pk, str(hit.title), hit.url) == (policy.pk, policy.title, policy.get_url())
    with translation.override("en"):
        hit = sitewide.search_site(kind="policy", query="深海").results[0]
    assert (str(hit.title), hit.url, hit.title.fallback) == (english.title, english.get_url(), False)
    assert hit.url.startswith("/en/")


def test_a_pitch_reads_in_the_readers_language(content):
    hit = sitewide.search_site(kind="pitch", query="nodule").results[0]
    assert (str(hit.title), hit.title.lang) == ("多金属结核集矿机器人", "zh")
    with translation.override("en"):
        hit = sitewide.search_site(kind="pitch", query="集矿机器人").results[0]
    assert (str(hit.title), str(hit.summary)) == (
        "Polymetallic nodule collector robot",
        "A tracked robot that collects polymetallic nodules from the seabed.",
    )
    assert hit.url == "/en" + content["pitch"].session.get_absolute_url()


def test_changes_reach_the_index(content, commit):
    product, pitch, policy = content["product"], content["pitch"], content["policy"]

    def rename():
        product.name = "全海深遥控潜水器"
        product.save()

    commit(rename)
    assert _found("product", "全海深") == [product.pk]

    def withdraw():
        product.status = InnovationProduct.Status.WITHDRAWN
        product.save()

    commit(withdraw)
    assert _found("product", "潜水器") == []
    assert not SearchDocument.objects.filter(kind="product").exists()

    def cancel():
        pitch.session.status = RoadshowSession.Status.CANCELLED
        pitch.session.save()

    commit(cancel)
    assert _found("pitch", "集矿机器人") == []

    commit(policy.unpublish)
    # The English translation stays live: it now stands for the policy.
    english = policy.get_translation(Locale.objects.get(language_code="en"))
    assert _found("policy", "first deployments") == [english.pk]
    commit(english.specific.unpublish)
    assert _found("policy", "first deployments") == []


def test_an_unpublished_technology_takes_its_pitch_out(content, commit):
    technology = content["pitch"].technology

    def unpublish():
        Technology.objects.filter(pk=technology.pk).update(status="draft")
        listings_changed.send(sender=Technology, ids=[technology.pk])  # as the listings part does

    commit(unpublish)
    assert _found("pitch", "集矿机器人") == []


def _kind_counts(result):
    return {option.value: option.count for option in result.kinds}


def test_the_kind_facet_counts_every_kind_exactly(content, energy):
    result = sitewide.search_site(kind="technology", query="深海")
    assert _kind_counts(result) == {
        "technology": 0,
        "demand": 0,
        "product": 1,
        "pitch": 1,
        "policy": 1,
        "news": 1,
    }
    assert [option.label for option in result.kinds] == [
        "技术成果",
        "需求",
        "创新产品",
        "路演项目",
        "政策",
        "资讯",
    ]
    everything = sitewide.search_site(kind="news")
    assert _kind_counts(everything) == {
        "technology": 2,
        "demand": 0,
        "product": 1,
        "pitch": 1,
        "policy": 1,
        "news": 2,
    }
    energy_only = sitewide.search_site(kind="news", filters={"track": ["advanced-energy"]})
    assert [hit.pk for hit in energy_only.results] == [content["energy_news"].pk]
    assert _kind_counts(energy_only) == {
        "technology": 0,
        "demand": 0,
        "product": 0,
        "pitch": 0,
        "policy": 0,
        "news": 1,
    }
    deep = sitewide.search_site(kind="pitch", filters={"track": ["deep-sea"], "trl": ["4-6"]})
    # The TRL applies to technologies only: the pitch count keeps the track alone.
    assert _kind_counts(deep) == {
        "technology": 2,
        "demand": 0,
        "product": 1,
        "pitch": 1,
        "policy": 1,
        "news": 0,  # the deep-sea news names no track
    }
    assert deep.filters == {"track": ["deep-sea"]}
    assert [(f.name, [(o.value, o.count) for o in f.options]) for f in deep.facets] == [
        ("track", [("deep-sea", 1)])
    ]


def test_newest_first_and_unknown_sorts_fall_back_to_relevance(content):
    newest = sitewide.search_site(kind="news", sort="newest")
    assert [hit.pk for hit in newest.results] == [content["energy_news"].pk, content["news"].pk]
    assert sitewide.search_site(kind="news", query="深海", sort="trl").sort == "relevance"


def test_a_glossary_change_reanalyses_the_items(content):
    counts = apply_glossary_change.apply(args=[["潜水器"]]).get()
    assert (counts["product"], counts["pitch"], counts["policy"], counts["news"]) == (1, 1, 1, 2)


def test_listing_facets_are_unchanged(content):
    site = sitewide.search_site(kind="technology", filters={"track": ["deep-sea"]})
    listing = services.search_listings(kind="technology", filters={"track": ["deep-sea"]})
    assert [f.name for f in site.facets] == [f.name for f in listing.facets]
    assert [f.name for f in site.facets] == ["track", "trl", "transfer_mode", "org_kind", "language", "date"]
    assert [h.listing.pk for h in site.results] == [h.listing.pk for h in listing.results]
    assert site.total == listing.total == 2
    assert [(f.name, [(o.value, o.count) for o in f.options]) for f in site.facets] == [
        (f.name, [(o.value, o.count) for o in f.options]) for f in listing.facets
    ]


def test_the_search_page_in_chinese(content, client):
    response = client.get("/search/", {"q": "深海", "kind": "product"})
    html = response.content.decode()
    product = content["product"]
    assert f'data-kind="product" data-pk="{product.pk}"' in html
    assert f'href="{product.get_absolute_url()}"' in html
    assert "<mark>深海</mark>作业级遥控潜水器" in html
    assert "深海潜水器样机" not in html
    assert 'data-kind="policy"' in html and '政策 <span class="count">1</span>' in html
    assert '资讯 <span class="count">1</span>' in html
    assert 'data-facet="track"' in html and 'data-facet="trl"' not in html


def test_the_search_page_in_english(content, client):
    response = client.get("/en/search/", {"q": "deep-sea", "kind": "news"})
    html = response.content.decode()
    news = content["news"]
    english = news.get_translation(Locale.objects.get(language_code="en"))
    assert f'href="{english.get_url()}"' in html
    assert "<mark>Deep</mark>-<mark>sea</mark> equipment alliance founded" in html
    assert 'Innovation products <span class="count">1</span>' in html
    assert 'News <span class="count">1</span>' in html
    assert "Roadshow pitches" in html


def test_zero_results_keep_their_offers(content, client):
    html = client.get("/search/", {"q": "量子计算机", "kind": "technology"}).content.decode()
    assert 'data-testid="zero-results"' in html and 'data-testid="zero-post-demand"' in html
    html = client.get("/search/", {"q": "量子计算机", "kind": "policy"}).content.decode()
    assert 'data-testid="zero-results"' in html


def test_the_api_gives_what_the_page_shows(content, client):
    data = client.get("/api/v1/search/", {"kind": "pitch", "q": "集矿机器人"}).json()
    page = client.get("/search/", {"kind": "pitch", "q": "集矿机器人"}).context["result"]
    pitch = content["pitch"]
    assert data["count"] == page.total == 1
    assert [r["kind"] for r in data["results"]] == ["pitch"]
    assert data["results"][0]["url"] == page.results[0].url == pitch.session.get_absolute_url()
    assert data["results"][0]["ref"] == "T-NODULE"
    assert data["results"][0]["tracks"] == ["deep-sea"]
    assert data["results"][0]["highlight"]["title"] == "多金属结核<mark>集矿</mark><mark>机器人</mark>"
    assert str(page.results[0].title_html) == data["results"][0]["highlight"]["title"]
    assert {k["value"]: k["count"] for k in data["kinds"]} == _kind_counts(page)
    listing = client.get("/api/v1/search/", {"kind": "technology", "q": "集矿机器人"}).json()
    assert [r["ref"] for r in listing["results"]] == ["T-NODULE", "T-NODULE-2"] or [
        r["ref"] for r in listing["results"]
    ] == ["T-NODULE-2", "T-NODULE"]
    assert listing["results"][0]["kind"] == "technology"


def test_the_api_refuses_an_unknown_kind_and_a_listing_sort(db, client):
    assert client.get("/api/v1/search/", {"kind": "spaceship"}).status_code == 400
    response = client.get("/api/v1/search/", {"kind": "news", "sort": "trl"})
    assert response.status_code == 400 and "sort" in response.json()


def test_the_page_reads_a_fixed_number_of_queries(
    content, commit, django_assert_num_queries, django_assert_max_num_queries, client
):
    client.get("/search/", {"kind": "product"})  # warm the per-process caches
    reset_queries()  # a request empties the query log: count from an empty one
    with django_assert_max_num_queries(12) as before:
        client.get("/search/", {"kind": "product"})
    count = len(before)  # read now: the next request empties the log it reads from

    def more():
        for n in range(5):
            InnovationProductFactory(
                name=f"深海声呐{n}",
                track=content["product"].track,
                organisation=content["product"].organisation,
                status=InnovationProduct.Status.ACCEPTED,
            )

    commit(more)
    client.get("/search/", {"kind": "product"})
    reset_queries()
    with django_assert_num_queries(count):
        response = client.get("/search/", {"kind": "product"})
    assert len(response.context["result"].results) == 6


def test_rebuild_search_index_includes_every_kind(content):
    SearchDocument.objects.filter(kind__in=SITE_KINDS).delete()
    assert _found("news", "产业联盟") == []
    out = io.StringIO()
    call_command("rebuild_search_index", "--kind", "news", "--kind", "product", stdout=out)
    assert out.getvalue().splitlines() == ["Indexed 2 public news items.", "Indexed 1 public product items."]
    assert _found("news", "产业联盟") == [content["news"].pk]
    assert _found("product", "潜水器") == [content["product"].pk]
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Indexed 1 public pitch items." in out.getvalue()
    assert "Indexed 2 published technology listings." in out.getvalue()
    assert _found("pitch", "集矿机器人") == [content["pitch"].pk]
    assert _found("policy", "首台套") == [content["policy"].pk]


def test_a_new_product_shows_on_the_next_anonymous_request_with_the_page_cache_on(
    content, commit, settings, client
):
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    first = client.get("/search/", {"q": "声呐", "kind": "product"}).content.decode()
    assert 'data-testid="zero-results"' in first
    product = commit(
        InnovationProductFactory,
        name="深海多波束声呐",
        track=content["product"].track,
        organisation=content["product"].organisation,
        status=InnovationProduct.Status.ACCEPTED,
    )
    second = client.get("/search/", {"q": "声呐", "kind": "product"}).content.decode()
    assert f'data-pk="{product.pk}"' in second
    caches["pages"].clear()


def test_item_dates_fall_back_to_now(db):
    document = sitewide.document_from_entry(
        "news",
        sitewide.registry.SiteEntry(pk=1, title={"zh": "标题"}, url={"zh": "/x/"}),
    )
    assert document["published_at"][:10] == timezone.now().isoformat()[:10]
    assert document["titles"] == {"zh": "标题"} and document["track"] == []


def test_a_page_of_listings_and_a_page_of_site_items_take_the_same_backend_call(
    site_backend, tracks, monkeypatch
):
    calls = []
    one_call = services._backend_page

    def recording(**kwargs):
        calls.append((kwargs["kind"], kwargs["page"], kwargs["per_page"], kwargs["sort"]))
        return one_call(**kwargs)

    monkeypatch.setattr(services, "_backend_page", recording)
    services.search_listings(kind="technology", query="潜水器", page=2, per_page=5)
    sitewide.search_site(kind="product", query="潜水器", page=3, per_page=7, sort="newest")
    assert calls == [("technology", 2, 5, "relevance"), ("product", 3, 7, "newest")]


def test_the_item_titled_with_the_words_ranks_above_a_longer_one_quoting_them(
    site_backend, tracks, enterprise_org, commit
):
    energy = next(t for t in tracks if t.slug == "advanced-energy")

    def make():
        titled = InnovationProductFactory(
            name="钠离子电池储能柜",
            name_en="Sodium-ion battery storage cabinet",
            summary="面向工商业用户的柜式储能系统。",
            summary_en="A cabinet storage system for commercial users.",
            description=(
                "单柜容量二百一十五千瓦时，采用层状氧化物正极和硬碳负极，零下二十度仍可放出九成电量，"
                "循环寿命六千次以上。柜内集成液冷、消防和电池管理系统，支持多柜并联，适合工厂、商场和数据中心"
                "削峰填谷与应急备电。"
            ),
            description_en=(
                "Each cabinet holds 215 kWh, with a layered-oxide cathode and a hard-carbon anode; it still "
                "delivers ninety percent of its charge at minus twenty degrees and lasts over six thousand "
                "cycles. Liquid cooling, fire suppression and battery management are built in, and cabinets "
                "run in parallel for peak shaving and backup power in factories, malls and data centres."
            ),
            track=energy,
            organisation=enterprise_org,
            status=InnovationProduct.Status.RECOMMENDED,
        )
        quoting = InnovationProductFactory(
            name="园区微电网能量管理平台",
            name_en="Microgrid energy management platform for industrial parks",
            summary="统一调度光伏、风电和钠离子电池储能柜的园区能量管理平台。",
            summary_en="One platform dispatching a park's solar, wind and sodium-ion battery storage cabinets.",
            description=(
                "平台接入园区内的光伏逆变器、风电机组和钠离子电池储能柜，按分时电价和负荷预测制定充放电计划，"
                "在尖峰时段放电、低谷时段充电。已在天津港保税区、临港经济区和中新生态城三个园区运行，"
                "接入钠离子电池储能柜共十二台，年节约电费约百分之十五，减少需量电费约百分之二十。"
                "平台提供开放接口，可对接各厂商的储能变流器、能量管理系统和钠离子电池储能柜的电池管理系统，"
                "支持云端部署和本地部署，提供七乘二十四小时运维值守、季度巡检和年度性能评估报告。"
            ),
            description_en=(
                "The platform connects the park's solar inverters, wind turbines and sodium-ion battery "
                "storage cabinets, and plans charging and discharging from time-of-use prices and load "
                "forecasts, discharging at peak hours and charging in the valley. It runs in three parks, "
                "the Tianjin Port free trade zone, Lingang and the Eco-City, with twelve sodium-ion battery "
                "storage cabinets, and cuts power bills by about fifteen percent and demand charges by about "
                "twenty percent. Open interfaces connect converters, energy management systems and the "
                "battery management of sodium-ion battery storage cabinets from any maker; it is deployed "
                "in the cloud or on site, with round-the-clock operations, quarterly inspections and a "
                "yearly performance report."
            ),
            track=energy,
            organisation=enterprise_org,
            status=InnovationProduct.Status.RECOMMENDED,
        )
        return titled, quoting

    titled, quoting = commit(make)
    assert _found("product", "钠离子电池储能柜") == [titled.pk, quoting.pk]
    assert _found("product", "sodium-ion battery storage cabinet") == [titled.pk, quoting.pk]


def test_a_registered_kind_builds_its_entry_through_the_registry_helper(db, tracks):
    deep_sea = next(t for t in tracks if t.slug == "deep-sea")
    product = InnovationProductFactory(
        name="深海作业级遥控潜水器",
        name_en="Work-class ROV",
        summary="可在6000米水深连续作业。",
        description="母船布放，脐带缆供电。",
        description_en="",
        specifications="作业水深 6000 米",
        specifications_en="Depth rating 6,000 m",
        track=deep_sea,
        status=InnovationProduct.Status.RECOMMENDED,
    )
    entry = sitewide.registry.searchable_kind("product").entry(product)
    assert entry == sitewide.registry.bilingual_entry(
        product.pk,
        texts=product,
        page=product,
        title="name",
        body=[
            {"zh": "母船布放，脐带缆供电。"},
            {"zh": "作业水深 6000 米", "en": "Depth rating 6,000 m"},
            {"zh": product.category.name_zh, "en": product.category.name_en},
        ],
        tracks=("deep-sea", "", "deep-sea"),
        ref=product.ref,
        published_at=entry.published_at,
    )
    assert entry.title == {"zh": "深海作业级遥控潜水器", "en": "Work-class ROV"}
    assert entry.summary == {"zh": "可在6000米水深连续作业。"}
    assert entry.body == {
        "zh": f"母船布放，脐带缆供电。\n作业水深 6000 米\n{product.category.name_zh}",
        "en": f"Depth rating 6,000 m\n{product.category.name_en}",
    }
    assert entry.tracks == ("deep-sea",)
    assert entry.url == sitewide.registry.urls_in_both(product)
