"""One segment of the embedded index: a set of documents as columns (numpy arrays).

A segment is immutable once built. Its documents are rows sorted by listing pk; every column is a
flat array, so the same segment can live in memory (the small delta, a private corpus) or in files
mapped read-only by every worker (the base, see ``store``):

- rows: ``pk``, ``updated`` (µs, to key the feature cache), ``length`` (tokens of the text, for
  BM25), ``published`` (µs, ``NO_TIME`` when missing), ``trl`` and ``budget_max_cny`` (float, NaN
  for none), and for each sort key its rank among the segment's values plus the strings themselves
  (UTF-8 blob + offsets) so rows of two segments can be ordered against each other;
- ``order.<sort>``: the rows in the order of each sort, precomputed (``order.newest`` is also the
  tie-break of relevance), and ``position.newest`` its inverse;
- facets: for each facet field, ``(row, code)`` entries, one per distinct value of a row, the
  values themselves in the segment's metadata (a multi-valued field has several entries a row);
- postings, for ``tokens``, ``concepts``, ``glosses`` (which listings hold a term: matching) and
  ``text`` (term frequencies: BM25): the terms sorted by a 64-bit hash of their UTF-8 bytes
  (looked up with ``np.searchsorted``, the term's bytes compared to rule out a collision), the
  rows of each term as one slice of ``rows`` (CSR offsets), ``tf`` for ``text``.

No document's ``data`` dict or parsed features are kept: re-ranking reads its few candidates
from the table (``EmbeddedBackend``).
"""

import hashlib
import json
import os
from array import array

import numpy as np

from ...mapped import micros
from ..base import FACETS, parse_published

# Bumped whenever the columns change: a base of another format is rebuilt, not read.
FORMAT = 1
POSTINGS = ("tokens", "concepts", "glosses", "text")
NO_TIME = np.iinfo(np.int64).min
# Sort keys as the strings the sorts compare (``sort_ids``): missing values as those sorts see them.
STRING_KEYS = {
    "published": lambda data: data.get("published_at") or "",
    "title": lambda data: data.get("title") or "",
    "deadline": lambda data: data.get("deadline") or "9999-12-31",
}
NUMBER_FIELDS = ("trl", "budget_max_cny")
FACET_FIELDS = tuple(dict.fromkeys(facet.field for facet in FACETS if not facet.ranges))
SORT_ORDERS = ("newest", "trl", "budget", "deadline", "title")


def term_hash(term):
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little")


def hashes_of(terms):
    return np.fromiter((term_hash(t) for t in terms), dtype=np.uint64, count=len(terms))


def facet_values(data, field):
    """The distinct values a document counts under for a (non-range) facet field, in order."""
    value = data.get(field)
    if isinstance(value, list):
        return list(dict.fromkeys(value))
    return [value] if value not in (None, "") else []


def _number(value):
    return float(value) if value is not None else np.nan


def _blob(strings):
    encoded = [s.encode() for s in strings]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(), offsets


def _ranks(values):
    """Each value's rank among the distinct values (equal values share a rank)."""
    rank = {value: i for i, value in enumerate(sorted(set(values)))}
    return np.fromiter((rank[v] for v in values), dtype=np.int32, count=len(values))


class Segment:
    """Columns of one set of documents (``arrays``: name -> array; ``meta``: JSON-able facts)."""

    def __init__(self, arrays, meta):
        self.arrays = arrays
        self.meta = meta
        self.n = int(meta["n"])
        self.pk = arrays["pk"]
        self.values = {field: meta["facets"][field] for field in FACET_FIELDS}
        self._codes = {}  # field -> {JSON of a value: code}, built when first needed

    def __getitem__(self, name):
        return self.arrays[name]

    @property
    def total_length(self):
        return int(self.meta["total_length"])

    def code_of(self, field, value):
        """The code of a facet value in this segment (None when no row has it)."""
        if field not in self._codes:
            self._codes[field] = {json.dumps(v): code for code, v in enumerate(self.values[field])}
        return self._codes[field].get(json.dumps(value))

    def rows_of(self, pks):
        """{pk: row} for the pks this segment holds."""
        pks = np.asarray(list(pks), dtype=np.int64)
        if not self.n or not len(pks):
            return {}
        rows = np.searchsorted(self.pk, pks)
        rows[rows >= self.n] = 0
        found = self.pk[rows] == pks
        return dict(zip(pks[found].tolist(), rows[found].tolist(), strict=True))

    def lookup(self, name, terms, hashes):
        """For each term, its (start, end) slice in ``<name>.rows`` or None."""
        keys = self.arrays[f"{name}.hash"]
        if not len(keys) or not len(terms):
            return [None] * len(terms)
        positions = np.searchsorted(keys, hashes)
        offsets, blob, starts = (
            self.arrays[f"{name}.term_offsets"],
            self.arrays[f"{name}.terms"],
            self.arrays[f"{name}.offsets"],
        )
        found = []
        for term, key, position in zip(terms, hashes.tolist(), positions.tolist(), strict=True):
            if position >= len(keys) or int(keys[position]) != key:
                found.append(None)
                continue
            stored = blob[offsets[position] : offsets[position + 1]].tobytes()
            found.append(
                (int(starts[position]), int(starts[position + 1])) if stored == term.encode() else None
            )
        return found

    def string(self, key, row):
        offsets = self.arrays[f"{key}.offsets"]
        return self.arrays[f"{key}.blob"][offsets[row] : offsets[row + 1]].tobytes().decode()

    def sort_fields(self, row):
        """What ``sort_ids`` reads of a row, as the document held it."""
        trl, budget = float(self.arrays["trl"][row]), float(self.arrays["budget_max_cny"][row])
        return {
            "published_at": self.string("published", row),
            "title": self.string("title", row),
            "deadline": self.string("deadline", row),
            "trl": None if np.isnan(trl) else trl,
            "budget_max_cny": None if np.isnan(budget) else budget,
        }


class SegmentBuilder:
    """Columns built from documents given one by one (a later document with the same pk wins)."""

    def __init__(self):
        self.pk, self.updated, self.length, self.published = array("q"), array("q"), array("q"), array("q")
        self.numbers = {field: array("d") for field in NUMBER_FIELDS}
        self.strings = {key: [] for key in STRING_KEYS}
        self.facet_codes = {field: {} for field in FACET_FIELDS}
        self.facet_entries = {field: (array("i"), array("i")) for field in FACET_FIELDS}
        self.vocab = {name: {} for name in POSTINGS}
        self.entries = {name: (array("i"), array("i")) for name in POSTINGS}  # (row, term id)
        self.tf = array("i")
        self.latest = None

    def add(self, data, updated=None):
        row = len(self.pk)
        self.pk.append(int(data["pk"]))
        self.updated.append(micros(updated) if updated else 0)
        if updated and (self.latest is None or updated > self.latest):
            self.latest = updated
        published = parse_published(data.get("published_at"))
        self.published.append(micros(published) if published else NO_TIME)
        for field in NUMBER_FIELDS:
            self.numbers[field].append(_number(data.get(field)))
        for key, read in STRING_KEYS.items():
            self.strings[key].append(read(data))
        for field in FACET_FIELDS:
            codes = self.facet_codes[field]
            rows, entries = self.facet_entries[field]
            for value in facet_values(data, field):
                code = codes.setdefault(json.dumps(value), len(codes))
                rows.append(row)
                entries.append(code)
        for name in ("tokens", "concepts", "glosses"):
            vocab, (rows, terms) = self.vocab[name], self.entries[name]
            for term in set(data.get(name, ())):
                rows.append(row)
                terms.append(vocab.setdefault(term, len(vocab)))
        counts = {}
        for token in data.get("text", "").split():
            counts[token] = counts.get(token, 0) + 1
        vocab, (rows, terms) = self.vocab["text"], self.entries["text"]
        for token, tf in counts.items():
            rows.append(row)
            terms.append(vocab.setdefault(token, len(vocab)))
            self.tf.append(tf)
        self.length.append(sum(counts.values()))

    def build(self, **meta):
        pk = np.frombuffer(self.pk, dtype=np.int64) if self.pk else np.zeros(0, np.int64)
        # The last document of each pk, rows sorted by pk.
        reverse_unique = np.unique(pk[::-1], return_index=True)[1] if len(pk) else np.zeros(0, np.int64)
        keep = (len(pk) - 1 - reverse_unique).astype(np.int64)
        new_row = np.full(len(pk), -1, dtype=np.int64)
        new_row[keep] = np.arange(len(keep))
        n = len(keep)

        def column(values, dtype):
            return np.asarray(np.frombuffer(values, dtype=dtype) if len(values) else [], dtype=dtype)[keep]

        arrays = {
            "pk": pk[keep],
            "updated": column(self.updated, np.int64),
            "length": column(self.length, np.int64),
            "published": column(self.published, np.int64),
        }
        for field in NUMBER_FIELDS:
            arrays[field] = column(self.numbers[field], np.float64)
        strings = {key: [values[i] for i in keep.tolist()] for key, values in self.strings.items()}
        for key, values in strings.items():
            arrays[f"{key}.rank"] = _ranks(values)
            arrays[f"{key}.blob"], arrays[f"{key}.offsets"] = _blob(values)
        self._orders(arrays, n)
        facets = {}
        for field in FACET_FIELDS:
            rows, codes = (
                np.frombuffer(a, dtype=np.int32) if len(a) else np.zeros(0, np.int32)
                for a in self.facet_entries[field]
            )
            rows = new_row[rows]
            live = rows >= 0
            rows, codes = rows[live], codes[live]
            by_row = np.argsort(rows, kind="stable")  # in pk order: the first row with a value
            rows, codes = rows[by_row].astype(np.int32), codes[by_row].astype(np.int32)
            arrays[f"facet.{field}.rows"], arrays[f"facet.{field}.codes"] = rows, codes
            # A row's entries: codes[offsets[row]:offsets[row + 1]].
            offsets = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.bincount(rows, minlength=n), out=offsets[1:])
            arrays[f"facet.{field}.offsets"] = offsets
            facets[field] = [json.loads(v) for v in self.facet_codes[field]]
        total_length = int(arrays["length"].sum())
        for name in POSTINGS:
            self._postings(arrays, name, new_row)
        meta = {"format": FORMAT, "n": n, "facets": facets, "total_length": total_length, **meta}
        if self.latest is not None:
            meta["latest"] = micros(self.latest)
        return Segment(arrays, meta)

    @staticmethod
    def _orders(arrays, n):
        pk, published = arrays["pk"], arrays["published.rank"].astype(np.int64)
        trl, budget = arrays["trl"], arrays["budget_max_cny"]
        keys = {
            "newest": (),
            "trl": (np.where(np.isnan(trl), np.inf, -trl),),
            "budget": (np.where(np.isnan(budget), np.inf, -budget),),
            "deadline": (arrays["deadline.rank"],),
            "title": (arrays["title.rank"],),
        }
        for sort, primary in keys.items():
            # pk descending, then newest first, then the sort's own key (sort_ids' stable sorts).
            arrays[f"order.{sort}"] = np.lexsort((-pk, -published, *primary)).astype(np.int32)
        position = np.empty(n, dtype=np.int32)
        position[arrays["order.newest"]] = np.arange(n, dtype=np.int32)
        arrays["position.newest"] = position

    def _postings(self, arrays, name, new_row):
        vocab = self.vocab[name]
        rows, terms = (
            np.frombuffer(a, dtype=np.int32) if len(a) else np.zeros(0, np.int32) for a in self.entries[name]
        )
        tf = np.frombuffer(self.tf, dtype=np.int32) if name == "text" and len(self.tf) else None
        words = list(vocab)
        hashes = hashes_of(words)
        by_hash = np.argsort(hashes, kind="stable")
        rank = np.empty(len(words), dtype=np.int64)
        rank[by_hash] = np.arange(len(words))
        rows = new_row[rows]
        live = rows >= 0
        rows, term_rank = rows[live], rank[terms[live]]
        order = np.lexsort((rows, term_rank))
        arrays[f"{name}.hash"] = hashes[by_hash]
        arrays[f"{name}.terms"], arrays[f"{name}.term_offsets"] = _blob([words[i] for i in by_hash.tolist()])
        offsets = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term_rank, minlength=len(words)), out=offsets[1:])
        arrays[f"{name}.offsets"] = offsets
        arrays[f"{name}.rows"] = rows[order].astype(np.int32)
        if tf is not None:
            arrays[f"{name}.tf"] = tf[live][order].astype(np.int32)


def build_segment(documents, **meta):
    """A segment of ``documents`` (data dicts, or (data, updated_at) pairs)."""
    builder = SegmentBuilder()
    for item in documents:
        if isinstance(item, tuple):
            builder.add(*item)
        else:
            builder.add(item)
    return builder.build(**meta)


def save_segment(segment, directory):
    """Write every column as ``<name>.npy`` and the metadata as ``meta.json`` in ``directory``."""
    os.makedirs(directory, exist_ok=True)
    for name, values in segment.arrays.items():
        np.save(os.path.join(directory, f"{name}.npy"), np.ascontiguousarray(values), allow_pickle=False)
    with open(os.path.join(directory, "meta.json"), "w") as file:
        json.dump(segment.meta, file)


def load_segment(directory):
    """A segment whose columns are mapped read-only from ``directory`` (shared by every process)."""
    with open(os.path.join(directory, "meta.json")) as file:
        meta = json.load(file)
    arrays = {}
    for entry in os.listdir(directory):
        if entry.endswith(".npy"):
            path = os.path.join(directory, entry)
            try:
                arrays[entry[:-4]] = np.load(path, mmap_mode="r", allow_pickle=False)
            except ValueError:  # an empty array cannot be mapped
                arrays[entry[:-4]] = np.load(path, allow_pickle=False)
    return Segment(arrays, meta)
