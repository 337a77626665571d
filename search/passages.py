"""A technology's passages for matching: its closeness from its best passage, in bounded memory.

A technology is embedded as up to four passages (``search.embedding.embedding_texts``); their
average is the listing's vector, and the passages themselves are stored beside it
(``ListingEmbedding.passages``, float16, k × DIM: 3 kB a technology). Matching a demand scores a
technology by the larger of two closenesses (README, "Matching", fifth round): its averaged
vector's, and its *best passage's*: the highest cosine of the demand with any one passage, in
spreads above the median of that figure over the technologies of its language. A paraphrase whose
answer names the problem in one passage and talks about something else in the others stands out
by the passage; a cross-language pair, noisier passage by passage, keeps its average.

Memory stays bounded whatever the corpus: a process holds the passages of a *sample* of each
language's technologies (``PASSAGE_SAMPLE``, all of them below it), enough to read the median
and spread, and fetches a match's candidates' passages by primary key in one query, kept in an
LRU of ``PASSAGE_CACHE`` listings (float16). The sample is chosen by a hash of the primary key,
so it stays a fair sample as listings come and go, and is thinned by half when it grows past
twice its size.

At scale a process instead maps every technology's passages from one file written once per
version (``PassageBase``, built and shared by ``search.passages_shared``) and keeps the rows
changed since in a small in-memory delta: a match then reads its candidates' passages with no
query. This module reads no settings and imports nothing of the search package, so
``search.embedding`` and the evaluation share it.
"""

import json
import os
import threading
import weakref
from collections import OrderedDict

import numpy as np

DIM = 384
PASSAGE_SAMPLE = 2000  # technologies per language whose passages are held for the median and spread
PASSAGE_CACHE = 10_000  # candidates' passages kept per process (3 kB each as float16: 30 MB)
_HASH = 0x9E3779B1  # Fibonacci hashing: a primary key's place in [0, 1) for the sample


def to_bytes(passages):
    """Passages (k × DIM) as stored: little-endian float16."""
    return np.asarray(passages, dtype="<f2").tobytes()


def from_bytes(raw):
    """Stored passages as a k × DIM float16 matrix (empty: 0 × DIM)."""
    return np.frombuffer(bytes(raw or b""), dtype="<f2").reshape(-1, DIM)


def as_stored(passages):
    """Passages as matching reads them back: rounded to float16 (evaluation rounds alike)."""
    return np.asarray(passages, dtype=np.float32).astype("<f2")


EMPTY = np.zeros((0, DIM), dtype="<f2")


def _place(pk):
    return ((int(pk) * _HASH) & 0xFFFFFFFF) / 2**32


class Memo:
    """Figures computed from one matrix, remembered per process: {key: value} for each matrix
    object, the least recently used past ``size`` keys forgotten, and all of a matrix's forgotten
    with it (held by a weak reference: a sample replaced after a change is never answered from).
    The matrix must not be written in place while it is read through here (the samples are not:
    a change builds a new one)."""

    def __init__(self, size=2048):
        self.size = size
        self._held = {}  # id(matrix) -> (weak reference to it, OrderedDict key -> value)
        self._lock = threading.Lock()

    def get(self, matrix, key, compute):
        """``compute()`` for ``key`` on ``matrix``, or what it gave the last time."""
        with self._lock:
            slot = self._held.get(id(matrix))
            if slot is not None and slot[0]() is matrix and key in slot[1]:
                slot[1].move_to_end(key)
                return slot[1][key]
        value = compute()
        with self._lock:
            slot = self._held.get(id(matrix))
            if slot is None or slot[0]() is not matrix:
                try:
                    ref = weakref.ref(matrix, self._forget(id(matrix)))
                except TypeError:  # a matrix that cannot be watched is not remembered
                    return value
                slot = self._held[id(matrix)] = (ref, OrderedDict())
            slot[1][key] = value
            while len(slot[1]) > self.size:
                slot[1].popitem(last=False)
        return value

    def _forget(self, at):
        def forget(ref):
            with self._lock:
                if self._held.get(at, (None,))[0] is ref:
                    del self._held[at]

        return forget

    def __len__(self):
        return sum(len(values) for _ref, values in list(self._held.values()))


class PassageBase:
    """Every technology's passages at one moment: ``pk`` (ascending), ``start`` (their first rows,
    one more than ``pk``: a listing's rows are ``start[i]:start[i + 1]``, none when equal) in one
    float16 ``matrix``, ``updated`` (each row's update, µs); ``meta`` says when (the
    ``EmbeddingVersion`` and latest update read)."""

    def __init__(self, pk, start, updated, matrix, meta):
        self.pk, self.start, self.updated, self.matrix, self.meta = pk, start, updated, matrix, meta
        self.n = len(pk)

    def differs(self, pks, updated):
        """The mask of ``pks`` (updated at ``updated``, µs) this base does not hold as they are."""
        pks, updated = np.asarray(pks, dtype=np.int64), np.asarray(updated, dtype=np.int64)
        if not self.n:
            return np.ones(len(pks), dtype=bool)
        at = np.minimum(np.searchsorted(self.pk, pks), self.n - 1)
        return (self.pk[at] != pks) | (self.updated[at] != updated)

    def get(self, pk):
        """The float16 passages of ``pk`` (0 × DIM: none stored), or None when it holds no row."""
        i = int(np.searchsorted(self.pk, pk))
        if i >= self.n or int(self.pk[i]) != pk:
            return None
        return self.matrix[int(self.start[i]) : int(self.start[i + 1])]


class BaseRows:
    """The rows a ``PassageBase`` is written from, (pk, stored bytes, update in µs) in ascending pk, streamed to
    disk by ``save_base`` (the whole matrix is never held in memory while building)."""

    def __init__(self, rows, meta):
        self.rows, self.meta = rows, meta


def save_base(source, directory):
    """Write ``source`` (``BaseRows``) as ``matrix.f2`` (raw float16), ``pk.npy``, ``start.npy``
    and ``meta.json`` in ``directory``."""
    os.makedirs(directory, exist_ok=True)
    pks, starts, updated, rows = [], [0], [], 0
    with open(os.path.join(directory, "matrix.f2"), "wb") as file:
        for pk, raw, at in source.rows:
            updated.append(at)
            raw = bytes(raw or b"")
            file.write(raw)
            rows += len(raw) // (2 * DIM)
            pks.append(pk)
            starts.append(rows)
    np.save(os.path.join(directory, "pk.npy"), np.asarray(pks, dtype=np.int64), allow_pickle=False)
    np.save(os.path.join(directory, "start.npy"), np.asarray(starts, dtype=np.int64), allow_pickle=False)
    np.save(os.path.join(directory, "updated.npy"), np.asarray(updated, dtype=np.int64), allow_pickle=False)
    with open(os.path.join(directory, "meta.json"), "w") as file:
        json.dump({**source.meta, "n": len(pks), "rows": rows}, file)


def load_base(directory):
    """The ``PassageBase`` in ``directory``, its matrix mapped read-only (shared by every process)."""
    with open(os.path.join(directory, "meta.json")) as file:
        meta = json.load(file)
    pk = np.load(os.path.join(directory, "pk.npy"), allow_pickle=False)
    start = np.load(os.path.join(directory, "start.npy"), allow_pickle=False)
    updated = np.load(os.path.join(directory, "updated.npy"), allow_pickle=False)
    if meta["rows"]:
        path = os.path.join(directory, "matrix.f2")
        matrix = np.memmap(path, dtype="<f2", mode="r", shape=(meta["rows"], DIM))
    else:  # an empty file cannot be mapped
        matrix = np.zeros((0, DIM), dtype="<f2")
    return PassageBase(pk, start, updated, matrix, meta)


class PassageStore:
    """The passages of one kind's listings as matching needs them (see the module docstring).

    ``fetch(pks)`` returns {pk: stored bytes} for listings not held (one query; the database in
    production, a dict in evaluation); ``languages`` maps each listing with a vector to its
    language (the ``VectorSet``'s).
    """

    def __init__(self, fetch, *, sample=PASSAGE_SAMPLE, cache=PASSAGE_CACHE):
        self.fetch = fetch
        self.sample_size, self.cache_size = sample, cache
        self.fraction = {}  # language -> share of its listings held in the sample
        self.sample = {}  # language -> {pk: float16 matrix}
        self._stacked = {}  # language -> (float32 matrix of the sample's passages, row starts)
        self.lru = OrderedDict()  # pk -> float16 matrix (possibly 0 × DIM: none stored)
        self.base = None  # a mapped ``PassageBase`` at scale (``attach``), else None
        self.delta = {}  # pk -> float16 matrix changed since the base (0 × DIM: none or gone)
        self.share_failed = False  # the shared file could not be used: read by pk (search.embedding)

    def __len__(self):
        return sum(len(held) for held in self.sample.values())

    def nbytes(self):
        """Bytes held: the sample (float16 and its float32 stack), the delta and the LRU (the
        mapped base is the page cache's, shared by every process)."""
        held = sum(m.nbytes for group in self.sample.values() for m in group.values())
        stacked = sum(matrix.nbytes for matrix, _starts in self._stacked.values())
        delta = sum(m.nbytes for m in self.delta.values())
        return held + stacked + delta + sum(m.nbytes for m in self.lru.values())

    def attach(self, base, rows):
        """Read passages from ``base`` plus the rows [(pk, stored bytes)] changed since it."""
        self.base, self.lru = base, OrderedDict()
        self.delta = {pk: from_bytes(raw) for pk, raw in rows}

    def _shared(self, pk):
        """The passages of ``pk`` from the delta or the base (None: neither holds it)."""
        held = self.delta.get(pk)
        if held is None and self.base is not None:
            held = self.base.get(pk)
        return held

    def _read(self, pks):
        """{pk: stored passages} of ``pks``: the delta and base first, then one fetch."""
        found, missing = {}, []
        for pk in pks:
            held = self._shared(pk)
            if held is None:
                missing.append(pk)
            else:
                found[pk] = held
        if missing:
            found.update({pk: from_bytes(raw) for pk, raw in self.fetch(missing).items()})
        return found

    def load(self, pks_by_language):
        """Choose the sample of each language ({language: [pk]}) and read its passages."""
        self.fraction, self.sample, self._stacked = {}, {}, {}
        wanted = []
        for language, pks in pks_by_language.items():
            self.fraction[language] = min(1.0, self.sample_size / max(1, len(pks)))
            self.sample[language] = {}
            wanted += [(pk, language) for pk in pks if _place(pk) < self.fraction[language]]
        found = self._read([pk for pk, _language in wanted])
        for pk, language in wanted:
            passages = found.get(pk, EMPTY)
            if len(passages):
                self.sample[language][pk] = passages

    def changed(self, rows, removed=()):
        """Take changed listings [(pk, language, stored bytes)] and forget ``removed`` pks."""
        if self.base is not None:
            self.delta.update((pk, EMPTY) for pk in removed)
            for pk, _language, raw in rows:
                held = self.base.get(pk)
                if held is not None and held.tobytes() == bytes(raw or b""):
                    self.delta.pop(pk, None)  # as the base holds it (read again within the margin)
                else:
                    self.delta[pk] = from_bytes(raw)
        for pk in removed:
            self.lru.pop(pk, None)
            for language, held in self.sample.items():
                if held.pop(pk, None) is not None:
                    self._stacked.pop(language, None)
        for pk, language, raw in rows:
            self.lru.pop(pk, None)
            for other, held in self.sample.items():
                if other != language and held.pop(pk, None) is not None:
                    self._stacked.pop(other, None)
            fraction = self.fraction.setdefault(language, 1.0)
            held = self.sample.setdefault(language, {})
            passages = from_bytes(raw)
            if _place(pk) < fraction and len(passages):
                held[pk] = passages
                self._stacked.pop(language, None)
            elif held.pop(pk, None) is not None:
                self._stacked.pop(language, None)
            if len(held) > 2 * self.sample_size:  # thin to half: the memory stays bounded
                self.fraction[language] = fraction / 2
                self.sample[language] = {p: m for p, m in held.items() if _place(p) < fraction / 2}
                self._stacked.pop(language, None)

    def _stack(self, language):
        stacked = self._stacked.get(language)
        if stacked is None:
            matrices = [self.sample[language][pk] for pk in sorted(self.sample.get(language, {}))]
            if not matrices:
                stacked = (np.zeros((0, DIM), dtype=np.float32), np.zeros(0, dtype=np.int64))
            else:
                starts = np.cumsum([0] + [len(m) for m in matrices[:-1]])
                stacked = (np.vstack(matrices).astype(np.float32), starts.astype(np.int64))
            self._stacked[language] = stacked
        return stacked

    def sample_matrix(self, language):
        """The float32 matrix of the sampled listings' passages of ``language`` that ``best_cosines``
        reads (a new object whenever the sample changes)."""
        return self._stack(language)[0]

    def best_cosines(self, vector, language):
        """The best-passage cosine of every sampled listing of ``language`` with ``vector``."""
        matrix, starts = self._stack(language)
        if not len(starts):
            return np.zeros(0, dtype=np.float64)
        return np.maximum.reduceat(matrix @ vector, starts).astype(np.float64)

    def passages_of(self, pks, languages):
        """{pk: float16 passages} of ``pks`` (sample, LRU, then one fetch); those with none left out."""
        out, missing = {}, []
        for pk in pks:
            held = self.sample.get(languages.get(pk), {}).get(pk)
            if held is None:
                held = self._shared(pk)
            if held is None:
                held = self.lru.get(pk)
                if held is not None:
                    self.lru.move_to_end(pk)
            if held is None:
                missing.append(pk)
            elif len(held):
                out[pk] = held
        if missing:
            found = self.fetch(missing)
            for pk in missing:
                passages = from_bytes(found.get(pk))
                self.lru[pk] = passages
                if len(passages):
                    out[pk] = passages
            while len(self.lru) > self.cache_size:
                self.lru.popitem(last=False)
        return out

    def best_of(self, vector, pks, languages):
        """{pk: best-passage cosine with ``vector``} for the ``pks`` that have passages. Those only
        the mapped base holds are gathered from it in one read (``_best_in_base``), the others
        taken from the sample, the delta, the LRU or one fetch (``passages_of``)."""
        out, rest = self._best_in_base(vector, pks, languages)
        held = self.passages_of(rest, languages)
        if held:
            order = sorted(held)
            starts = np.cumsum([0] + [len(held[pk]) for pk in order[:-1]])
            sims = np.vstack([held[pk] for pk in order]).astype(np.float32) @ vector
            best = np.maximum.reduceat(sims, starts)
            out.update((pk, float(value)) for pk, value in zip(order, best, strict=True))
        return out

    def _best_in_base(self, vector, pks, languages):
        """({pk: best-passage cosine} of the ``pks`` read from the mapped base alone, the pks left
        for ``passages_of``): one searchsorted and one gather of their rows instead of a lookup and
        a slice per candidate (≈ 200 per match). A listing the base holds with no passages is
        answered here with none, as ``passages_of`` leaves it out."""
        base = self.base
        if base is None or not base.n or not pks:
            return {}, pks
        elsewhere = [pk for pk in pks if pk in self.delta or pk in self.sample.get(languages.get(pk), {})]
        skip = set(elsewhere)
        wanted = np.fromiter((pk for pk in pks if pk not in skip), dtype=np.int64)
        at = np.minimum(np.searchsorted(base.pk, wanted), base.n - 1)
        held = base.pk[at] == wanted
        rest = elsewhere + [int(pk) for pk in wanted[~held]]
        first, end = base.start[at[held]], base.start[at[held] + 1]
        counts = (end - first).astype(np.int64)
        some = counts > 0
        first, counts, found = first[some].astype(np.int64), counts[some], wanted[held][some]
        if not len(found):
            return {}, rest
        offsets = np.cumsum(counts) - counts
        rows = np.repeat(first - offsets, counts) + np.arange(int(counts.sum()))
        sims = np.asarray(base.matrix[rows]).astype(np.float32) @ vector
        best = np.maximum.reduceat(sims, offsets)
        return {int(pk): float(value) for pk, value in zip(found, best, strict=True)}, rest
