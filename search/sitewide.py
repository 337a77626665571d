"""Site-wide search: listings plus the kinds other parts register (``search.registry``).

Innovation products, roadshow pitches, policies and news are indexed as ``SearchDocument`` rows
of their own kind (and, with Elasticsearch, in one index per kind), analysed exactly as listings
are (``search.analysis``), so both backends find them for the same words. A document carries
what a hit shows (title, summary and address in both languages) so a results page reads no item
row; one query per kind on the page still checks that every hit is public right now.
"""

import hashlib
import json
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from core.bilingual import localized_from, reader_language
from listings.kinds import KINDS as LISTING_KINDS
from taxonomy.models import Track

from . import registry, services
from .analysis import analyse, build_features, concept_token
from .backends import BackendUnavailable, backend_name, get_backend
from .backends.base import FACETS_BY_NAME, analysed_fields, clean_filters
from .bulk import _write_documents, analyser_version
from .highlight import highlight
from .models import PendingIndexUpdate, SearchDocument
from .services import (
    FacetOption,
    FacetResult,
    IndexResult,
    SearchPage,
    _remember_pending,
    _with_fallback,
    search_listings,
)

logger = logging.getLogger(__name__)

LISTING_LABELS = {
    "technology": pgettext_lazy("search kind", "Technologies"),
    "demand": pgettext_lazy("search kind", "Demands"),
}
BATCH = 500
# A title's words count this many times in the ranked text (both backends rank BM25 over it), so
# the page titled with the words comes before a longer page that quotes them in its body.
TITLE_WEIGHT = 3


def site_kinds():
    """Names of the registered kinds, in order."""
    return [kind.name for kind in registry.searchable_kinds()]


def all_kinds():
    """[(name, label)] of everything the search page finds: listings first, then registered kinds."""
    return [(name, LISTING_LABELS[name]) for name in LISTING_KINDS] + [
        (kind.name, kind.label) for kind in registry.searchable_kinds()
    ]


# --- Indexing -----------------------------------------------------------------------------------


def _texts(mapping):
    return {language: str(text or "").strip() for language, text in (mapping or {}).items()}


def document_from_entry(kind, entry):
    """The analysed document both backends store for one public item of a registered kind."""
    titles, summaries, bodies = _texts(entry.title), _texts(entry.summary), _texts(entry.body)
    original = entry.language if entry.language in ("zh", "en") else "zh"
    title = titles.get(original) or next((t for t in titles.values() if t), "")
    others = [t for language, t in titles.items() if t and t != title]
    features = build_features(
        kind=kind,
        pk=entry.pk,
        ref=entry.ref,
        title=title,
        summary=" ".join(summaries.values()),
        body=list(bodies.values()),
        keywords=others,  # the other-language title weighs as a title
    )
    published = entry.published_at or timezone.now()
    analysed = analysed_fields(features)
    title_terms = [*sorted(features.key_tokens), *(concept_token(c) for c in sorted(features.key_concepts))]
    analysed["text"] = " ".join([analysed["text"], *title_terms * (TITLE_WEIGHT - 1)]).strip()
    analysed["length"] = len(analysed["text"].split())
    return {
        "pk": entry.pk,
        "kind": kind,
        "ref": entry.ref or "",
        "title": title,
        "language": original,
        "track": sorted(set(entry.tracks)),
        "published_at": published.isoformat(),
        "titles": titles,
        "summaries": {language: text[:600] for language, text in summaries.items()},
        "urls": {language: url for language, url in (entry.url or {}).items() if url},
        **{name: value for name, value in analysed.items() if name != "needed_trl"},
    }


def _revision(document):
    payload = json.dumps([analyser_version(), document], ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(payload.encode(), usedforsecurity=False).hexdigest()


def _kind(name):
    kind = registry.searchable_kind(name)
    if kind is None:
        raise ValueError(f"unknown searchable kind {name!r}")
    return kind


def _index(kind, items, requested_ids):
    """Store the documents of these public items, remove the requested ones that are not."""
    registered = _kind(kind)
    documents = [document_from_entry(kind, registered.entry(item)) for item in items]
    removed = sorted({int(pk) for pk in requested_ids} - {d["pk"] for d in documents})
    encoded = [json.dumps(d, ensure_ascii=False, separators=(",", ":")) for d in documents]
    with transaction.atomic():
        _write_documents(kind, documents, encoded, [_revision(d) for d in documents])
        if removed:
            SearchDocument.objects.filter(kind=kind, listing_id__in=removed).delete()
    error = ""
    if backend_name() == "elasticsearch":
        es = get_backend("elasticsearch")
        try:
            es.index_encoded(kind, [(d["pk"], text) for d, text in zip(documents, encoded, strict=True)])
            es.delete_documents(kind, removed)
        except BackendUnavailable as failure:
            error = str(failure) or "unavailable"
    return documents, removed, error


def index_site_items(*, kind, ids):
    """Bring the index up to date for these items of a registered kind: public ones in, all
    others out (unpublished, withdrawn, private, deleted).

    Side effects: writes/deletes ``SearchDocument`` rows; with Elasticsearch, one bulk request,
    and ``PendingIndexUpdate`` rows when it does not take it. Idempotent.
    """
    ids = sorted({int(pk) for pk in ids})
    items = list(_kind(kind).public().filter(pk__in=ids))
    documents, removed, error = _index(kind, items, ids)
    result = IndexResult(indexed=len(documents), removed=len(removed))
    if backend_name() == "elasticsearch":
        if error:
            _remember_pending(kind=kind, ids=ids, error=error)
            result.deferred = True
        else:
            PendingIndexUpdate.objects.filter(kind=kind, listing_id__in=ids).delete()
    return result


def rebuild_site_index(*, kinds=None):
    """Index every public item of the registered kinds afresh and drop every other document.

    Side effects: recreates each kind's Elasticsearch index when that is the backend, rewrites
    the kind's ``SearchDocument`` rows, clears its pending updates. Returns {kind: count}.
    """
    counts = {}
    for kind in kinds or site_kinds():
        public = _kind(kind).public()
        if backend_name() == "elasticsearch":
            get_backend("elasticsearch").clear(kind)
        total = 0
        pks = list(public.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            documents, _removed, error = _index(kind, public.filter(pk__in=chunk), ())
            if error:
                raise BackendUnavailable(error)
            total += len(documents)
        SearchDocument.objects.filter(kind=kind).exclude(listing_id__in=pks).delete()
        PendingIndexUpdate.objects.filter(kind=kind).delete()
        if backend_name() == "elasticsearch":
            get_backend("elasticsearch").refresh(kind)
        counts[kind] = total
    return counts


def reindex_site_items():
    """Analyse every registered kind's items again (after a glossary change: their concepts may
    have changed). Side effects: as ``index_site_items`` for every public item and every stored
    document. Returns {kind: items indexed}."""
    counts = {}
    for kind in site_kinds():
        ids = set(_kind(kind).public().values_list("pk", flat=True))
        ids |= set(SearchDocument.objects.filter(kind=kind).values_list("listing_id", flat=True))
        counts[kind] = index_site_items(kind=kind, ids=sorted(ids)).indexed if ids else 0
    return counts


# --- Searching ----------------------------------------------------------------------------------


@dataclass
class SiteHit:
    """One hit of a registered kind, shown from its document (no item row is read)."""

    kind: str
    pk: int
    ref: str
    url: str
    title: str
    summary: str
    title_html: str
    snippet_html: str
    tracks: list
    score: float = 0.0
    published_at: str = ""


@dataclass
class KindOption:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""


@dataclass
class SiteSearchPage(SearchPage):
    """A page of one kind's results plus how many every kind has for the same words and track."""

    kinds: list = field(default_factory=list)


def _site_page(*, kind, query, analysed, filters, sort, page, per_page):
    sort = sort if sort in ("relevance", "newest") else "relevance"
    backend_page, name, degraded = services._backend_page(
        kind=kind, analysed=analysed, filters=filters, sort=sort, page=page, per_page=per_page
    )
    ids = backend_page.ids
    public = set(_kind(kind).public().filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    rows = dict(
        SearchDocument.objects.filter(
            kind=kind, listing_id__in=[pk for pk in ids if pk in public]
        ).values_list("listing_id", "data")
    )
    track_names = {t.slug: t.name for t in Track.objects.all()}
    results = []
    reader = reader_language()
    for pk in ids:
        data = rows.get(pk)
        if data is None:
            continue
        original = data.get("language", "zh")
        title = localized_from(data.get("titles", {}), original=original)
        summary = localized_from(data.get("summaries", {}), original=original)
        urls = data.get("urls", {})
        results.append(
            SiteHit(
                kind=kind,
                pk=pk,
                ref=data.get("ref", ""),
                url=urls.get(reader) or urls.get(original) or next(iter(urls.values()), ""),
                title=title,
                summary=summary,
                title_html=highlight(title, analysed, length=None),
                snippet_html=highlight(summary, analysed, length=160),
                tracks=[{"slug": s, "name": track_names.get(s, s)} for s in data.get("track", [])],
                score=backend_page.scores.get(pk, 0.0),
                published_at=data.get("published_at", ""),
            )
        )
    counts = backend_page.facets.get("track", {})
    selected = set(filters.get("track", ()))
    order = sorted(counts, key=lambda v: (-counts[v], v))
    options = [
        FacetOption(value=v, label=str(track_names.get(v, v)), count=counts.get(v, 0), selected=v in selected)
        for v in order + sorted(selected - set(order))
    ]
    return SiteSearchPage(
        kind=kind,
        query=query,
        results=results,
        total=backend_page.total,
        page=page,
        per_page=per_page,
        facets=[FacetResult(name="track", label=str(FACETS_BY_NAME["track"].label), options=options)],
        filters=filters,
        sort=sort,
        degraded=degraded,
        backend=name,
    )


def search_site(*, kind, query="", filters=None, sort="relevance", page=1, per_page=20):
    """A page of results of one kind (a listing kind or a registered one) with the kind facet:
    how many results each kind has for the same words and the filters that apply to it.

    Read-only; results are only what an anonymous visitor may see. Bad filters and sorts are
    ignored; an unknown kind raises ValueError. Falls back to the embedded backend when
    Elasticsearch is down (``degraded``).
    """
    names = [name for name, _label in all_kinds()]
    if kind not in names:
        raise ValueError(f"unknown kind {kind!r}")
    query = (query or "").strip()[:200]
    filters = filters or {}
    page, per_page = max(1, int(page)), max(1, min(int(per_page), 100))
    if kind in LISTING_KINDS:
        listing_page = search_listings(
            kind=kind, query=query, filters=filters, sort=sort, page=page, per_page=per_page
        )
        result = SiteSearchPage(**vars(listing_page))
        analysed = analyse(query) if query else None
    else:
        analysed = analyse(query) if query else None
        result = _site_page(
            kind=kind,
            query=query,
            analysed=analysed,
            filters=clean_filters(kind, filters),
            sort=sort,
            page=page,
            per_page=per_page,
        )
    cleaned = {name: clean_filters(name, filters) for name in names}
    others = [name for name in names if name != kind]
    counts, _name, _degraded = _with_fallback(
        lambda backend: backend.count_many(kinds=others, analysed=analysed, filters=cleaned)
    )
    counts[kind] = result.total
    result.kinds = [
        KindOption(value=name, label=str(label), count=counts.get(name, 0), selected=name == kind)
        for name, label in all_kinds()
    ]
    return result
