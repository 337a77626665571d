"""Search and match candidates over the segments of one kind: the base and the delta since.

``ColumnIndex`` sees a list of parts, each a segment and the mask of its live rows (the base's
rows replaced by the delta or gone from the table are dead). Filters are boolean masks, facet
counts ``np.bincount`` over the allowed rows, BM25 and candidate scores ``np.bincount`` with
weights over the postings' slices: the same sums as the former per-document loops, added in the
same order for each document, so the same floats come out.
"""

import math

import numpy as np
from django.utils import timezone

from ...mapped import micros
from ...ranking import TermStats
from ..base import FACETS_BY_NAME, BackendPage, facets_for
from .segment import NO_TIME, hashes_of

K1 = 1.2
B = 0.75
# Terms held by more than this share of listings barely discriminate: they still count in the
# statistics and the final score, but are not walked when gathering candidates.
COMMON_SHARE = 0.3
DAY_US = 86_400 * 1_000_000


def _neg(value):
    return -value if value is not None else math.inf


def sort_ids(ids, docs, scores, sort):
    """The listings' order for a sort (``docs``: pk -> the fields sorted on). The reference the
    columns' precomputed orders follow, and how rows of two segments are merged."""

    def published(pk):
        return docs[pk].get("published_at") or ""

    ids = list(ids)
    ids.sort(key=lambda pk: -pk)
    ids.sort(key=published, reverse=True)
    if sort == "relevance" and scores:
        ids.sort(key=lambda pk: -scores.get(pk, 0.0))
    elif sort == "trl":
        ids.sort(key=lambda pk: _neg(docs[pk].get("trl")))
    elif sort == "budget":
        ids.sort(key=lambda pk: _neg(docs[pk].get("budget_max_cny")))
    elif sort == "deadline":
        ids.sort(key=lambda pk: docs[pk].get("deadline") or "9999-12-31")
    elif sort == "title":
        ids.sort(key=lambda pk: docs[pk].get("title") or "")
    return ids


ORDER_OF_SORT = {"trl": "trl", "budget": "budget", "deadline": "deadline", "title": "title"}


class Part:
    """A segment and its live rows (``live``: a boolean mask, None when every row is)."""

    def __init__(self, segment, live=None):
        self.segment = segment
        self.live = None if live is None or live.all() else live
        self.n = segment.n
        if self.live is None:
            self.n_live, self.total_length = segment.n, segment.total_length
        else:
            self.n_live = int(self.live.sum())
            self.total_length = int(segment["length"][self.live].sum())

    def live_mask(self):
        return np.ones(self.n, dtype=bool) if self.live is None else self.live.copy()

    def rows(self, name, span, with_tf=False):
        """The live rows of a postings slice (and their term frequencies)."""
        start, end = span
        rows = np.asarray(self.segment[f"{name}.rows"][start:end])
        tf = np.asarray(self.segment[f"{name}.tf"][start:end]) if with_tf else None
        if self.live is not None:
            keep = self.live[rows]
            rows = rows[keep]
            tf = tf[keep] if with_tf else None
        return rows, tf

    def count(self, name, span):
        if span is None:
            return 0
        if self.live is None:
            return span[1] - span[0]
        return int(np.count_nonzero(self.live[self.segment[f"{name}.rows"][span[0] : span[1]]]))


class ColumnIndex:
    """One kind's documents: the parts (base first), and where re-ranking reads features."""

    def __init__(self, kind, parts, features):
        self.kind = kind
        self.parts = [part for part in parts if part.n]
        self.features = features  # callable: [(pk, updated µs)] -> {pk: ListingFeatures}
        self.n_docs = sum(part.n_live for part in self.parts)
        self.total_length = sum(part.total_length for part in self.parts)

    @property
    def avgdl(self):
        return (self.total_length / self.n_docs) if self.n_docs else 1.0

    # --- terms --------------------------------------------------------------------------------

    def _terms(self, name, terms):
        """(df per term, [spans per part]) for terms in the given order."""
        hashes = hashes_of(terms)
        spans = [part.segment.lookup(name, terms, hashes) for part in self.parts]
        df = [
            sum(part.count(name, part_spans[i]) for part, part_spans in zip(self.parts, spans, strict=True))
            for i in range(len(terms))
        ]
        return df, spans

    def locate(self, pk):
        """(part, row) of a live document, or None."""
        for part in reversed(self.parts):  # the delta first: it replaces the base's row
            row = part.segment.rows_of([pk]).get(pk)
            if row is not None and (part.live is None or part.live[row]):
                return part, row
        return None

    def __contains__(self, pk):
        return self.locate(pk) is not None

    # --- matching -----------------------------------------------------------------------------

    def match_candidates(self, source, limit, extra=()):
        groups = []
        dfs = {}
        for name, terms, key_terms in (
            ("tokens", source.tokens, source.key_tokens),
            ("concepts", source.concepts, source.key_concepts),
            ("glosses", source.glosses, source.key_glosses),
        ):
            terms = list(terms)
            df, spans = self._terms(name, terms)
            dfs[name] = dict(zip(terms, df, strict=True))
            groups.append((name, terms, key_terms, df, spans))
        stats = TermStats(
            n_docs=self.n_docs, df=dfs["tokens"], concept_df=dfs["concepts"], gloss_df=dfs["glosses"]
        )
        ceiling = max(50, self.n_docs * COMMON_SHARE)
        chunks = [([], []) for _ in self.parts]
        for (name, terms, key_terms, df, spans), idf in zip(
            groups, (stats.idf, stats.concept_idf, stats.gloss_idf), strict=True
        ):
            for i, term in enumerate(terms):
                if not df[i] or df[i] > ceiling:
                    continue
                weight = idf(term) * (1.5 if term in key_terms else 1.0)
                for part, part_spans, (rows, weights) in zip(self.parts, spans, chunks, strict=True):
                    if part_spans[i] is not None:
                        found, _tf = part.rows(name, part_spans[i])
                        rows.append(found)
                        weights.append(np.full(len(found), weight))
        pks, scores, updated = [], [], []
        for part, (rows, weights) in zip(self.parts, chunks, strict=True):
            if not rows:
                continue
            rows, weights = np.concatenate(rows), np.concatenate(weights)
            total = np.bincount(rows, weights=weights, minlength=part.n)
            touched = np.zeros(part.n, dtype=bool)
            touched[rows] = True
            hit = np.flatnonzero(touched)
            pks.append(np.asarray(part.segment.pk[hit]))
            scores.append(total[hit])
            updated.append(np.asarray(part.segment["updated"][hit]))
        found = []
        if pks:
            pks, scores, updated = np.concatenate(pks), np.concatenate(scores), np.concatenate(updated)
            best = _top(scores, pks, limit)
            found = list(zip(pks[best].tolist(), updated[best].tolist(), strict=True))
        chosen = {pk for pk, _ in found}
        for pk in extra:
            if pk in chosen:
                continue
            located = self.locate(pk)
            if located is not None:
                part, row = located
                found.append((pk, int(part.segment["updated"][row])))
        features = self.features(found)
        return [features[pk] for pk, _ in found if pk in features], stats

    # --- search -------------------------------------------------------------------------------

    def _filter(self, part, filters, now_us):
        allowed = part.live_mask()
        segment = part.segment
        for name, values in filters.items():
            facet = FACETS_BY_NAME[name]
            if facet.name == "date":
                allowed &= _date_mask(segment, now_us, [r for r in facet.ranges if r[0] in values])
            elif facet.ranges:
                allowed &= _range_mask(segment[facet.field], [r for r in facet.ranges if r[0] in values])
            else:
                codes = [segment.code_of(facet.field, value) for value in values]
                chosen = np.zeros(len(segment.values[facet.field]) + 1, dtype=bool)
                chosen[[code for code in codes if code is not None]] = True
                rows, entry_codes = (
                    segment[f"facet.{facet.field}.rows"],
                    segment[f"facet.{facet.field}.codes"],
                )
                matching = np.zeros(part.n, dtype=bool)
                matching[rows[chosen[entry_codes]]] = True
                allowed &= matching
        return allowed

    def _bm25(self, terms, masks):
        unique = list(set(terms))
        df, spans = self._terms("text", unique)
        scores = [np.zeros(part.n) for part in self.parts]
        touched = [np.zeros(part.n, dtype=bool) for part in self.parts]
        avgdl = self.avgdl
        chunks = [([], []) for _ in self.parts]
        for i in range(len(unique)):
            if not df[i]:
                continue
            idf = math.log(1 + (self.n_docs - df[i] + 0.5) / (df[i] + 0.5))
            for part, part_spans, mask, (rows_out, values_out) in zip(
                self.parts, spans, masks, chunks, strict=True
            ):
                if part_spans[i] is None:
                    continue
                rows, tf = part.rows("text", part_spans[i], with_tf=True)
                keep = mask[rows]
                rows, tf = rows[keep], tf[keep].astype(np.float64)
                norm = tf + K1 * (1 - B + B * part.segment["length"][rows] / avgdl)
                rows_out.append(rows)
                values_out.append(idf * tf * (K1 + 1) / norm)
        for j, (part, (rows, values)) in enumerate(zip(self.parts, chunks, strict=True)):
            if rows:
                rows = np.concatenate(rows)
                scores[j] = np.bincount(rows, weights=np.concatenate(values), minlength=part.n)
                touched[j][rows] = True
        return scores, touched

    def search(self, *, analysed, filters, sort, offset, limit):
        now_us = micros(timezone.now())
        masks = [self._filter(part, filters, now_us) for part in self.parts]
        scores = None
        if analysed is not None:
            terms = list(analysed.tokens) + ["~" + key for key in analysed.concepts]
            scores, touched = self._bm25(terms, masks)
            masks = [mask & hit for mask, hit in zip(masks, touched, strict=True)]
        allowed = [np.flatnonzero(mask) for mask in masks]
        total = sum(len(rows) for rows in allowed)
        facets = {facet.name: self._facet_counts(facet, allowed, now_us) for facet in facets_for(self.kind)}
        ids, page_scores = self._page(masks, scores, sort, offset, limit)
        return BackendPage(ids=ids, total=total, facets=facets, scores=page_scores)

    def _facet_counts(self, facet, allowed, now_us):
        """{value: how many allowed documents count under it}, values in the order of their first
        document by pk (range facets: in the ranges' order)."""
        if facet.ranges:
            counts = dict.fromkeys((spec[0] for spec in facet.ranges), 0)
            for part, rows in zip(self.parts, allowed, strict=True):
                if facet.name == "date":
                    published = np.asarray(part.segment["published"][rows])
                    present = published != NO_TIME
                    age = now_us - np.where(present, published, now_us)
                    for key, _label, days, _ in facet.ranges:
                        counts[key] += int(np.count_nonzero(present & (age < days * DAY_US)))
                else:
                    values = np.asarray(part.segment[facet.field][rows])
                    for spec in facet.ranges:
                        counts[spec[0]] += int(np.count_nonzero(_range_mask(values, [spec])))
            return {key: count for key, count in counts.items() if count}
        counts, first = {}, {}
        for part, rows in zip(self.parts, allowed, strict=True):
            segment = part.segment
            field = facet.field
            offsets = segment[f"facet.{field}.offsets"]
            starts, ends = np.asarray(offsets[rows]), np.asarray(offsets[rows + 1])
            lengths = ends - starts
            if not len(rows) or not lengths.any():
                continue
            # The entries of the allowed rows, in row (pk) order.
            shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
            entries = np.arange(int(lengths.sum())) + shift
            codes = np.asarray(segment[f"facet.{field}.codes"][entries])
            entry_rows = np.asarray(segment[f"facet.{field}.rows"][entries])
            size = len(segment.values[field])
            tally = np.bincount(codes, minlength=size)
            earliest = np.full(size, len(codes), dtype=np.int64)
            np.minimum.at(earliest, codes, np.arange(len(codes)))
            for code in np.flatnonzero(tally).tolist():
                value = segment.values[field][code]
                pk = int(segment.pk[entry_rows[earliest[code]]])
                counts[value] = counts.get(value, 0) + int(tally[code])
                first[value] = min(first.get(value, pk), pk)
        return {value: counts[value] for value in sorted(counts, key=lambda v: first[v])}

    def _page(self, masks, scores, sort, offset, limit):
        wanted = offset + limit
        if limit <= 0 or wanted <= 0:
            return [], {}
        scored = scores is not None and sort == "relevance"
        picked = []  # per part: its best rows in order
        for j, (part, mask) in enumerate(zip(self.parts, masks, strict=True)):
            segment = part.segment
            if scored:
                rows = np.flatnonzero(mask)
                best = _top(scores[j][rows], np.asarray(segment["position.newest"][rows]), wanted)
                picked.append(rows[best])
            else:
                order = np.asarray(segment[f"order.{ORDER_OF_SORT.get(sort, 'newest')}"])
                picked.append(order[mask[order]][:wanted])
        page_scores = {}
        if scores is not None:
            for j, rows in enumerate(picked):
                page_scores.update(
                    zip(self.parts[j].segment.pk[rows].tolist(), scores[j][rows].tolist(), strict=True)
                )
        non_empty = [j for j, rows in enumerate(picked) if len(rows)]
        if len(non_empty) <= 1:
            ids = self.parts[non_empty[0]].segment.pk[picked[non_empty[0]]].tolist() if non_empty else []
        else:
            # Rows of several segments: merged by the reference sort on their own fields.
            docs = {}
            for j in non_empty:
                segment = self.parts[j].segment
                for row in picked[j].tolist():
                    docs[int(segment.pk[row])] = segment.sort_fields(row)
            ids = sort_ids(docs, docs, page_scores if scored else {}, sort)
        ids = ids[offset : offset + limit]
        return ids, {pk: page_scores[pk] for pk in ids if pk in page_scores}


def _top(keys, ties, limit):
    """Indices of the ``limit`` best: highest ``keys``, ties by lowest ``ties``."""
    primary = -keys
    candidates = np.arange(len(primary))
    if len(primary) > limit * 4 and limit < len(primary):
        threshold = np.partition(primary, limit - 1)[limit - 1]
        candidates = np.flatnonzero(primary <= threshold)
    order = np.lexsort((ties[candidates], primary[candidates]))
    return candidates[order[:limit]]


def _range_mask(values, ranges):
    values = np.asarray(values)
    hit = np.zeros(len(values), dtype=bool)
    present = ~np.isnan(values)
    safe = np.where(present, values, 0.0)
    for _key, _label, low, high in ranges:
        inside = present.copy()
        if low is not None:
            inside &= safe >= low
        if high is not None:
            inside &= safe < high
        hit |= inside
    return hit


def _date_mask(segment, now_us, ranges):
    published = np.asarray(segment["published"])
    present = published != NO_TIME
    age = now_us - np.where(present, published, now_us)
    hit = np.zeros(len(published), dtype=bool)
    for _key, _label, days, _ in ranges:
        hit |= present & (age < days * DAY_US)
    return hit
