"""A faster match answers exactly what the former one answered (benchmarks/README.md, "A match's
own costs"): the same listings, order, scores, bands and reasons, with two queries instead of
four, a source's profiles remembered per sample, and the candidates' whole ``_source`` read
instead of the node filtering it."""

import numpy as np
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search import embedding, services
from search import passages as passage_vectors
from search.analysis import features_from_listing
from search.backends import get_backend, reset_backends
from search.backends.base import features_from_document
from search.bulk import listing_queryset
from search.models import ListingEmbedding, SearchDocument
from search.passages import Memo, PassageStore
from search.ranking import rank


def _unit(rng, n):
    matrix = rng.standard_normal((n, embedding.DIM)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _scale(settings, monkeypatch, n_zh=60, n_en=40):
    """Vectors and passages above the brute-force limit (profiles read from samples)."""
    settings.SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO = 10
    monkeypatch.setattr(embedding, "PROFILE_SAMPLE", 25)
    rng = np.random.default_rng(5)
    pks = list(range(1, n_zh + n_en + 1))
    vectors = embedding.VectorSet(pks, _unit(rng, len(pks)), ["zh"] * n_zh + ["en"] * n_en)
    rows = {pk: passage_vectors.to_bytes(_unit(rng, 1 + pk % 4)) for pk in pks}
    store = PassageStore(lambda wanted: {pk: rows[pk] for pk in wanted if pk in rows}, sample=20)
    store.load({"zh": pks[:n_zh], "en": pks[n_zh:]})
    vectors.passages = store
    return vectors, rng


def test_a_source_matched_again_reads_its_profiles_from_memory_and_scores_alike(settings, monkeypatch):
    vectors, rng = _scale(settings, monkeypatch)
    monkeypatch.setattr(embedding, "PROFILES", Memo(size=0))  # computed every time, as before
    source, pks = _unit(rng, 1)[0], list(range(1, 101))
    computed = vectors.closeness(source, "zh")
    expected = (computed.profiles, computed.of(pks))
    memo = Memo(size=8)
    monkeypatch.setattr(embedding, "PROFILES", memo)
    first = vectors.closeness(source, "zh")
    assert (first.profiles, first.of(pks)) == expected
    # Two samples (vectors, passages) per language, each with this source's profile.
    assert len(memo) == 4

    reads = []
    best_cosines = PassageStore.best_cosines
    monkeypatch.setattr(
        PassageStore, "best_cosines", lambda store, *a: reads.append(a) or best_cosines(store, *a)
    )
    again = vectors.closeness(source, "zh")
    assert (again.profiles, again.of(pks)) == expected
    assert reads == []  # from memory: neither sample read again

    # A technology re-embedded in the passages' sample: a new sample, read anew, not remembered.
    sampled = next(iter(vectors.passages.sample["zh"]))
    vectors.passages.changed([(sampled, "zh", passage_vectors.to_bytes(_unit(rng, 2)))])
    changed = vectors.closeness(source, "zh").of(pks)
    assert len(reads) == 1 and changed != expected[1]
    monkeypatch.setattr(embedding, "PROFILES", Memo(size=0))
    assert vectors.closeness(source, "zh").of(pks) == changed


def _toward(cosine, axis):
    """A unit vector at ``cosine`` from the demand's direction (axis 0), the rest along ``axis``."""
    vector = np.zeros(embedding.DIM, dtype=np.float32)
    vector[0], vector[axis] = cosine, np.sqrt(1 - cosine**2)
    return vector


def _store_vectors(corpus):
    """The demand along axis 0; each technology's passages at these cosines from it."""
    cosines = {"cathode": (0.95, 0.70), "anode": (0.90, 0.82), "unrelated": (0.40,), "draft": (0.93,)}
    axis = iter(range(1, 20))
    with transaction.atomic():
        for name in ("demand", "cathode", "anode", "unrelated", "draft"):
            listing = corpus[name]
            passages = np.stack([_toward(c, next(axis)) for c in cosines[name]]) if name in cosines else None
            vector = embedding.averaged(passages) if passages is not None else _toward(1.0, 19)
            ListingEmbedding.objects.create(
                kind=listing.kind,
                listing_id=listing.pk,
                digest="test",
                model=embedding.MODEL,
                vector=embedding.to_bytes(vector),
                passages=b"" if passages is None else passage_vectors.to_bytes(passages),
            )
        embedding.vectors_changed("technology")
        embedding.vectors_changed("demand")


def _the_former_way(listing, limit=10):
    """A match as ``match_listing`` made it before: the document and the vector in two queries,
    the profiles computed anew, every track read for the explanations, then the ten listings."""
    data = SearchDocument.objects.filter(kind=listing.kind, listing_id=listing.pk).values_list(
        "data", flat=True
    )
    source = features_from_document(data.first()) if data.first() else features_from_listing(listing)
    vector = embedding.stored_vector(kind=listing.kind, pk=listing.pk)
    target = services.other_kind(listing.kind)
    candidates, stats, cosines = embedding.candidates_with_meaning(
        get_backend(services.backend_name()),
        kind=target,
        source=source,
        vector=vector,
        vectors=embedding.StoredVectors.get(target),
    )
    ranked = rank(source=source, candidates=candidates, stats=stats, limit=limit, semantic=cosines)
    objects = listing_queryset(target).in_bulk([r.features.pk for r in ranked])
    return [
        (objects[r.features.pk].ref, r.score, r.band, [str(reason) for reason in r.reasons])
        for r in ranked
        if objects[r.features.pk].is_published
    ]


@pytest.mark.django_db
def test_a_match_reads_two_queries_and_answers_as_the_former_way(backend, corpus, settings, monkeypatch):
    _store_vectors(corpus)
    settings.SEARCH_EMBEDDINGS = True
    settings.SEARCH_EMBEDDINGS_REFRESH_SECONDS = 600
    settings.SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO = 1  # profiles from samples, as at scale
    embedding.StoredVectors.forget()
    if backend == "elasticsearch":
        get_backend("elasticsearch").refresh("technology")
        get_backend("elasticsearch").refresh("demand")
    monkeypatch.setattr(embedding, "PROFILES", Memo(size=0))
    former = {name: _the_former_way(corpus[name]) for name in ("demand", "cathode", "anode")}
    # The corpus's demand has answers, named with the tracks' names (the explanations read them).
    assert {ref for ref, *_rest in former["demand"][:2]} == {"T-CATHODE", "T-ANODE"}
    energy = corpus["cathode"].track.name
    assert any(energy in reason for reason in former["demand"][0][3])

    monkeypatch.setattr(embedding, "PROFILES", Memo(size=64))
    for _pass in range(2):  # computed, then remembered
        for name, expected in former.items():
            with CaptureQueriesContext(connection) as queries:
                matches = services.match_listing(listing=corpus[name], limit=10)
            assert [(m.ref, m.score, m.band, [str(r) for r in m.reasons]) for m in matches] == expected
            # The document with the vector in one query, the ten listings with their tracks in
            # another: no query of every track, none of the vector alone.
            sql = [q["sql"] for q in queries.captured_queries]
            assert not [q for q in sql if q.startswith('SELECT "taxonomy_track"')]
            assert [q for q in sql if "search_listingembedding" in q] == [sql[0]]
            assert sql[0].startswith('SELECT "search_searchdocument"."data"')
            if backend == "elasticsearch":  # the embedded backend reads its own tables too
                own = [q for q in sql if "wagtailcore_page" not in q]  # the save-search page's
                assert len(own) == (2 if expected else 1)


FIELDS_MATCHING_READS = [
    "pk", "kind", "ref", "title", "language", "track", "trl", "price_cny", "price_negotiable",
    "budget_min_cny", "budget_max_cny", "deadline", "needed_trl", "tokens", "key_tokens",
    "concepts", "key_concepts", "glosses", "key_glosses",
]  # fmt: skip


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_candidates_read_with_their_whole_source_have_the_features_the_filtered_source_gave(settings, corpus):
    settings.SEARCH_BACKEND = "elasticsearch"
    reset_backends()
    es = get_backend("elasticsearch")
    for kind in ("technology", "demand"):
        es.clear(kind)  # fails (not skips) when Elasticsearch is down
    services.rebuild_search_index()
    es.refresh("technology")
    source = features_from_listing(corpus["demand"])
    searches, read = es._match_searches(
        kind="technology", source=source, limit=200, extra=[corpus["unrelated"].pk]
    )
    assert [body["_source"] for body in searches[1::2] if "_source" in body] == [True, True]
    candidates, _stats = read(es._msearch(searches))
    for body in searches[1::2]:
        if "_source" in body:
            body["_source"] = FIELDS_MATCHING_READS
    filtered = es._msearch(searches)
    former = [features_from_document(hit["_source"]) for hit in filtered[0]["hits"]["hits"]]
    former += [
        features_from_document(hit["_source"])
        for hit in filtered[2]["hits"]["hits"]
        if hit["_source"]["pk"] not in {f.pk for f in former}
    ]
    assert {"T-CATHODE", "T-ANODE", "T-LUNG"} <= {c.ref for c in candidates}
    assert candidates == former and all(c.text == "" for c in candidates)
