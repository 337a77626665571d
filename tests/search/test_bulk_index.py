"""The indexing pipeline: chunks, analysis cached per listing revision, the count check."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from demo.synthetic import generate
from listings.models import Technology
from listings.services import import_listings
from search import bulk, rebuild, services
from search.backends import base, get_backend
from search.models import IndexChunk, SearchDocument


def document(listing):
    return SearchDocument.objects.get(kind=listing.kind, listing_id=listing.pk)


def test_a_second_rebuild_analyses_nothing_when_no_text_changed(backend, corpus):
    SearchDocument.objects.all().delete()
    run, counts = rebuild.rebuild_here()
    assert counts == {"technology": 3, "demand": 1}
    assert rebuild.report(run, started=0).analysed == 4
    before = {d.listing_id: d.data for d in SearchDocument.objects.all()}

    run, counts = rebuild.rebuild_here()
    assert counts == {"technology": 3, "demand": 1}
    assert rebuild.report(run, started=0).analysed == 0
    assert {d.listing_id: d.data for d in SearchDocument.objects.all()} == before


def test_a_changed_text_is_analysed_again_a_changed_price_only_copied(backend, corpus, announce):
    cathode, anode = corpus["cathode"], corpus["anode"]
    rebuild.rebuild_here()
    old_revision = document(cathode).revision

    Technology.objects.filter(pk=anode.pk).update(price_cny=9_900_000)
    Technology.objects.filter(pk=cathode.pk).update(title="低温型钠离子电池富锰正极材料")
    stats = bulk.index_batch(
        kind="technology",
        listings=bulk.listing_queryset("technology").published().filter(pk__in=[cathode.pk, anode.pk]),
    )
    assert (stats.analysed, stats.reused) == (1, 1)
    assert document(anode).data["price_cny"] == 9_900_000
    assert document(cathode).revision != old_revision
    assert "富锰" in document(cathode).data["tokens"]


def test_reanalyse_ignores_the_cache(backend, corpus):
    rebuild.rebuild_here()
    run, _counts = rebuild.rebuild_here(reanalyse=True)
    assert rebuild.report(run, started=0).analysed == 4


def test_an_unpublished_listing_leaves_the_index_on_rebuild(backend, corpus):
    rebuild.rebuild_here()
    Technology.objects.filter(pk=corpus["unrelated"].pk).update(status="draft")
    _run, counts = rebuild.rebuild_here()
    assert counts["technology"] == 2
    assert not SearchDocument.objects.filter(kind="technology", listing_id=corpus["unrelated"].pk).exists()
    if backend == "elasticsearch":
        assert get_backend("elasticsearch").count("technology") == 2


def test_command_spreads_chunks_and_reports_rate_workers_and_steps(backend, corpus):
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", "--workers", "2", "--chunk-size", "1", stdout=out, stderr=err)
    text = out.getvalue()
    assert "Indexed 3 published technology listings." in text
    assert "Indexed 1 published demand listings." in text
    # The corpus was indexed as it was published: nothing to analyse again.
    assert "4 listings in " in text and " listings/s; 0 analysed, 4 unchanged" in text
    assert "Workers (1): " in text  # eager Celery in tests: this process took every chunk
    assert "Time per step, summed over chunks: read " in text and ", bulk " in text
    assert "eagerly" in err.getvalue()
    chunks = IndexChunk.objects.filter(run=IndexChunk.objects.latest("created_at").run)
    assert chunks.count() == 4 and not chunks.filter(done_at=None).exists()
    assert services.match_listing(listing=corpus["demand"])[0].ref == "T-CATHODE"


def test_counts_that_disagree_fail_the_rebuild(backend, corpus, monkeypatch):
    real = bulk.index_batch

    def drop_the_last(*, kind, listings, **kwargs):
        listings = list(listings)
        return real(kind=kind, listings=listings[:-1] if kind == "technology" else listings, **kwargs)

    monkeypatch.setattr(bulk, "index_batch", drop_the_last)
    SearchDocument.objects.all().delete()
    with pytest.raises(CommandError, match=r"technology: counts disagree after the rebuild: .*'database': 3"):
        call_command("rebuild_search_index", stdout=io.StringIO())


def test_bad_arguments_are_refused(db):
    with pytest.raises(CommandError, match="--workers must be 0 or more"):
        call_command("rebuild_search_index", "--workers", "-1", stdout=io.StringIO())


def test_the_importer_indexes_through_the_same_cached_path(
    backend, tracks, monkeypatch, django_capture_on_commit_callbacks
):
    analysed = []
    real = base.features_from_listing
    monkeypatch.setattr(
        base, "features_from_listing", lambda listing: analysed.append(listing.ref) or real(listing)
    )
    rows = [dict(row, track="advanced-energy") for row in generate(technologies=3, demands=0, seed=5)]

    def run_import(rows):
        lines = [json.dumps(row, ensure_ascii=False) for row in rows]
        with django_capture_on_commit_callbacks(execute=True):
            report = import_listings(lines, publish=True)
        assert report.failed == 0

    run_import(rows)
    assert sorted(analysed) == sorted(row["ref"] for row in rows)
    assert SearchDocument.objects.filter(kind="technology").count() == 3

    analysed.clear()
    rows[0]["price_cny"] = 1_234_000  # a fact, not a text: the analysis is reused
    rows[1]["title"] = "一种全新的低温钠离子电池正极材料"
    run_import(rows)
    assert analysed == [rows[1]["ref"]]
    first = Technology.objects.get(ref=rows[0]["ref"])
    assert document(first).data["price_cny"] == 1_234_000
