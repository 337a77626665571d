"""The importer feeds the search index in batches: an import of N listings in batches of B queues
one index message and one meaning-vector message per batch, never one per listing (one per
listing made a 120,000-listing import write and publish 120,000 outbox messages)."""

import json

import pytest

from core import outbox
from core.models import OutboxMessage
from listings.models import Technology
from listings.services import import_listings
from search import embedding, tasks
from search.models import ListingEmbedding


def _line(ref):
    return json.dumps(
        {
            "type": "technology",
            "ref": ref,
            "title": "高倍率钠离子电池正极材料",
            "summary": "一种低成本层状氧化物正极。",
            "description": "铜铁锰体系。",
            "track": "advanced-energy",
            "keywords": ["钠离子电池"],
            "trl": 6,
            "institution": "天津大学",
            "language": "zh",
        },
        ensure_ascii=False,
    )


@pytest.fixture
def held_messages(monkeypatch):
    """Outbox messages stay in the table (not handed to Celery), so the test reads what was queued."""
    monkeypatch.setattr(outbox, "relay", lambda **kwargs: 0)


def test_an_import_queues_one_index_and_one_vector_message_per_batch(
    tracks, settings, held_messages, django_capture_on_commit_callbacks
):
    settings.SEARCH_EMBEDDINGS = True
    assert embedding.enabled()
    with django_capture_on_commit_callbacks(execute=True):
        report = import_listings([_line(f"T{i:04d}") for i in range(7)], publish=True, batch_size=3)
    assert report.created == 7
    pks = list(Technology.objects.order_by("ref").values_list("pk", flat=True))
    batches = [pks[0:3], pks[3:6], pks[6:7]]
    queued = [
        (message.task, message.args)
        for message in OutboxMessage.objects.filter(task__startswith="search.").order_by("pk")
    ]
    assert queued == [
        (task, ["technology", batch])
        for batch in batches
        for task in ("search.index_listings", "search.embed_listings")
    ]


def test_an_import_batch_over_the_bound_queues_several_vector_messages_within_it(
    tracks, settings, held_messages, django_capture_on_commit_callbacks
):
    """A message must end well within the outbox's lease: 201 listings in one import batch are one
    index message but vector messages of 100, 100 and 1."""
    settings.SEARCH_EMBEDDINGS = True
    bound = tasks.EMBED_MESSAGE_MAX
    assert bound == 100
    with django_capture_on_commit_callbacks(execute=True):
        report = import_listings([_line(f"T{i:04d}") for i in range(2 * bound + 1)], publish=True)
    assert report.created == 2 * bound + 1
    pks = list(Technology.objects.order_by("ref").values_list("pk", flat=True))
    queued = OutboxMessage.objects.filter(task__startswith="search.").order_by("pk")
    assert [m.args for m in queued if m.task == "search.index_listings"] == [["technology", pks]]
    assert [m.args for m in queued if m.task == "search.embed_listings"] == [
        ["technology", pks[:bound]],
        ["technology", pks[bound : 2 * bound]],
        ["technology", pks[2 * bound :]],
    ]


def test_the_one_listing_task_is_a_batch_of_one(tracks, settings):
    """``search.embed_listing`` stays registered for messages queued before batches."""
    settings.SEARCH_EMBEDDINGS = True
    draft = import_listings([_line("T0001")]).ids["technology"][0]
    ListingEmbedding.objects.create(
        kind="technology", listing_id=draft, digest="old", model=embedding.MODEL, vector=b""
    )
    assert tasks.embed_listing.run("technology", draft) == "removed"
    assert not ListingEmbedding.objects.filter(kind="technology").exists()
    assert tasks.embed_listing.run("nonsense", draft) is None


def test_the_vector_message_of_a_batch_handles_each_listing(tracks, settings):
    """Listings no longer published lose their vector, each counted once (no model needed)."""
    settings.SEARCH_EMBEDDINGS = True
    report = import_listings([_line("T0001"), _line("T0002")])  # drafts
    draft_pks = report.ids["technology"]
    ListingEmbedding.objects.create(
        kind="technology", listing_id=draft_pks[0], digest="old", model=embedding.MODEL, vector=b""
    )
    assert tasks.embed_listings.run("technology", [*draft_pks, 999_999]) == {"removed": 3}
    assert not ListingEmbedding.objects.filter(kind="technology").exists()
    assert tasks.embed_listings.run("nonsense", draft_pks) is None
