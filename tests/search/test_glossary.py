"""The editors' glossary: a snippet in the admin whose changes reach the index."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from search.analysis import analyse
from search.models import GlossaryTerm, SearchDocument
from search.services import search_listings
from taxonomy import reference
from tests.factories.listings import TechnologyFactory


@pytest.fixture
def seeded(db):
    """The glossary as its migration seeds it (a flushing test elsewhere may have emptied it)."""
    GlossaryTerm.objects.all().delete()
    importlib.import_module("search.migrations.0004_glossary_term").seed_glossary(apps, None)


def _refs(page):
    return [hit.listing.ref for hit in page.results]


def test_the_glossary_starts_from_the_tracks_keywords(seeded):
    seeded = dict(GlossaryTerm.objects.values_list("chinese", "english"))
    assert dict(reference.GLOSSARY) == seeded
    assert "合成生物学" in analyse("synthetic biology platform").concepts


def test_the_track_keywords_are_filed_under_their_tracks(seeded):
    from search.services import link_glossary_tracks  # noqa: PLC0415 — only this test files terms
    from taxonomy.services import load_reference_data  # noqa: PLC0415 — the tracks with their keywords

    load_reference_data()
    assert link_glossary_tracks() > 0
    assert GlossaryTerm.objects.get(chinese="合成生物学").track.slug == "bio-manufacturing"
    assert GlossaryTerm.objects.get(chinese="技术转移").track is None  # a general term
    assert link_glossary_tracks() == 0  # idempotent


def test_a_term_saved_in_the_admin_reaches_the_index(
    backend, tracks, university, announce, admin_client, django_capture_on_commit_callbacks
):
    deep_sea = next(t for t in tracks if t.slug == "deep-sea")
    buoy = TechnologyFactory(
        ref="T-WHALE",
        title="Whale song recognition buoy",
        summary="Passive acoustic whale song recognition that pauses pile driving at offshore wind farms.",
        description="<p>A drifting buoy classifies calls on board and alerts the site within a minute.</p>",
        keywords=["whale song recognition", "passive acoustics"],
        language="en",
        track=deep_sea,
        organisation=university,
        trl=6,
        published=True,
    )
    announce(buoy)
    assert "T-WHALE" not in _refs(search_listings(kind="technology", query="鲸歌识别"))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailsnippets_search_glossaryterm:add"),
            {"track": deep_sea.pk, "chinese": "鲸歌识别，鲸鸣识别", "english": "whale song recognition"},
        )
    assert response.status_code == 302
    term = GlossaryTerm.objects.get(chinese="鲸歌识别，鲸鸣识别")
    assert term.chinese_variants == ["鲸歌识别", "鲸鸣识别"]
    document = SearchDocument.objects.get(kind="technology", listing_id=buoy.pk).data
    assert "鲸歌识别" in document["concepts"] and "鲸歌识别" in document["key_concepts"]
    # A Chinese query in either spelling now finds the English listing, on this backend.
    assert _refs(search_listings(kind="technology", query="鲸歌识别")) == ["T-WHALE"]
    assert _refs(search_listings(kind="technology", query="鲸鸣识别")) == ["T-WHALE"]

    # Deleting the term takes the concept out of the index again.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtailsnippets_search_glossaryterm:delete", args=[term.pk]))
    assert response.status_code == 302 and not GlossaryTerm.objects.filter(pk=term.pk).exists()
    document = SearchDocument.objects.get(kind="technology", listing_id=buoy.pk).data
    assert "鲸歌识别" not in document["concepts"]
    assert "T-WHALE" not in _refs(search_listings(kind="technology", query="鲸歌识别"))
