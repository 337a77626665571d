"""What keeps matching fast at scale answers exactly what the slower way answered: the term
statistics of one search equal a count per term, a batch of sources costs one round trip, the
closeness sample copied once follows the vectors, and products run on one BLAS thread."""

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from search import embedding
from search.analysis import features_from_listing
from search.backends import get_backend, reset_backends
from tests.factories.listings import TechnologyFactory


@pytest.fixture
def on_elasticsearch(settings):
    """Elasticsearch configured before the listings are announced, so its index fills."""
    settings.SEARCH_BACKEND = "elasticsearch"
    reset_backends()
    es = get_backend("elasticsearch")
    for kind in ("technology", "demand"):
        es.clear(kind)  # fails (not skips) when Elasticsearch is down
    return es


def _counted(es, kind, field, value):
    index = es.index_names[kind]
    return es.client.count(index=index, query={"term": {field: value}})["count"]


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_term_statistics_from_one_search_equal_a_count_per_term(on_elasticsearch, corpus, announce, energy):
    es = on_elasticsearch
    # A technology removed from the index (withdrawn): its terms no longer count.
    gone = TechnologyFactory(
        ref="T-GONE",
        title="钠离子电池低温电解液",
        summary="零下40度仍可工作的钠离子电池电解液。",
        keywords=["钠离子电池", "电解液"],
        track=energy,
        published=True,
    )
    announce(gone)
    gone.status = gone.Status.WITHDRAWN
    gone.save()
    announce(gone)
    es.refresh("technology")
    source = features_from_listing(corpus["demand"])
    candidates, stats = es.match_candidates(kind="technology", source=source)

    assert stats.n_docs == es.client.count(index=es.index_names["technology"])["count"] == 3
    assert stats.df == {token: _counted(es, "technology", "tokens", token) for token in source.tokens}
    assert stats.concept_df == {key: _counted(es, "technology", "concepts", key) for key in source.concepts}
    assert stats.gloss_df == {gloss: _counted(es, "technology", "glosses", gloss) for gloss in source.glosses}
    assert stats.df["钠离子电池"] == 1  # the cathode's: the withdrawn one's is not counted
    assert {"T-CATHODE", "T-ANODE"} <= {c.ref for c in candidates} <= {"T-CATHODE", "T-ANODE", "T-LUNG"}


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_a_batch_of_sources_costs_one_round_trip_and_answers_as_one_by_one(
    on_elasticsearch, corpus, monkeypatch
):
    es = on_elasticsearch
    sources = [features_from_listing(corpus[name]) for name in ("cathode", "anode", "unrelated")]
    one_by_one = [
        es.match_candidates(kind="demand", source=source, extra=extra)
        for source, extra in zip(sources, [(), [corpus["demand"].pk], ()], strict=True)
    ]
    calls = []
    call = es._call

    def counted(method, *args, **kwargs):
        calls.append(len(kwargs.get("searches", ())))
        return call(method, *args, **kwargs)

    monkeypatch.setattr(es, "_call", counted)
    batch = es.match_candidates_many(kind="demand", sources=sources, extras=[(), [corpus["demand"].pk], ()])
    # One _msearch: per source a header and a body for its candidates and its statistics, and for
    # the second source its nearest by meaning.
    assert calls == [4 + 6 + 4]
    assert [([c.ref for c in candidates], stats) for candidates, stats in batch] == [
        ([c.ref for c in candidates], stats) for candidates, stats in one_by_one
    ]
    assert [c.ref for c in batch[0][0]] == ["D-COLD"] and [c.ref for c in batch[1][0]] == ["D-COLD"]


def _random_set(n_zh, n_en, seed=3):
    rng = np.random.default_rng(seed)
    matrix = rng.standard_normal((n_zh + n_en, embedding.DIM)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return embedding.VectorSet(range(1, n_zh + n_en + 1), matrix, ["zh"] * n_zh + ["en"] * n_en), rng


def _sampled_profile(vectors, language, source, source_language):
    """The median and spread as read before the sample was kept: every n-th row, gathered anew."""
    rows = vectors.groups[language]
    step = max(1, len(rows) // embedding.PROFILE_SAMPLE)
    return embedding._profile(
        vectors.matrix[rows[::step][: embedding.PROFILE_SAMPLE]] @ source, language == source_language
    )


def test_closeness_above_the_brute_force_limit_reads_the_same_sample_and_follows_new_vectors(
    settings, monkeypatch
):
    settings.SEARCH_EMBEDDINGS_NEIGHBOURS_UP_TO = 100
    monkeypatch.setattr(embedding, "PROFILE_SAMPLE", 40)
    vectors, rng = _random_set(150, 90)
    source = vectors.matrix[0].copy()
    closeness = vectors.closeness(source, "zh")
    assert closeness.nearest() == []  # above the limit: no neighbours by brute force
    for language in ("zh", "en"):
        assert closeness.profiles[language] == _sampled_profile(vectors, language, source, "zh")
    near = closeness.of([1, 200])
    centre, spread = closeness.profiles["en"]
    assert near[200] == round((float(vectors.matrix[199] @ source) - centre) / spread, 6)

    # New vectors for sampled rows, and a new listing: the next closeness reads them.
    fresh = rng.standard_normal((3, embedding.DIM)).astype(np.float32)
    fresh /= np.linalg.norm(fresh, axis=1, keepdims=True)
    vectors.update([(1, fresh[0], "zh"), (151, fresh[1], "en"), (999, fresh[2], "en")])
    again = vectors.closeness(source, "zh")
    for language in ("zh", "en"):
        assert again.profiles[language] == _sampled_profile(vectors, language, source, "zh")
    assert again.profiles["en"] != closeness.profiles["en"]


def test_matching_multiplies_on_one_blas_thread():
    assert embedding.DIM  # the module is loaded: it set the limit
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)
