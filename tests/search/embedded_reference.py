"""The embedded index as it was before the columns (issue 14, item 7): every document's dict,
features and Python postings in memory. Kept as the reference the columnar index must equal
(tests/search/test_embedded_columns.py); not used by the site."""

import heapq
import math
from collections import Counter, defaultdict

from django.utils import timezone

from search.backends.base import (
    FACETS_BY_NAME,
    BackendPage,
    facets_for,
    features_from_document,
    parse_published,
)
from search.ranking import TermStats

K1 = 1.2
B = 0.75
# Terms held by more than this share of listings barely discriminate: they still count in the
# statistics and the final score, but are not walked when gathering candidates.
COMMON_SHARE = 0.3


def facet_keys(data, facet, now):
    """The facet values a document counts under (a date may fall in several ranges)."""
    value = data.get(facet.field)
    if facet.name == "date":
        published = parse_published(value)
        if not published:
            return []
        age = (now - published).days
        return [key for key, _label, days, _ in facet.ranges if age < days]
    if facet.ranges:
        if value is None:
            return []
        return [
            key
            for key, _label, low, high in facet.ranges
            if (low is None or value >= low) and (high is None or value < high)
        ]
    if isinstance(value, list):
        return value
    return [value] if value not in (None, "") else []


def document_matches(data, filters, now):
    for name, values in filters.items():
        if not set(facet_keys(data, FACETS_BY_NAME[name], now)) & set(values):
            return False
    return True


class MemoryIndex:
    def __init__(self, kind, documents):
        self.kind = kind
        self.docs = {}
        self.features = {}
        self.postings = defaultdict(set)
        self.concept_postings = defaultdict(set)
        self.gloss_postings = defaultdict(set)
        self.text_postings = defaultdict(dict)  # token -> {pk: tf}
        self.lengths = {}
        self.total_length = 0
        for data in documents:
            self.add(data)

    @property
    def n_docs(self):
        return len(self.docs)

    @property
    def avgdl(self):
        return (self.total_length / self.n_docs) if self.n_docs else 1.0

    def add(self, data):
        pk = data["pk"]
        if pk in self.docs:
            self.remove(pk)
        self.docs[pk] = data
        features = features_from_document(data)
        self.features[pk] = features
        for token in features.tokens:
            self.postings[token].add(pk)
        for key in features.concepts:
            self.concept_postings[key].add(pk)
        for gloss in features.glosses:
            self.gloss_postings[gloss].add(pk)
        counts = Counter(features.text.split())
        for token, tf in counts.items():
            self.text_postings[token][pk] = tf
        self.lengths[pk] = sum(counts.values())
        self.total_length += self.lengths[pk]

    def remove(self, pk):
        features = self.features.pop(pk, None)
        if features is None:
            return
        del self.docs[pk]
        for token in features.tokens:
            self.postings[token].discard(pk)
        for key in features.concepts:
            self.concept_postings[key].discard(pk)
        for gloss in features.glosses:
            self.gloss_postings[gloss].discard(pk)
        for token in set(features.text.split()):
            self.text_postings[token].pop(pk, None)
        self.total_length -= self.lengths.pop(pk)

    def stats_for(self, source):
        return TermStats(
            n_docs=self.n_docs,
            df={t: len(self.postings.get(t, ())) for t in source.tokens},
            concept_df={c: len(self.concept_postings.get(c, ())) for c in source.concepts},
            gloss_df={g: len(self.gloss_postings.get(g, ())) for g in source.glosses},
        )

    def match_candidates(self, source, limit, extra=()):
        stats = self.stats_for(source)
        ceiling = max(50, self.n_docs * COMMON_SHARE)
        scores = defaultdict(float)
        for terms, key_terms, postings, idf in (
            (source.tokens, source.key_tokens, self.postings, stats.idf),
            (source.concepts, source.key_concepts, self.concept_postings, stats.concept_idf),
            (source.glosses, source.key_glosses, self.gloss_postings, stats.gloss_idf),
        ):
            for term in terms:
                posting = postings.get(term)
                if not posting or len(posting) > ceiling:
                    continue
                weight = idf(term) * (1.5 if term in key_terms else 1.0)
                for pk in posting:
                    scores[pk] += weight
        best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
        found = [pk for pk, _ in best]
        chosen = set(found)
        found += [pk for pk in extra if pk in self.features and pk not in chosen]
        return [self.features[pk] for pk in found], stats

    def bm25(self, terms, allowed):
        scores = defaultdict(float)
        for term in set(terms):
            posting = self.text_postings.get(term)
            if not posting:
                continue
            idf = math.log(1 + (self.n_docs - len(posting) + 0.5) / (len(posting) + 0.5))
            for pk, tf in posting.items():
                if pk in allowed:
                    norm = tf + K1 * (1 - B + B * self.lengths[pk] / self.avgdl)
                    scores[pk] += idf * tf * (K1 + 1) / norm
        return scores

    def search(self, *, analysed, filters, sort, offset, limit):
        now = timezone.now()
        allowed = {pk for pk, data in self.docs.items() if document_matches(data, filters, now)}
        scores = {}
        if analysed is not None:
            terms = list(analysed.tokens) + ["~" + key for key in analysed.concepts]
            scores = self.bm25(terms, allowed)
            allowed = set(scores)
        facets = {}
        for facet in facets_for(self.kind):
            counts = Counter()
            for pk in allowed:
                counts.update(set(facet_keys(self.docs[pk], facet, now)))
            facets[facet.name] = dict(counts)
        ids = sort_ids(allowed, self.docs, scores, sort)
        return BackendPage(ids=ids[offset : offset + limit], total=len(ids), facets=facets, scores=scores)


def _neg(value):
    return -value if value is not None else math.inf


def sort_ids(ids, docs, scores, sort):
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
