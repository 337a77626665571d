"""Celery tasks of the search app: thin wrappers around ``search.services``."""

import logging

from celery import shared_task
from django.db import DatabaseError

from core import outbox

from . import rebuild, services, sitewide
from .models import IndexChunk

logger = logging.getLogger(__name__)

# At most this many listings per meaning-vector message. The model embeds about 5 texts a second on
# the shared 2-core machine (a listing has several: an import batch of 500 technologies took about
# 400 s), and core.outbox.LEASE frees a message still running after 10 minutes to run again. 100
# listings take about 80 s, so even at a third of that speed a message ends within half the lease
# and is never run twice at once (docs/queues.md).
EMBED_MESSAGE_MAX = 100


@shared_task(name="search.index_listings", bind=True, max_retries=10, acks_late=True)
def index_listings(self, kind, ids):
    """Index (or remove) these listings; retried with backoff while Elasticsearch is down."""
    if kind not in services.KINDS:
        logger.error("index_listings: unknown kind %r", kind)
        return None
    result = services.index_listings(kind=kind, ids=ids)
    if result.deferred and not self.request.is_eager:
        # The update is also recorded as pending, so the periodic drain catches it should
        # every retry fail; eager runs (tests, no broker) leave it to that drain.
        raise self.retry(countdown=min(600, 5 * 2**self.request.retries))
    return {"indexed": result.indexed, "removed": result.removed, "deferred": result.deferred}


@shared_task(name="search.drain_pending_index_updates")
def drain_pending_index_updates():
    """Push index updates that Elasticsearch missed while it was down (runs every minute)."""
    return services.drain_pending_index_updates()


@shared_task(name="search.index_chunk", bind=True, max_retries=5, acks_late=True)
def index_chunk(self, chunk_id, reanalyse=False):
    """One chunk of a ``rebuild_search_index --workers N`` run (its row records the outcome);
    tried again with backoff while Elasticsearch does not take it."""
    final = self.request.is_eager or self.request.retries >= self.max_retries
    try:
        chunk = rebuild.index_chunk(chunk_id=chunk_id, reanalyse=reanalyse, final_attempt=final)
    except Exception as error:
        # The command waits on the chunk rows: a failure must show there, not only in the log.
        IndexChunk.objects.filter(pk=chunk_id).update(error=f"{type(error).__name__}: {error}"[:2000])
        raise
    if chunk is None:
        raise self.retry(countdown=5 * 2**self.request.retries)
    return {"listings": chunk.listings, "analysed": chunk.analysed}


@shared_task(
    name="search.embed_listing",
    bind=True,
    max_retries=5,
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
)
def embed_listing(self, kind, pk):
    """One listing's meaning vector: a batch of one (``search.embed_listings``), the one embedding
    path. Kept under its name for messages queued before batches; returns the listing's outcome."""
    outcomes = embed_listings.run(kind, [pk])  # the body only: this message is the one the outbox claimed
    return next(iter(outcomes)) if outcomes else None


@shared_task(
    name="search.embed_listings",
    bind=True,
    max_retries=5,
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
)
def embed_listings(self, kind, ids):
    """Store the meaning vectors of a batch of listings (one message per import batch or change,
    not one per listing; a retry redoes only what changed, each vector being kept per revision).
    Routed to the ``embeddings`` queue by ``CELERY_TASK_ROUTES``."""
    if kind not in services.KINDS:
        logger.error("embed_listings: unknown kind %r", kind)
        return None
    outcomes = {}
    for pk in ids:
        outcome = services.embed_listing(kind=kind, pk=int(pk))
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@shared_task(name="search.apply_glossary_change", acks_late=True)
def apply_glossary_change(variants):
    """Re-index the listings an edited glossary term touches (its spellings before and after), and
    the items of the site-wide search (few, so all of them)."""
    counts = services.apply_glossary_change(variants=[str(v) for v in variants])
    counts.update(sitewide.reindex_site_items())
    return counts


@shared_task(name="search.index_site_items", bind=True, max_retries=10, acks_late=True)
def index_site_items(self, kind, ids):
    """Index (or remove) these items of a kind registered for the site-wide search; retried with
    backoff while Elasticsearch is down (the pending rows let the periodic drain catch up too)."""
    if sitewide.registry.searchable_kind(kind) is None:
        logger.error("index_site_items: unknown kind %r", kind)
        return None
    result = sitewide.index_site_items(kind=kind, ids=[int(pk) for pk in ids])
    if result.deferred and not self.request.is_eager:
        raise self.retry(countdown=min(600, 5 * 2**self.request.retries))
    return {"indexed": result.indexed, "removed": result.removed, "deferred": result.deferred}


# Listings re-embedded per run after a new recipe (``embedding.MODEL``): about 100 s of the
# embedder's time every 10 minutes, so re-embedding never crowds out new listings' vectors.
STALE_BATCH = 1000


@shared_task(name="search.queue_stale_embeddings")
def queue_stale_embeddings():
    """Queue the re-embedding of listings whose vector an earlier recipe made (runs every 10
    minutes; ``queue_embeddings`` per kind, on the ``embeddings`` queue)."""
    queued = {}
    for kind in services.KINDS:
        ids = services.stale_embeddings(kind=kind, limit=STALE_BATCH)
        queue_embeddings(kind, ids)
        queued[kind] = len(ids)
    return queued


def queue_embeddings(kind, ids):
    """Queue the meaning vectors of these listings through the outbox, at most
    ``EMBED_MESSAGE_MAX`` listings per ``embed_listings`` message (none outlives the lease)."""
    for start in range(0, len(ids), EMBED_MESSAGE_MAX):
        outbox.enqueue(embed_listings, kind, ids[start : start + EMBED_MESSAGE_MAX])
