"""Search and matching: what the pages, the API and the management commands call.

Backends (``search.backends``) hold the index; this module analyses, keeps the index in step
with the database, falls back to the embedded backend when Elasticsearch is down, and turns
backend answers into listings with scores, reasons, highlights and facet counts.
"""

import logging
import math
import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q, Subquery, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.models import Page

from accounts.models import Organisation
from core.bilingual import localized
from listings.kinds import KINDS, MODELS  # noqa: F401  (KINDS re-exported for callers)
from listings.models import Language, TransferMode
from taxonomy.models import DevelopmentZone, Track

from . import bulk, embedding, rebuild, registry
from . import passages as passage_vectors
from .analysis import analyse, announce_vocabulary_change, features_from_listing
from .backends import BackendUnavailable, backend_name, get_backend
from .backends.base import (
    FACETS,
    SORTS,
    clean_filters,
    facets_for,
    features_from_document,
)
from .highlight import highlight
from .models import GlossaryTerm, ListingEmbedding, PendingIndexUpdate, SearchDocument
from .ranking import rank

logger = logging.getLogger(__name__)

MAX_PER_PAGE = 100


def other_kind(kind):
    return "demand" if kind == "technology" else "technology"


def kind_of(model_or_instance):
    return "technology" if model_or_instance._meta.model_name == "technology" else "demand"


listing_queryset = bulk.listing_queryset


# --- Keeping the index in step ----------------------------------------------------------------


@dataclass
class IndexResult:
    indexed: int = 0
    removed: int = 0
    deferred: bool = False  # Elasticsearch did not take the update; it is pending


def index_listings(*, kind, ids):
    """Bring the index up to date for these listings: published ones in, all others out.

    Side effects: writes ``SearchDocument`` rows (the embedded index, always; a listing whose
    texts did not change keeps its cached analysis), pushes the same documents to Elasticsearch
    in one bulk request when that is the configured backend, and records ``PendingIndexUpdate``
    rows when Elasticsearch cannot take them. Idempotent. The same path as the rebuild's chunks
    (``search.bulk.index_batch``).
    """
    ids = sorted({int(pk) for pk in ids})
    stats = bulk.index_batch(
        kind=kind, listings=listing_queryset(kind).published().filter(pk__in=ids), requested_ids=ids
    )
    result = IndexResult(indexed=stats.listings, removed=stats.removed)
    if backend_name() == "elasticsearch":
        if stats.deferred:
            _remember_pending(kind=kind, ids=ids, error=stats.error)
            result.deferred = True
        else:
            PendingIndexUpdate.objects.filter(kind=kind, listing_id__in=ids).delete()
    return result


def _remember_pending(*, kind, ids, error):
    """Record (or count another attempt at) index updates Elasticsearch did not take."""
    with transaction.atomic():
        PendingIndexUpdate.objects.bulk_create(
            [PendingIndexUpdate(kind=kind, listing_id=pk) for pk in ids], ignore_conflicts=True
        )
        PendingIndexUpdate.objects.filter(kind=kind, listing_id__in=ids).update(
            attempts=F("attempts") + 1, last_error=str(error)[:2000]
        )


def _push_to_elasticsearch(*, kind, documents, removed):
    """True when Elasticsearch took the update; otherwise it is remembered as pending."""
    backend = get_backend("elasticsearch")
    ids = [d["pk"] for d in documents] + list(removed)
    try:
        backend.index_documents(kind, documents)
        backend.delete_documents(kind, removed)
    except BackendUnavailable as error:
        _remember_pending(kind=kind, ids=ids, error=error)
        return False
    PendingIndexUpdate.objects.filter(kind=kind, listing_id__in=ids).delete()
    return True


def drain_pending_index_updates(*, batch_size=1000):
    """Push the updates Elasticsearch missed while it was down; returns how many were applied.

    Side effects: Elasticsearch index writes, deletes the drained ``PendingIndexUpdate`` rows.
    Does nothing (and returns 0) while Elasticsearch is still unreachable.
    """
    if backend_name() != "elasticsearch" or not PendingIndexUpdate.objects.exists():
        return 0
    if not get_backend("elasticsearch").ping():
        return 0
    drained = 0
    for kind in (*KINDS, *(k.name for k in registry.searchable_kinds())):
        while True:
            ids = list(
                PendingIndexUpdate.objects.filter(kind=kind).values_list("listing_id", flat=True)[:batch_size]
            )
            if not ids:
                break
            documents = list(
                SearchDocument.objects.filter(kind=kind, listing_id__in=ids).values_list("data", flat=True)
            )
            present = {d["pk"] for d in documents}
            if not _push_to_elasticsearch(
                kind=kind, documents=documents, removed=[pk for pk in ids if pk not in present]
            ):
                return drained
            drained += len(ids)
    return drained


def rebuild_search_index(*, kinds=KINDS, chunk_size=rebuild.CHUNK_SIZE, reanalyse=False, progress=None):
    """Rebuild the index from the database in this process, chunk by chunk.

    Side effects: upserts ``SearchDocument`` for every published listing (analysis reused for
    unchanged texts unless ``reanalyse``) and deletes the others, recreates and refills the
    Elasticsearch indexes when that backend is configured, clears pending updates; raises
    ``rebuild.RebuildFailed`` when the counts disagree at the end. ``progress(kind, done, total)``
    is called after each chunk. Returns {kind: count}. For Celery workers see ``search.rebuild``.
    """
    _run, counts = rebuild.rebuild_here(
        kinds=kinds, chunk_size=chunk_size, reanalyse=reanalyse, progress=progress
    )
    return counts


# --- The editors' glossary ---------------------------------------------------------------------


def listings_using(*, kind, variants):
    """Pks of published listings of ``kind`` whose texts or keywords hold any of ``variants``."""
    condition = Q()
    for variant in variants:
        for name in ("title", "summary", "description", "keywords_text"):
            condition |= Q(**{f"{name}__icontains": variant})
    if not condition:
        return []
    queryset = MODELS[kind].objects.published().annotate(keywords_text=Cast("keywords", TextField()))
    return list(queryset.filter(condition).values_list("pk", flat=True))


def link_glossary_tracks():
    """File each unfiled glossary term that is a track's keyword under that track (the seed ran
    before the tracks existed). Side effects: updates ``GlossaryTerm.track``; the spellings, and so
    the index, are unchanged. Returns how many terms were filed."""
    filed = 0
    for track in Track.objects.all():
        chinese = [keyword.get("zh") for keyword in track.keywords or [] if keyword.get("zh")]
        filed += GlossaryTerm.objects.filter(chinese__in=chinese, track__isnull=True).update(track=track)
    return filed


def apply_glossary_change(*, variants):
    """Bring the index in step with an edited glossary term (``variants``: its spellings before
    and after the edit). Side effects: every process forgets the glossary (shared cache), and
    the published listings using any of the spellings are re-analysed and re-indexed.
    Returns {kind: listings re-indexed}."""
    announce_vocabulary_change(uuid.uuid4().hex)
    counts = {}
    for kind in KINDS:
        ids = listings_using(kind=kind, variants=sorted({v for v in variants if v}))
        if ids:
            index_listings(kind=kind, ids=ids)
        counts[kind] = len(ids)
    return counts


# --- Meaning vectors ----------------------------------------------------------------------------


def embed_listing(*, kind, pk):
    """Store the meaning vector of a published listing's current revision (``search.embedding``).

    Idempotent per revision: nothing is computed when the stored vector already embeds the same
    text with the same model. An unpublished or deleted listing loses its vector. Returns
    "embedded", "unchanged", "removed" or "off" (``SEARCH_EMBEDDINGS`` off: nothing done). Side
    effects: writes or deletes a ``ListingEmbedding`` and, in the same transaction, bumps the
    kind's ``EmbeddingVersion`` (how every process learns its vectors changed).
    Slow (the model runs here): called from the ``search.embed_listing`` task, and in a request
    only for the demand being matched when its vector is missing.
    """
    if not embedding.enabled():
        return "off"
    listing = MODELS[kind].objects.filter(pk=pk).first()
    if listing is None or not listing.is_published:
        with transaction.atomic():
            if ListingEmbedding.objects.filter(kind=kind, listing_id=pk).delete()[0]:
                embedding.vectors_changed(kind)
        return "removed"
    texts = embedding.embedding_texts(
        kind=kind,
        title=listing.title,
        summary=listing.summary,
        description=listing.description,
        keywords=listing.keywords or (),
    )
    digest = embedding.digest(kind=kind, texts=texts)
    stored = ListingEmbedding.objects.filter(kind=kind, listing_id=pk).first()
    if stored and stored.digest == digest and stored.model == embedding.MODEL:
        return "unchanged"
    # SEARCH_EMBEDDING_CACHE (development, evaluation): texts embedded before are read from disk.
    embedder = embedding.cached_embed if getattr(settings, "SEARCH_EMBEDDING_CACHE", False) else None
    vector, passages = embedding.listing_vectors(kind=kind, texts=texts, embedder=embedder)
    with transaction.atomic():
        ListingEmbedding.objects.update_or_create(
            kind=kind,
            listing_id=pk,
            defaults={
                "revision": getattr(listing, "live_revision_id", None) or 0,
                "digest": digest,
                "model": embedding.MODEL,
                "vector": embedding.to_bytes(vector),
                "passages": b"" if passages is None else passage_vectors.to_bytes(passages),
            },
        )
        embedding.vectors_changed(kind)
    return "embedded"


def stale_embeddings(*, kind, limit=1000):
    """Up to ``limit`` pks of listings of ``kind`` whose stored vector comes from an earlier recipe
    than ``embedding.MODEL`` (matching still reads it meanwhile: ``READABLE_MODELS``). Reads only."""
    rows = ListingEmbedding.objects.filter(kind=kind).exclude(model=embedding.MODEL)
    return list(rows.order_by("listing_id").values_list("listing_id", flat=True)[:limit])


def _source_vector(listing, stored=None):
    """The listing's stored vector (``stored``: its bytes when already read, else read now); a
    demand being matched is embedded now when it has none."""
    if not embedding.enabled():
        return None
    vector = embedding.from_bytes(stored) if stored is not None else None
    if vector is None:
        vector = embedding.stored_vector(kind=listing.kind, pk=listing.pk)
    if vector is None and listing.kind == "demand" and listing.is_published:
        embed_listing(kind=listing.kind, pk=listing.pk)
        vector = embedding.stored_vector(kind=listing.kind, pk=listing.pk)
    return vector


def _vectors(kind):
    return embedding.StoredVectors.get(kind) if embedding.enabled() else None


# --- Matching ---------------------------------------------------------------------------------


@dataclass
class Match:
    """One ranked listing of the other kind, with why it was ranked there."""

    listing: object
    ref: str
    score: float
    title: str
    reasons: list
    band: str = "possible"  # "strong" or "possible": what the page shows instead of the score

    def as_dict(self):
        return {
            "ref": self.ref,
            "score": self.score,
            "band": self.band,
            "title": self.title,
            "reasons": [str(r) for r in self.reasons],
            "kind": self.listing.kind,
            "track": self.listing.track.slug,
            "url": self.listing.get_absolute_url(),
        }


class MatchList(list):
    """The matches, best first; ``degraded`` when Elasticsearch was down and the embedded answered.

    Empty when nothing answers the listing well enough (the ranking abstains).
    """

    save_search_url = ""  # where to save a search for more listings like these (see save_search_url)

    degraded = False
    backend = ""


def _source(listing):
    """(features, vector) of the listing being matched: its analysed document and stored vector
    in one query (``_source_vector`` embeds a demand that has none)."""
    stored = embedding.stored_vector_query(kind=listing.kind, pk=listing.pk)
    row = (
        SearchDocument.objects.filter(kind=listing.kind, listing_id=listing.pk)
        .annotate(vector=Subquery(stored.values("vector")[:1]))
        .values_list("data", "vector")
        .first()
    )
    data, vector = row or (None, None)
    features = (
        features_from_document(data) if data and listing.is_published else features_from_listing(listing)
    )
    return features, _source_vector(listing, vector)


def _with_fallback(call):
    """(result, backend name, degraded): Elasticsearch when configured, else or on failure embedded."""
    name = backend_name()
    if name == "elasticsearch":
        try:
            return call(get_backend("elasticsearch")), name, False
        except BackendUnavailable:
            logger.warning("Elasticsearch is down: answering from the embedded backend")
            return call(get_backend("embedded")), "embedded", True
    return call(get_backend("embedded")), "embedded", False


def _backend_page(*, kind, analysed, filters, sort, page, per_page):
    """(backend page, backend name, degraded) for page ``page`` of one kind's results: the one
    backend call behind listing search and site-wide search. Read-only."""
    return _with_fallback(
        lambda backend: backend.search(
            kind=kind,
            analysed=analysed,
            filters=filters,
            sort=sort,
            offset=(page - 1) * per_page,
            limit=per_page,
        )
    )


def match_listing(*, listing, limit=10, user=None):
    """Published listings of the other kind that answer ``listing``, best first, with reasons.

    Candidates are the backend's lexical ones plus the nearest by meaning when vectors are stored
    (``search.embedding``; lexical only otherwise). Each match carries its confidence band; the
    list is empty when even the best candidate is too weak to be called an answer (the ranking
    abstains). Read-only, except that a demand without a stored vector gets one (see
    ``embed_listing``). Falls back to the embedded backend (``degraded``) when Elasticsearch is down.
    ``user`` is accepted for per-viewer rules; every viewer sees the same public matches today.
    """
    limit = max(1, min(int(limit), 100))
    source, vector = _source(listing)
    target = other_kind(listing.kind)
    vectors = _vectors(target)
    (candidates, stats, cosines), name, degraded = _with_fallback(
        lambda backend: embedding.candidates_with_meaning(
            backend, kind=target, source=source, vector=vector, vectors=vectors
        )
    )
    read = {}

    def kept_listings(kept):
        """The kept candidates' listings, read once: their tracks name the explanations' tracks
        (no query of every track) and they are the matches below."""
        read.update(listing_queryset(target).in_bulk([candidate.pk for candidate in kept]))
        return {obj.track.slug: obj.track for obj in read.values() if obj.track_id}

    ranked = rank(
        source=source, candidates=candidates, stats=stats, limit=limit, semantic=cosines, tracks=kept_listings
    )
    if not read and ranked:
        read = listing_queryset(target).in_bulk([r.features.pk for r in ranked])
    # By primary key only (then the status check in Python): a status filter can lead the
    # planner to walk the status index instead of fetching ten rows.
    objects = {pk: obj for pk, obj in read.items() if obj.is_published}
    matches = MatchList(
        Match(listing=objects[r.features.pk], ref=objects[r.features.pk].ref, score=r.score,
              title=objects[r.features.pk].title, reasons=r.reasons, band=r.band)
        for r in ranked
        if r.features.pk in objects
    )  # fmt: skip
    matches.degraded = degraded
    matches.backend = name
    matches.save_search_url = save_search_url(kind=target, query=listing.title, track=source.track)
    return matches


def save_search_url(*, kind, query, track=""):
    """Where a person saves this search (the page a higher part registered), or "" when none does."""
    url_name = registry.save_search_url_name()
    if not url_name:
        return ""
    return f"{reverse(url_name)}?{urlencode({'kind': kind, 'query': query, 'track': track})}"


def find_listing(*, kind, ref):
    """The listing of ``kind`` with this ref, or None."""
    return listing_queryset(kind).filter(ref=ref).first()


# --- Searching --------------------------------------------------------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetResult:
    name: str
    label: str
    options: list


@dataclass
class SearchHit:
    listing: object
    score: float
    title_html: str
    snippet_html: str
    title: str = ""  # the core.bilingual.LocalizedText the html shows (its language, if a stand-in)
    summary: str = ""


@dataclass
class SearchPage:
    """One page of listing search results with facet counts (``degraded``: fallback answered)."""

    kind: str
    query: str
    results: list
    total: int
    page: int
    per_page: int
    facets: list = field(default_factory=list)
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    degraded: bool = False
    backend: str = ""

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def has_previous(self):
        return self.page > 1


def _facet_labels(kind):
    labels = {
        "track": {t.slug: t.name for t in Track.objects.all()},
        "transfer_mode": dict(TransferMode.choices),
        "org_kind": dict(Organisation.Kind.choices),
        "language": dict(Language.choices),
    }
    if kind == "demand":
        labels["zone"] = {z.slug: z.name for z in DevelopmentZone.objects.all()}
    for facet in FACETS:
        if facet.ranges:
            labels[facet.name] = {key: label for key, label, _low, _high in facet.ranges}
    return labels


def search_listings(*, kind, query="", filters=None, sort="relevance", page=1, per_page=20):
    """A page of published listings of ``kind`` for free text and facet filters.

    Read-only. Bad filters and sorts are ignored rather than refused. Falls back to the
    embedded backend (``degraded``) when Elasticsearch is down.
    """
    if kind not in MODELS:
        raise ValueError(f"unknown kind {kind!r}")
    query = (query or "").strip()[:200]
    filters = clean_filters(kind, filters)
    if sort not in SORTS or kind not in SORTS[sort][1]:
        sort = "relevance"
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    page = max(1, int(page))
    analysed = analyse(query) if query else None
    backend_page, name, degraded = _backend_page(
        kind=kind, analysed=analysed, filters=filters, sort=sort, page=page, per_page=per_page
    )
    objects = {
        pk: obj for pk, obj in listing_queryset(kind).in_bulk(backend_page.ids).items() if obj.is_published
    }
    results = []
    for pk in backend_page.ids:
        listing = objects.get(pk)
        if listing is None:
            continue
        title, summary = localized(listing, "title"), localized(listing, "summary")
        results.append(
            SearchHit(
                listing=listing,
                score=backend_page.scores.get(pk, 0.0),
                title_html=highlight(title, analysed, length=None),
                snippet_html=highlight(summary, analysed, length=160),
                title=title,
                summary=summary,
            )
        )
    labels = _facet_labels(kind)
    facets = []
    for facet in facets_for(kind):
        counts = backend_page.facets.get(facet.name, {})
        selected = set(filters.get(facet.name, ()))
        names = labels.get(facet.name, {})
        order = (
            [key for key, *_ in facet.ranges] if facet.ranges else sorted(counts, key=lambda v: -counts[v])
        )
        options = [
            FacetOption(value=v, label=str(names.get(v, v)), count=counts.get(v, 0), selected=v in selected)
            for v in order
            if counts.get(v) or v in selected
        ]
        facets.append(FacetResult(name=facet.name, label=str(facet.label), options=options))
    return SearchPage(
        kind=kind,
        query=query,
        results=results,
        total=backend_page.total,
        page=page,
        per_page=per_page,
        facets=facets,
        filters=filters,
        sort=sort,
        degraded=degraded,
        backend=name,
    )


PAGE_QUERY_MAX_WORDS = 20
_WORD = re.compile(r"\w+")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def page_search_terms(query):
    """The words of a free-text query, as plain terms the page search cannot read as syntax.

    SQLite's full-text MATCH (Wagtail's database backend) takes quotes, `*`, `-`, `^`, `:`,
    parentheses and the upper-case words AND, OR, NOT and NEAR as operators and fails on an
    unbalanced one; a visitor's query is text, so only its words (lower-cased) are kept.
    """
    words = [word for word in _WORD.findall((query or "")[:200]) if word not in _OPERATORS]
    return " ".join(word.lower() for word in words[:PAGE_QUERY_MAX_WORDS])


def search_pages(*, query, limit=10):
    """Live CMS pages matching ``query`` (Wagtail's page search, database backend). Read-only.

    A query the database still refuses gives no results (logged) rather than an error page.
    """

    terms = page_search_terms(query)
    if not terms:
        return []
    try:
        with transaction.atomic():
            return list(Page.objects.live().public().specific().search(terms)[:limit])
    except DatabaseError:
        logger.warning("Page search refused the query %r", terms, exc_info=True)
        return []


def degraded_notice():
    return gettext(
        "The search server is unavailable: results come from the built-in search and may be less complete."
    )


def published_match_ids(*, listings, limit=10):
    """{(kind, pk): (matched kind, [ids of published matches, best first])} for several listings at once.

    Read-only. A fixed number of database queries whatever the number of listings: the source
    features in one query per kind, the backend once per kind (one database freshness check for
    the embedded backend, none for Elasticsearch), then one query per kind to keep only published
    matches. When matching fails the counts are left out (the caller shows them as unavailable).
    """
    limit = max(1, min(int(limit), 100))
    listings = [listing for listing in listings if listing.is_published]
    found = {}
    for kind in KINDS:
        of_kind = [listing for listing in listings if listing.kind == kind]
        if not of_kind:
            continue
        rows = SearchDocument.objects.filter(kind=kind, listing_id__in=[x.pk for x in of_kind])
        documents = dict(rows.values_list("listing_id", "data"))
        sources = [
            features_from_document(documents[x.pk]) if x.pk in documents else features_from_listing(x)
            for x in of_kind
        ]
        target = other_kind(kind)
        # Stored vectors only: counting never embeds.
        vectors = _vectors(target)
        stored = {}
        if vectors is not None and len(vectors):
            rows = ListingEmbedding.objects.filter(
                kind=kind, listing_id__in=[x.pk for x in of_kind], model__in=embedding.READABLE_MODELS
            )
            stored = {pk: embedding.from_bytes(raw) for pk, raw in rows.values_list("listing_id", "vector")}
        closeness = {
            x.pk: vectors.closeness(stored[x.pk], source.language)
            for x, source in zip(of_kind, sources, strict=True)
            if x.pk in stored
        }
        extras = [closeness[x.pk].nearest() if x.pk in closeness else [] for x in of_kind]
        answers, _name, _degraded = _with_fallback(
            lambda backend, target=target, sources=sources, extras=extras: backend.match_candidates_many(
                kind=target, sources=sources, extras=extras
            )
        )
        for listing, source, (candidates, stats) in zip(of_kind, sources, answers, strict=True):
            cosines = (
                closeness[listing.pk].of([c.pk for c in candidates]) if listing.pk in closeness else None
            )
            ranked = rank(
                source=source,
                candidates=candidates,
                stats=stats,
                limit=limit,
                explain=False,
                semantic=cosines,
            )
            found[(kind, listing.pk)] = (target, [r.features.pk for r in ranked])
    published = {}
    for kind in KINDS:
        ids = {pk for target, pks in found.values() if target == kind for pk in pks}
        if ids:
            published[kind] = set(
                MODELS[kind].objects.published().filter(pk__in=ids).values_list("pk", flat=True)
            )
    return {
        key: (target, [pk for pk in pks if pk in published.get(target, ())])
        for key, (target, pks) in found.items()
    }


def count_matches(*, listings, limit=10):
    """{(kind, pk): number of published matches (up to ``limit``)} for several listings at once.

    Read-only; as ``published_match_ids``.
    """
    return {
        key: len(pks) for key, (_target, pks) in published_match_ids(listings=listings, limit=limit).items()
    }
