"""Rebuilding the index in chunks: in this process, or spread over Celery workers.

A run is planned as ``IndexChunk`` rows (primary-key ranges of published listings, ``chunk_size``
each); every chunk is indexed by ``index_chunk`` (``search.bulk.index_batch``: one read, cached
analysis, one upsert, one Elasticsearch bulk request) wherever it runs, and records its worker and
timings in its row, which is how the command follows progress without a result backend. At the
end, listings no longer published leave the index and the counts are checked: published listings
= ``SearchDocument`` rows = Elasticsearch documents, per kind.
"""

import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from listings.kinds import KINDS

from . import bulk
from .backends import backend_name, get_backend
from .models import IndexChunk, PendingIndexUpdate, SearchDocument

CHUNK_SIZE = 2000
KEEP_RUNS_FOR = timedelta(days=7)  # chunk rows of older runs are deleted when a run is planned


class RebuildFailed(Exception):
    """A chunk failed, or the counts did not agree at the end (the message says which)."""


@dataclass
class RebuildReport:
    run: uuid.UUID
    counts: dict = field(default_factory=dict)  # kind -> listings indexed
    analysed: int = 0
    workers: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)  # step -> seconds, summed over chunks
    elapsed: float = 0.0

    @property
    def total(self):
        return sum(self.counts.values())


def _queryset(kind):
    return bulk.listing_queryset(kind).published()


def plan(*, kinds=KINDS, chunk_size=CHUNK_SIZE):
    """Create the chunks of a new run (primary-key ranges of published listings); returns the run id."""
    IndexChunk.objects.filter(created_at__lt=timezone.now() - KEEP_RUNS_FOR).delete()
    run = uuid.uuid4()
    chunks = []
    for kind in kinds:
        pks = list(_queryset(kind).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), chunk_size):
            piece = pks[start : start + chunk_size]
            chunks.append(IndexChunk(run=run, kind=kind, first_pk=piece[0], last_pk=piece[-1]))
    IndexChunk.objects.bulk_create(chunks)
    return run


def start(*, kinds=KINDS):
    """Before the chunks: Elasticsearch indexes recreated empty, in bulk-loading mode."""
    if backend_name() == "elasticsearch":
        es = get_backend("elasticsearch")
        for kind in kinds:
            es.clear(kind)
            es.bulk_loading(kind, True)


def index_chunk(*, chunk_id, reanalyse=False, final_attempt=True):
    """Index one chunk. Side effects: ``SearchDocument`` upserts, one Elasticsearch bulk request,
    the chunk row filled in (listings, analysed, worker, timings, done_at or error). When
    Elasticsearch did not take the chunk and this is not the ``final_attempt``, the row is left
    open and ``None`` returned (the caller tries again)."""
    chunk = IndexChunk.objects.get(pk=chunk_id)
    listings = _queryset(chunk.kind).filter(pk__gte=chunk.first_pk, pk__lte=chunk.last_pk).order_by("pk")
    stats = bulk.index_batch(kind=chunk.kind, listings=listings, reanalyse=reanalyse)
    if stats.deferred and not final_attempt:
        return None
    chunk.listings, chunk.analysed = stats.listings, stats.analysed
    chunk.worker = f"{socket.gethostname()}:{os.getpid()}"
    chunk.timings = stats.timings()
    chunk.error = stats.error if stats.deferred else ""
    chunk.done_at = timezone.now()
    chunk.save()
    return chunk


def finish(*, run, kinds=KINDS):
    """After the chunks: settings back, stale rows out, pending updates cleared, counts checked.

    Raises ``RebuildFailed`` when a chunk failed or the counts disagree. Returns {kind: count}.
    """
    failed = IndexChunk.objects.filter(run=run).exclude(error="")
    if failed.exists():
        first = failed.first()
        raise RebuildFailed(f"{failed.count()} chunk(s) failed, first {first}: {first.error[:300]}")
    use_es = backend_name() == "elasticsearch"
    es = get_backend("elasticsearch") if use_es else None
    counts = {}
    for kind in kinds:
        published = _queryset(kind)
        SearchDocument.objects.filter(kind=kind).exclude(listing_id__in=published.values("pk")).delete()
        PendingIndexUpdate.objects.filter(kind=kind).delete()
        expected = published.count()
        documents = SearchDocument.objects.filter(kind=kind).count()
        found = {"database": expected, "search documents": documents}
        if es:
            es.bulk_loading(kind, False)
            found["Elasticsearch"] = es.count(kind)
        if len(set(found.values())) != 1:
            raise RebuildFailed(f"{kind}: counts disagree after the rebuild: {found}")
        counts[kind] = expected
    return counts


def rebuild_here(*, kinds=KINDS, chunk_size=CHUNK_SIZE, reanalyse=False, progress=None):
    """A whole run in this process, chunk by chunk; returns (run id, {kind: count}).

    Side effects: as ``start``, ``index_chunk`` and ``finish``. ``progress(kind, done, total)``
    is called after each chunk.
    """
    run = plan(kinds=kinds, chunk_size=chunk_size)
    start(kinds=kinds)
    totals = {kind: _queryset(kind).count() for kind in kinds}
    done = dict.fromkeys(kinds, 0)
    for chunk_id, kind in IndexChunk.objects.filter(run=run).values_list("pk", "kind"):
        chunk = index_chunk(chunk_id=chunk_id, reanalyse=reanalyse)
        if chunk.error:
            break
        done[kind] += chunk.listings
        if progress:
            progress(kind, done[kind], totals[kind])
    return run, finish(run=run, kinds=kinds)


def report(run, *, started):
    """Totals of a run from its chunk rows."""
    rows = IndexChunk.objects.filter(run=run)
    result = RebuildReport(run=run, elapsed=time.perf_counter() - started)
    result.analysed = rows.aggregate(n=Sum("analysed"))["n"] or 0
    result.counts = dict(rows.order_by().values("kind").annotate(n=Sum("listings")).values_list("kind", "n"))
    result.workers = sorted(set(rows.exclude(worker="").values_list("worker", flat=True)))
    for timings in rows.values_list("timings", flat=True):
        for step, seconds in (timings or {}).items():
            result.timings[step] = result.timings.get(step, 0.0) + seconds
    return result


def progress_of(run):
    """(listings done, chunks done, chunks failed, chunks in all) of a run."""
    totals = IndexChunk.objects.filter(run=run).aggregate(
        done=Sum("listings", filter=Q(done_at__isnull=False)),
        chunks_done=Count("id", filter=Q(done_at__isnull=False)),
        failed=Count("id", filter=~Q(error="")),
        chunks=Count("id"),
    )
    return totals["done"] or 0, totals["chunks_done"], totals["failed"], totals["chunks"]
