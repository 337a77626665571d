"""The marketplace on the home and track pages: exactly the published items, real figures, both
languages, and a query count that does not grow with the number of listings, sessions and products."""

import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo.site import load_site
from home import marketplace
from procurement.models import InnovationProduct
from roadshow.models import PitchApplication, RoadshowSession
from taxonomy.models import Track
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.procurement import InnovationProductFactory
from tests.factories.roadshow import PitchFactory, RoadshowSeriesFactory, RoadshowSessionFactory

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(scope="module")
def site_tree(django_db_setup, django_db_blocker):
    """The editorial page tree in Chinese and English (no demo listings), built once per module."""

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_site(io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def market(site_tree, db):
    """Published, draft and closed listings, upcoming, past and cancelled sessions and products of
    every status in two tracks (advanced energy, bio-manufacturing)."""
    cache.clear()
    energy = Track.objects.get(slug="advanced-energy")
    bio = Track.objects.get(slug="bio-manufacturing")
    university = OrganisationFactory(name="天津大学", name_en="Tianjin University", kind="university")
    enterprise = OrganisationFactory(
        name="滨海储能科技有限公司", name_en="Binhai Storage Co.", kind="enterprise"
    )
    now = timezone.now()

    def technology(title, track, **kwargs):
        return TechnologyFactory(title=title, track=track, organisation=university, **kwargs)

    def demand(title, track, **kwargs):
        return DemandFactory(title=title, track=track, organisation=enterprise, **kwargs)

    items = {
        "tech_old": technology(
            "钠离子电池正极材料", energy, published=True, trl=6, published_at=now - dt.timedelta(days=5)
        ),
        "tech_new": technology(
            "固态电解质薄膜", energy, published=True, trl=7, published_at=now - dt.timedelta(days=1)
        ),
        "tech_bio": technology("酶法合成生物基尼龙", bio, published=True, trl=5),
        "tech_draft": technology("未发布的氢能催化剂", energy),
        "tech_submitted": technology("待审核的储热材料", energy, status="submitted"),
        "demand_energy": demand(
            "储能电站低温电池需求",
            energy,
            published=True,
            budget_min_cny=1_000_000,
            budget_max_cny=3_000_000,
            deadline=dt.date(2027, 3, 31),
        ),
        "demand_bio": demand("发酵过程在线监测需求", bio, published=True, budget_max_cny=None),
        "demand_closed": demand("已关闭的光伏清洗需求", energy, status="closed"),
    }
    energy_series = RoadshowSeriesFactory(
        title="先进能源周路演", title_en="Advanced energy weekly", track=energy
    )
    cross_series = RoadshowSeriesFactory(title="月度投资人日", title_en="Monthly investor day", track=None)
    start = (
        (now + dt.timedelta(days=3)).astimezone(dt.UTC).replace(hour=6, minute=30, second=0, microsecond=0)
    )
    items["session_energy"] = RoadshowSessionFactory(title="", series=energy_series, starts_at=start)
    items["session_energy_later"] = RoadshowSessionFactory(
        title="储能专场", track=energy, starts_at=start + dt.timedelta(days=14)
    )
    items["session_past"] = RoadshowSessionFactory(
        title="上月的能源路演", series=energy_series, starts_at=now - dt.timedelta(days=10)
    )
    items["session_cancelled"] = RoadshowSessionFactory(
        title="取消的能源路演",
        series=energy_series,
        starts_at=start + dt.timedelta(days=1),
        status=RoadshowSession.Status.CANCELLED,
    )
    items["session_cross"] = RoadshowSessionFactory(
        title="", series=cross_series, starts_at=start + dt.timedelta(days=2)
    )
    items["session_bio"] = RoadshowSessionFactory(
        title="生物制造专场", track=bio, starts_at=start + dt.timedelta(days=4)
    )
    PitchFactory(
        technology=items["tech_new"],
        applicant=UserFactory(),
        status=PitchApplication.Status.ACCEPTED,
        session=items["session_energy"],
    )

    def product(name, track, status, days_ago):
        return InnovationProductFactory(
            name=name,
            name_en=f"{name} (EN)",
            track=track,
            organisation=enterprise,
            status=status,
            recommended_at=now - dt.timedelta(days=days_ago)
            if status in InnovationProduct.PUBLIC_STATUSES
            else None,
        )

    items["product_energy"] = product("兆瓦级液流储能系统", energy, InnovationProduct.Status.RECOMMENDED, 2)
    items["product_bio"] = product("连续发酵控制系统", bio, InnovationProduct.Status.ACCEPTED, 3)
    items["product_submitted"] = product("待评审的换热器", energy, InnovationProduct.Status.SUBMITTED, 0)
    items["energy"], items["bio"] = energy, bio
    return items


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _section(html):
    match = re.search(
        r'<section class="marketplace[^"]*".*?data-testid="marketplace">(.*?)\n</section>', html, re.S
    )
    assert match, "the marketplace section is missing"
    return match.group(1)


def _refs(html, kind):
    return re.findall(rf'data-testid="marketplace-{kind}" data-ref="([^"]+)"', html)


def _session_pks(html):
    return [int(pk) for pk in re.findall(r'data-testid="marketplace-session" data-pk="(\d+)"', html)]


def _session_card(html, session):
    match = re.search(
        rf'data-testid="marketplace-session" data-pk="{session.pk}">(.*?)</article>', html, re.S
    )
    assert match, session
    return match.group(1)


def _figure(html, name):
    match = re.search(rf'data-testid="figure-{name}">\s*<span class="figure-value">(\d+)</span>', html)
    assert match, name
    return int(match.group(1))


def _figures(html):
    return {name: _figure(html, name) for name in ("technologies", "demands", "sessions", "products")}


def _shanghai(value):
    return value.astimezone(SHANGHAI)


@pytest.mark.smoke
def test_home_page_shows_exactly_the_published_items_and_real_figures_in_chinese(market, client):
    html = _section(_get(client, "/"))
    assert _refs(html, "technology") == [
        market["tech_bio"].ref,
        market["tech_new"].ref,
        market["tech_old"].ref,
    ]
    assert _refs(html, "demand") == [market["demand_bio"].ref, market["demand_energy"].ref]
    assert _session_pks(html) == [
        market["session_energy"].pk,
        market["session_cross"].pk,
        market["session_bio"].pk,
    ]
    assert _refs(html, "product") == [market["product_energy"].ref, market["product_bio"].ref]
    assert _figures(html) == {"technologies": 3, "demands": 2, "sessions": 4, "products": 2}
    for hidden in ("tech_draft", "tech_submitted", "demand_closed", "product_submitted"):
        assert market[hidden].ref not in html
    for title in (
        "未发布的氢能催化剂",
        "已关闭的光伏清洗需求",
        "上月的能源路演",
        "取消的能源路演",
        "储能专场",
        "待评审的换热器",
    ):
        assert title not in html
    # Chinese labels around the titles as entered; tracks, series and products in Chinese.
    assert "技术交易市场动态" in html and "已发布科技成果" in html and "征集中的需求" in html
    assert "即将举行的路演" in html and "推荐创新产品" in html
    assert "固态电解质薄膜" in html and "成熟度 7 级" in html and "天津大学" in html
    assert '<span class="tag">先进能源</span>' in html and '<span class="tag">生物制造</span>' in html
    assert "预算 100万元–300万元" in html and "截止 2027-03-31" in html and "预算面议" in html
    assert "先进能源周路演" in html and "月度投资人日" in html and "1 个路演项目" in html
    assert "兆瓦级液流储能系统" in html and "(EN)" not in html
    start = _shanghai(market["session_energy"].starts_at)
    assert f"{start:%Y-%m-%d} 14:30–16:30 (北京时间)" in html
    assert f"{start.month}月{start.day}日" in html
    # The series' track and its accepted pitches on the session card.
    card = _session_card(html, market["session_energy"])
    assert '<span class="tag">先进能源</span>' in card and "1 个路演项目" in card and "本系列全部场次" in card
    assert '<span class="tag">生物制造</span>' in _session_card(html, market["session_bio"])
    for url in ("/listings/technologies/", "/listings/demands/", "/roadshow/", "/products/"):
        assert f'href="{url}"' in html


@pytest.mark.smoke
def test_home_page_in_english_translates_the_labels_and_keeps_the_titles_as_entered(market, client):
    html = _section(_get(client, "/en/"))
    assert _refs(html, "technology") == [
        market["tech_bio"].ref,
        market["tech_new"].ref,
        market["tech_old"].ref,
    ]
    assert _refs(html, "demand") == [market["demand_bio"].ref, market["demand_energy"].ref]
    assert _session_pks(html) == [
        market["session_energy"].pk,
        market["session_cross"].pk,
        market["session_bio"].pk,
    ]
    assert _refs(html, "product") == [market["product_energy"].ref, market["product_bio"].ref]
    assert _figures(html) == {"technologies": 3, "demands": 2, "sessions": 4, "products": 2}
    assert "The marketplace today" in html and "Published technologies" in html and "Open demands" in html
    assert "Upcoming roadshow sessions" in html and "Recommended innovation products" in html
    assert "固态电解质薄膜" in html and "TRL 7" in html and "Tianjin University" in html
    assert (
        '<span class="tag">Advanced energy</span>' in html
        and '<span class="tag">Bio-manufacturing</span>' in html
    )
    assert (
        "budget ¥1,000,000–¥3,000,000" in html
        and "deadline 2027-03-31" in html
        and "budget negotiable" in html
    )
    assert "Advanced energy weekly" in html and "Monthly investor day" in html and "1 pitch<" in html
    assert "兆瓦级液流储能系统 (EN)" in html and "Binhai Storage Co." in html
    start = _shanghai(market["session_energy"].starts_at)
    assert f"{start:%Y-%m-%d} 14:30–16:30 (Beijing time)" in html
    card = _session_card(html, market["session_energy"])
    assert '<span class="tag">Advanced energy</span>' in card and "1 pitch<" in card
    assert "All dates of this series" in card
    assert "成熟度" not in html and "已发布科技成果" not in html
    for url in ("/en/listings/technologies/", "/en/listings/demands/", "/en/roadshow/", "/en/products/"):
        assert f'href="{url}"' in html


@pytest.mark.smoke
def test_track_page_shows_only_its_tracks_items_and_figures_in_chinese(market, client):
    html = _section(_get(client, "/tracks/advanced-energy/"))
    assert _refs(html, "technology") == [market["tech_new"].ref, market["tech_old"].ref]
    assert _refs(html, "demand") == [market["demand_energy"].ref]
    # Sessions of the track's series and one-off sessions of the track; not the cross-track investor day.
    assert _session_pks(html) == [market["session_energy"].pk, market["session_energy_later"].pk]
    assert _refs(html, "product") == [market["product_energy"].ref]
    assert _figures(html) == {"technologies": 2, "demands": 1, "sessions": 2, "products": 1}
    assert "本赛道交易动态" in html
    for title in (
        "酶法合成生物基尼龙",
        "发酵过程在线监测需求",
        "月度投资人日",
        "生物制造专场",
        "连续发酵控制系统",
    ):
        assert title not in html
    assert '<span class="tag">先进能源</span>' not in html  # the page is the track; cards do not repeat it
    assert 'href="/listings/technologies/?track=advanced-energy"' in html
    assert 'href="/listings/demands/?track=advanced-energy"' in html
    assert 'href="/products/?track=advanced-energy"' in html


def test_track_page_in_english_shows_the_same_items_with_english_labels(market, client):
    html = _section(_get(client, "/en/tracks/advanced-energy/"))
    assert _refs(html, "technology") == [market["tech_new"].ref, market["tech_old"].ref]
    assert _refs(html, "demand") == [market["demand_energy"].ref]
    assert _session_pks(html) == [market["session_energy"].pk, market["session_energy_later"].pk]
    assert _refs(html, "product") == [market["product_energy"].ref]
    assert _figures(html) == {"technologies": 2, "demands": 1, "sessions": 2, "products": 1}
    assert "Marketplace activity on this track" in html and "Advanced energy weekly" in html
    assert 'href="/en/listings/technologies/?track=advanced-energy"' in html


def test_a_track_without_activity_says_so_and_invites_the_first_listing(market, client):
    html = _section(_get(client, "/en/tracks/deep-sea/"))
    assert _figures(html) == {"technologies": 0, "demands": 0, "sessions": 0, "products": 0}
    assert "No published technologies yet." in html and 'href="/en/listings/mine/technology/new/"' in html
    assert "No open demands yet." in html and "No roadshow sessions scheduled yet." in html
    assert "No recommended products yet." in html


def test_gather_highlights_reads_lists_and_figures_in_six_queries(market, django_assert_num_queries):
    # Four lists (sessions and products carrying their totals), the listing counts from the
    # maintained tallies, and the sessions' agendas.
    with django_assert_num_queries(6):
        highlights = marketplace.gather_highlights(track=market["energy"])
    assert [t.ref for t in highlights.technologies] == [market["tech_new"].ref, market["tech_old"].ref]
    assert highlights.session_count == 2


def _query_count(client, url):
    client.get(url)  # warm the per-process caches (site, locales, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/", "/en/", "/tracks/advanced-energy/", "/en/tracks/advanced-energy/"])
def test_page_queries_stay_flat_as_listings_sessions_and_products_grow(
    market, client, url, django_assert_max_num_queries
):
    before = _query_count(client, url)
    energy = market["energy"]
    now = timezone.now()
    for n in range(10):
        TechnologyFactory(track=energy, published=True, published_at=now - dt.timedelta(minutes=n))
        DemandFactory(track=energy, published=True, published_at=now - dt.timedelta(minutes=n))
        InnovationProductFactory(
            track=energy, status=InnovationProduct.Status.RECOMMENDED, recommended_at=now
        )
    series = RoadshowSeriesFactory(track=energy)
    for n in range(6):
        session = RoadshowSessionFactory(title="", series=series, starts_at=now + dt.timedelta(hours=1 + n))
        for slot in range(3):
            PitchFactory(
                technology=TechnologyFactory(track=energy, published=True),
                applicant=UserFactory(),
                status=PitchApplication.Status.ACCEPTED,
                session=session,
                slot_order=slot,
            )
    with django_assert_max_num_queries(before):
        html = _section(_get(client, url))
    assert len(_refs(html, "technology")) == 6 and len(_refs(html, "demand")) == 6
    assert len(_session_pks(html)) == 3 and len(_refs(html, "product")) == 3
    figures = _figures(html)
    assert figures["technologies"] == (2 if "tracks" in url else 3) + 10 + 18
    assert figures["products"] == (1 if "tracks" in url else 2) + 10
