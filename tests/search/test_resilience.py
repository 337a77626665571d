"""Elasticsearch stops mid-run: search and matching fall back, updates wait, then catch up."""

import subprocess
from pathlib import Path

import pytest
from celery.exceptions import Retry

from search import services, tasks
from search.backends import get_backend
from search.models import PendingIndexUpdate, SearchDocument
from tests.factories.listings import TechnologyFactory

ROOT = Path(__file__).resolve().parents[2]


def elasticsearch(action):
    subprocess.run(["bash", str(ROOT / "scripts" / "services.sh"), action, "es"], check=True, timeout=180)


@pytest.mark.elasticsearch
def test_search_survives_elasticsearch_stopping_and_catches_up(
    settings, corpus, energy, university, announce, client, monkeypatch
):
    settings.SEARCH_BACKEND = "elasticsearch"
    es = get_backend("elasticsearch")
    for kind in ("technology", "demand"):
        es.clear(kind)
    services.rebuild_search_index()
    assert services.match_listing(listing=corpus["demand"]).degraded is False

    elasticsearch("stop")
    try:
        matches = services.match_listing(listing=corpus["demand"])
        assert matches.degraded is True and matches.backend == "embedded"
        assert [m.ref for m in matches] == ["T-CATHODE", "T-ANODE"]
        page = client.get("/search/", {"q": "钠离子电池"})
        assert 'data-testid="degraded"' in page.content.decode()
        assert page.context["result"].degraded is True

        # A listing published while the server is down: indexed for the embedded backend at
        # once, remembered as pending for Elasticsearch, and the task asks Celery to retry.
        electrolyte = TechnologyFactory(
            ref="T-ELECTROLYTE",
            title="钠离子电池低温电解液",
            summary="零下40度仍可放电的钠离子电池电解液。",
            keywords=["钠离子电池", "电解液", "低温性能"],
            track=energy,
            organisation=university,
            trl=5,
            published=True,
        )
        announce(electrolyte)
        assert SearchDocument.objects.filter(kind="technology", listing_id=electrolyte.pk).exists()
        assert PendingIndexUpdate.objects.filter(kind="technology", listing_id=electrolyte.pk).exists()
        assert "T-ELECTROLYTE" in [m.ref for m in services.match_listing(listing=corpus["demand"])]

        countdowns = []

        def fake_retry(*args, countdown=None, **kwargs):
            countdowns.append(countdown)
            return Retry("retry scheduled")

        monkeypatch.setattr(tasks.index_listings, "retry", fake_retry)
        tasks.index_listings.push_request(id="retry-test", is_eager=False, retries=2)
        try:
            with pytest.raises(Retry):
                tasks.index_listings.run("technology", [electrolyte.pk])
        finally:
            tasks.index_listings.pop_request()
        assert countdowns == [20]  # 5 s doubled per attempt
        assert services.drain_pending_index_updates() == 0  # still down: nothing drained
    finally:
        elasticsearch("start")

    assert tasks.drain_pending_index_updates.delay().get() == 1
    assert not PendingIndexUpdate.objects.exists()
    es.refresh("technology")
    matches = services.match_listing(listing=corpus["demand"])
    assert matches.degraded is False and matches.backend == "elasticsearch"
    assert "T-ELECTROLYTE" in [m.ref for m in matches]
    assert es.count("technology") == 4
