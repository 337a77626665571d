"""The embedded backend: no server, a columnar index of ``SearchDocument`` kept out of the workers.

Why this shape (issue 14, item 7; docs/scaling.md "Embedded search"): the former index held every
document's ``data`` dict, its parsed features and Python sets and dicts of postings in every
gunicorn worker (2.2 GB per worker at 100k listings), and a search walked every document for its
filters and facets (p95 438 ms at 100k against 21 ms at 1k). Now:

- **Columns** (``segment``): documents are rows of numpy arrays, facet values integer codes,
  postings CSR slices; filters are boolean masks, facet counts and BM25 ``np.bincount`` over them
  (``index``). Nothing per document is a Python object.
- **A base shared by every worker** (``store``): the index of the whole table is written once per
  revision to files under ``settings.SEARCH_EMBEDDED_DIR`` and mapped read-only
  (``np.load(mmap_mode="r")``), so the workers share one copy in the page cache. One process
  builds it (a file lock), the others wait and map its result. Below
  ``settings.SEARCH_EMBEDDED_SHARED_FROM`` documents the base stays in the process (tests, a demo).
- **A small delta**: each request reads the kind's row count and latest update (one aggregate,
  as before); when they changed, the rows updated since the base (and any row the base does not
  know) are read again into an in-memory delta segment, the base's rows they replace or that left
  the table are masked out. When the delta or the masked rows pass ``delta_bound`` the base is
  rebuilt from the table as a new revision. A base newer than the table (a rolled-back test
  transaction) is rebuilt too.
- **Features only for candidates**: re-ranking (``search.ranking``) reads the few hundred
  candidates of a match from the table by pk in one query (a small per-process LRU,
  ``FEATURES_CACHED``).

Results are those of the former in-memory index: the same BM25 (K1, B, Lucene idf), candidate
weights and ``COMMON_SHARE`` ceiling, tie-breaks, sorts and facet counts
(``tests/search/test_embedded_columns.py`` compares them with a reference implementation).
"""

import contextlib
import ctypes
import gc
import logging
import threading
from collections import OrderedDict

import numpy as np
from django.conf import settings
from django.db.models import Count, Func, Max, Subquery

from ...mapped import delta_bound, micros, moment
from ...models import SearchDocument
from ..base import CANDIDATES, Backend, features_from_document
from .index import COMMON_SHARE, K1, B, ColumnIndex, Part, sort_ids
from .segment import FORMAT, build_segment
from .store import Store

logger = logging.getLogger(__name__)

# Re-ranking reads candidates' features from the table; this many stay cached per process.
FEATURES_CACHED = 1024


def _release_memory():
    """Give the memory freed after a build back to the system (glibc keeps it otherwise)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def freshness(rows):
    """{"count", "latest"} of a kind's rows in one query that reads only the (kind, updated_at)
    index: the latest row by a seek, the count as a subquery run once (``Count`` and ``Max``
    together make SQLite compare every row's date: 3-4× slower at 100k)."""
    count = rows.order_by().annotate(n=Func("id", function="COUNT")).values("n")  # no GROUP BY
    row = (
        rows.order_by("-updated_at")
        .annotate(count=Subquery(count))
        .values_list("updated_at", "count")
        .first()
    )
    return {"count": row[1], "latest": row[0]} if row else {"count": 0, "latest": None}


class TableFeatures:
    """Features of a kind's candidates, read from ``SearchDocument`` (keyed by pk and update)."""

    _cache = OrderedDict()
    _lock = threading.Lock()

    def __init__(self, kind):
        self.kind = kind

    def __call__(self, found):
        result, missing = {}, []
        with self._lock:
            for pk, updated in found:
                features = self._cache.get((self.kind, pk, updated))
                if features is None:
                    missing.append(pk)
                else:
                    self._cache.move_to_end((self.kind, pk, updated))
                    result[pk] = features
        if missing:
            rows = SearchDocument.objects.filter(kind=self.kind, listing_id__in=missing)
            read = {
                pk: (data, updated)
                for pk, data, updated in rows.values_list("listing_id", "data", "updated_at")
            }
            with self._lock:
                for pk, (data, updated) in read.items():
                    features = result[pk] = features_from_document(data)
                    self._cache[(self.kind, pk, micros(updated))] = features
                while len(self._cache) > FEATURES_CACHED:
                    self._cache.popitem(last=False)
        return result

    @classmethod
    def forget(cls):
        with cls._lock:
            cls._cache.clear()


class _State:
    def __init__(self, version, index, base=None, base_name=None):
        self.version, self.index, self.base, self.base_name = version, index, base, base_name


class EmbeddedBackend(Backend):
    """Search and matching without a server. ``documents`` gives a private corpus (evaluation)."""

    name = "embedded"
    _lock = threading.Lock()
    _cache = {}  # kind -> _State, per process

    def __init__(self, documents=None):
        self._private = None
        if documents is not None:
            self._private = {}
            for kind in ("technology", "demand"):
                mine = [d for d in documents if d["kind"] == kind]
                features = {d["pk"]: features_from_document(d) for d in mine}
                self._private[kind] = ColumnIndex(
                    kind,
                    [Part(build_segment(mine))],
                    lambda found, features=features: {pk: features[pk] for pk, _ in found if pk in features},
                )

    def index(self, kind, summary=None):
        """The kind's index, caught up with the table (``summary``: its row count and latest
        update when the caller read them already, see ``count_many``)."""
        if self._private is not None:
            return self._private[kind]
        rows = SearchDocument.objects.filter(kind=kind)
        if summary is None:
            summary = freshness(rows)
        version = (summary["count"], summary["latest"])
        cached = self._cache.get(kind)
        if cached and cached.version == version:
            return cached.index
        with self._lock:
            state = self._catch_up(kind, rows, summary, cached)
            self._cache[kind] = state
        return state.index

    def _catch_up(self, kind, rows, summary, cached):
        version = (summary["count"], summary["latest"])
        features = TableFeatures(kind)
        if not summary["count"]:
            return _State(version, ColumnIndex(kind, [], features))
        shared = summary["count"] >= settings.SEARCH_EMBEDDED_SHARED_FROM
        if shared:
            try:
                return self._over(kind, rows, summary, version, features, Store(kind), None)
            except OSError as failure:  # the directory cannot be written: each process its own
                logger.warning(
                    "Embedded index kept in memory, %s is not usable: %s",
                    settings.SEARCH_EMBEDDED_DIR,
                    failure,
                )
        mine = cached.base if cached is not None and cached.base_name is None else None
        return self._over(kind, rows, summary, version, features, None, mine)

    def _over(self, kind, rows, summary, version, features, store, base):
        """The state over the current base (from ``store``, else ``base``), rebuilt when needed."""
        name = None
        if store is not None:
            name = store.current()
            base = store.readable(name)
        for _attempt in range(3):
            if base is not None:
                index = self._over_base(kind, rows, summary, base, features)
                if index is not None:
                    return _State(version, index, base, name)
            base, name, fresh = self._build_base(kind, rows, store, tried=name)
            if fresh:  # read from the table just now: nothing to catch up
                break
        return _State(version, ColumnIndex(kind, [Part(base)], features), base, name)

    @staticmethod
    def _over_base(kind, rows, summary, base, features):
        """The index of the base plus the rows changed since, or None when the base must be rebuilt."""
        latest = base.meta.get("latest")
        if (
            base.meta.get("format") != FORMAT
            or latest is None
            or summary["latest"] is None
            or latest > micros(summary["latest"])
        ):
            return None  # empty, or newer than the table: a rolled-back transaction wrote it
        bound = delta_bound(base.n)
        newer = rows.filter(updated_at__gte=moment(latest)).order_by()
        documents = list(newer.values_list("data", "updated_at")[: bound + 1])
        if len(documents) > bound:
            return None
        live = np.ones(base.n, dtype=bool)
        pks = np.fromiter((data["pk"] for data, _ in documents), dtype=np.int64, count=len(documents))
        live &= ~np.isin(base.pk, pks)
        if int(live.sum()) + len(documents) != summary["count"]:
            present = np.fromiter(
                rows.values_list("listing_id", flat=True).iterator(chunk_size=10_000), dtype=np.int64
            )
            live &= np.isin(base.pk, present)
            # Rows older than the base it does not hold (a deletion rolled back): into the delta.
            unknown = np.setdiff1d(present, np.concatenate([base.pk[live], pks]))
            if len(unknown) + len(documents) > bound:
                return None
            if len(unknown):
                documents += list(
                    rows.filter(listing_id__in=unknown.tolist()).values_list("data", "updated_at")
                )
        if base.n - int(live.sum()) > bound:
            return None
        parts = [Part(base, live)]
        if documents:
            parts.append(Part(build_segment(documents)))
        return ColumnIndex(kind, parts, features)

    @staticmethod
    def _build_base(kind, rows, store, tried=None):
        """A new base: (segment, revision name or None when in memory, whether it was read from
        the table just now rather than built by another process)."""

        def documents():
            return rows.values_list("data", "updated_at").iterator(chunk_size=2000)

        if store is None:
            return build_segment(documents()), None, True
        with store.building():
            name = store.current()
            if name and name != tried:  # another process built one while this one waited
                base = store.readable(name)
                if base is not None:
                    return base, name, False
            segment = build_segment(documents())
            name = store.publish(segment)
            del segment
            _release_memory()
            return store.load(name), name, True

    @classmethod
    def forget(cls):
        cls._cache.clear()
        TableFeatures.forget()

    # The database table is written by the indexing service; nothing else to do here.
    def index_documents(self, kind, documents):
        return len(documents)

    def delete_documents(self, kind, ids):
        return len(ids)

    def clear(self, kind):
        self._cache.pop(kind, None)

    def match_candidates(self, *, kind, source, limit=CANDIDATES, extra=()):
        return self.index(kind).match_candidates(source, limit, extra)

    def match_candidates_many(self, *, kind, sources, limit=CANDIDATES, extras=None):
        index = self.index(kind)  # one freshness check for the whole batch
        extras = extras or [()] * len(sources)
        return [
            index.match_candidates(source, limit, extra)
            for source, extra in zip(sources, extras, strict=True)
        ]

    def search(self, *, kind, analysed, filters, sort, offset, limit):
        return self.index(kind).search(
            analysed=analysed, filters=filters, sort=sort, offset=offset, limit=limit
        )

    def count_many(self, *, kinds, analysed, filters):
        # One freshness check for every kind (the site-wide search page counts them all).
        rows = (
            SearchDocument.objects.filter(kind__in=kinds)
            .values("kind")
            .annotate(count=Count("id"), latest=Max("updated_at"))
            .order_by()
        )
        summaries = {row["kind"]: {"count": row["count"], "latest": row["latest"]} for row in rows}
        counts = {}
        for kind in kinds:
            summary = summaries.get(kind, {"count": 0, "latest": None})
            if not summary["count"] or (analysed is None and not filters[kind]):
                counts[kind] = summary["count"]  # every document counts: no index needed
                continue
            counts[kind] = (
                self.index(kind, summary)
                .search(analysed=analysed, filters=filters[kind], sort="relevance", offset=0, limit=0)
                .total
            )
        return counts


__all__ = ["B", "COMMON_SHARE", "K1", "ColumnIndex", "EmbeddedBackend", "sort_ids"]
