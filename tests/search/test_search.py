import pytest
from django.utils import translation
from wagtail.models import Locale, Page

from home.models import StandardPage
from search import services
from tests.factories.listings import TechnologyFactory


def test_search_finds_chinese_listings_for_an_english_query_with_highlights(backend, corpus):
    page = services.search_listings(kind="technology", query="sodium-ion battery")
    assert [hit.listing.ref for hit in page.results][:2] in (
        ["T-ANODE", "T-CATHODE"],
        ["T-CATHODE", "T-ANODE"],
    )
    assert "T-LUNG" not in [hit.listing.ref for hit in page.results]
    assert page.total == 2 and page.degraded is False
    cathode = next(hit for hit in page.results if hit.listing.ref == "T-CATHODE")
    assert "<mark>钠离子电池</mark>" in str(cathode.title_html)


def test_facets_count_and_filter(backend, corpus):
    page = services.search_listings(kind="technology")
    facets = {f.name: {o.value: o.count for o in f.options} for f in page.facets}
    assert page.total == 3
    assert facets["track"] == {"advanced-energy": 2, "brain-smart-medicine": 1}
    assert facets["trl"] == {"4-6": 2, "7-9": 1}
    assert facets["language"] == {"zh": 2, "en": 1}
    assert facets["date"] == {"7d": 3, "30d": 3, "365d": 3}
    filtered = services.search_listings(kind="technology", filters={"trl": ["4-6"], "language": ["zh"]})
    assert [hit.listing.ref for hit in filtered.results] == ["T-CATHODE"]
    assert filtered.filters == {"language": ["zh"], "trl": ["4-6"]}


def test_sorting_and_paging(backend, corpus):
    by_trl = services.search_listings(kind="technology", sort="trl", per_page=2)
    assert [hit.listing.ref for hit in by_trl.results] == ["T-LUNG", "T-CATHODE"]
    assert by_trl.num_pages == 2 and by_trl.has_next
    second = services.search_listings(kind="technology", sort="trl", per_page=2, page=2)
    assert [hit.listing.ref for hit in second.results] == ["T-ANODE"]


def test_unknown_filters_and_sorts_are_ignored(backend, corpus):
    page = services.search_listings(kind="technology", filters={"nope": ["x"], "trl": ["99"]}, sort="budget")
    assert page.total == 3 and page.sort == "relevance" and page.filters == {}


def test_search_page_shows_facets_results_and_highlights(backend, corpus, client):
    response = client.get("/search/", {"q": "钠离子电池", "kind": "technology"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-ref="T-CATHODE"' in html and 'data-ref="T-LUNG"' not in html
    assert "<mark>钠离子电池</mark>" in html
    assert 'data-facet="track"' in html
    assert (
        "?q=%E9%92%A0%E7%A6%BB%E5%AD%90%E7%94%B5%E6%B1%A0&amp;kind=technology&amp;track=advanced-energy"
        in html
    )


def test_search_page_query_count_does_not_grow_with_results(
    backend, corpus, energy, university, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as few:
        client.get("/search/", {"kind": "technology"})
    for n in range(15):
        TechnologyFactory(ref=f"T-MANY-{n}", track=energy, organisation=university, published=True)
    services.rebuild_search_index()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/search/", {"kind": "technology"})
    assert response.context["result"].total == 18


def test_search_api_returns_results_and_facets(backend, corpus, client):
    data = client.get("/api/v1/search/", {"kind": "demand", "q": "钠离子电池"}).json()
    assert data["count"] == 1 and data["degraded"] is False
    assert data["results"][0]["ref"] == "D-COLD"
    assert "<mark>钠离子电池</mark>" in data["results"][0]["highlight"]["title"]
    with translation.override("zh-hans"):  # the API speaks the site's default language
        label = translation.gettext("¥1–5 million")
    assert data["facets"]["budget"] == [{"value": "1m-5m", "label": label, "count": 1, "selected": False}]


@pytest.mark.smoke
def test_search_api_refuses_a_missing_kind(db, client):
    response = client.get("/api/v1/search/", {"q": "x"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_site_pages_tab_searches_the_cms(db, client):
    response = client.get("/search/", {"q": "钠离子", "kind": "pages"})
    assert response.status_code == 200
    assert 'data-testid="page-results"' in response.content.decode()


def test_english_search_page_speaks_english(backend, corpus, client):
    response = client.get("/en/search/", {"q": "sodium-ion battery"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Search technologies, demands, products, pitches, policies and news" in html
    assert 'data-ref="T-CATHODE"' in html and 'data-ref="T-ANODE"' in html


@pytest.fixture
def guide_page(db):
    return Page.get_first_root_node().add_child(
        instance=StandardPage(
            title="Sodium battery safety guide",
            slug="sodium-guide",
            locale=Locale.objects.get(language_code="zh-hans"),
        )
    )


@pytest.mark.smoke
@pytest.mark.parametrize(
    "query",
    [
        '"sodium',
        'sodium"',
        '"sodium battery"',
        "sodium*",
        "*sodium",
        "sodium OR",
        "OR sodium",
        "-sodium",
        "sodium -",
        "NEAR(sodium battery)",
        "NEAR(sodium",
        "(sodium",
        "sodium)",
        "sodium AND",
        "NOT sodium",
        "sodium:battery",
        "^sodium",
        "sodium'",
        "sodium " * 300,
    ],
)
def test_page_search_reads_query_syntax_as_plain_words(guide_page, client, query):
    response = client.get("/search/", {"q": query, "kind": "pages"})
    assert response.status_code == 200
    assert "Sodium battery safety guide" in response.content.decode()


@pytest.mark.smoke
@pytest.mark.parametrize("query", ['"', "*", "-", "OR", "NEAR(", "()", "''", ":", "^"])
def test_page_search_of_syntax_alone_finds_nothing_without_an_error(guide_page, client, query):
    response = client.get("/search/", {"q": query, "kind": "pages"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sodium battery safety guide" not in html


@pytest.mark.smoke
def test_listing_search_with_a_quote_still_shows_the_page_tab(guide_page, client):
    response = client.get("/search/", {"q": '"sodium'})
    assert response.status_code == 200
    assert "Sodium battery safety guide" in response.content.decode()
