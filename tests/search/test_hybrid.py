"""Matching by meaning beside words: vectors per revision, fusion alike on both backends, clean fallback."""

import numpy as np
import pytest

from search import embedding, services, tasks
from search import passages as passage_vectors
from search.backends import get_backend, reset_backends
from search.models import ListingEmbedding
from search.ranking import (
    MEANING_OUTLIER,
    MEANING_SCALE,
    SEMANTIC_WEIGHT,
    WORDS_NEED_CLOSENESS,
    fused,
    meaning,
    rank,
)


@pytest.fixture
def meaning_vectors(settings):
    """Turn on meaning vectors before the listings are announced (the model really runs)."""
    settings.SEARCH_EMBEDDINGS = True
    embedding.StoredVectors.forget()
    yield
    embedding.StoredVectors.forget()


def _stored(kind, ref_to_pk):
    return {
        ref: ListingEmbedding.objects.filter(kind=kind, listing_id=pk).first()
        for ref, pk in ref_to_pk.items()
    }


def _as_dicts(matches):
    return [(m.ref, m.score, m.band, [str(r) for r in m.reasons]) for m in matches]


@pytest.mark.django_db
def test_embedding_is_computed_once_per_revision(meaning_vectors, corpus):
    cathode, draft = corpus["cathode"], corpus["draft"]
    stored = _stored("technology", {"cathode": cathode.pk, "draft": draft.pk})
    assert stored["draft"] is None  # only published listings carry a vector
    first = stored["cathode"]
    assert first.model == embedding.MODEL
    assert len(embedding.from_bytes(first.vector)) == embedding.DIM
    # A technology keeps its passages (title + summary, title + keywords, whole text,
    # description) beside their average, from the same model run; a demand has none.
    cathode_passages = passage_vectors.from_bytes(first.passages)
    assert cathode_passages.shape == (4, embedding.DIM)
    assert embedding.averaged(cathode_passages.astype(np.float32)) == pytest.approx(
        embedding.from_bytes(first.vector), abs=2e-3
    )
    demand_row = ListingEmbedding.objects.get(kind="demand", listing_id=corpus["demand"].pk)
    assert bytes(demand_row.passages) == b""
    # Same revision text: the task computes nothing and leaves the row alone.
    assert tasks.embed_listing.delay("technology", cathode.pk).get() == "unchanged"
    assert services.embed_listing(kind="technology", pk=cathode.pk) == "unchanged"
    again = ListingEmbedding.objects.get(kind="technology", listing_id=cathode.pk)
    assert (again.digest, again.updated_at, bytes(again.vector)) == (
        first.digest,
        first.updated_at,
        bytes(first.vector),
    )
    # A new summary is a new revision of what is embedded: a new vector replaces the old one.
    cathode.summary = "Sodium-ion cathode that keeps 85% of its capacity at minus 30 degrees."
    cathode.save()
    assert services.embed_listing(kind="technology", pk=cathode.pk) == "embedded"
    changed = ListingEmbedding.objects.get(kind="technology", listing_id=cathode.pk)
    assert changed.digest != first.digest and bytes(changed.vector) != bytes(first.vector)
    assert ListingEmbedding.objects.filter(kind="technology", listing_id=cathode.pk).count() == 1
    # Withdrawn: the vector goes.
    cathode.status = cathode.Status.WITHDRAWN
    cathode.save()
    assert services.embed_listing(kind="technology", pk=cathode.pk) == "removed"
    assert not ListingEmbedding.objects.filter(kind="technology", listing_id=cathode.pk).exists()


@pytest.fixture
def on_elasticsearch(settings):
    """Elasticsearch configured before the listings are announced, so both copies of the index fill."""
    settings.SEARCH_BACKEND = "elasticsearch"
    reset_backends()
    for kind in ("technology", "demand"):
        get_backend("elasticsearch").clear(kind)  # fails (not skips) when Elasticsearch is down


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_hybrid_matching_is_identical_on_both_backends(on_elasticsearch, meaning_vectors, corpus, settings):
    demand = corpus["demand"]
    from_es = services.match_listing(listing=demand, limit=20)
    assert from_es.backend == "elasticsearch" and not from_es.degraded
    settings.SEARCH_BACKEND = "embedded"
    reset_backends()
    from_embedded = services.match_listing(listing=demand, limit=20)
    assert from_embedded.backend == "embedded"
    assert _as_dicts(from_es) == _as_dicts(from_embedded)
    assert [m.ref for m in from_es][:2] == ["T-CATHODE", "T-ANODE"]
    # The meaning vectors took part: the scores differ from matching on words alone.
    settings.SEARCH_EMBEDDINGS = False
    lexical = services.match_listing(listing=demand, limit=20)
    assert [m.score for m in lexical] != [m.score for m in from_embedded]


@pytest.mark.django_db
def test_matching_falls_back_to_words_when_vectors_are_missing(meaning_vectors, backend, corpus):
    ListingEmbedding.objects.filter(kind="technology").delete()
    embedding.StoredVectors.forget()
    matches = services.match_listing(listing=corpus["demand"])
    # Exactly what lexical matching answers (tests/search/test_abstention.py), thresholds included.
    assert [(m.ref, m.band) for m in matches] == [("T-CATHODE", "strong"), ("T-ANODE", "possible")]
    # The demand being matched got its own vector on the way (the only embedding in a request).
    assert ListingEmbedding.objects.filter(kind="demand", listing_id=corpus["demand"].pk).exists()


def test_fusion_blends_meaning_into_relevance_and_keeps_words_alone_without_a_vector():
    floor, full = MEANING_SCALE
    assert meaning(floor) == 0.0 and meaning(-2.0) == 0.0
    assert meaning(full) == 1.0 and meaning(9.0) == 1.0
    assert fused(0.5, None) == 0.5  # no vector: judged on its words
    assert fused(0.0, full) == pytest.approx(SEMANTIC_WEIGHT)  # meaning alone can carry a paraphrase
    assert fused(0.5, floor) == pytest.approx(0.5 * (1 - SEMANTIC_WEIGHT))  # words without meaning cost


def _unit(*weights):
    vector = np.zeros(embedding.DIM, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


def test_closeness_is_judged_against_the_listings_of_the_candidates_language():
    # Thirty Chinese and thirty English listings; the English ones all sit lower, as the model rates a
    # pair in two languages. The best English one stands out from the English crowd as much as
    # the best Chinese one does from the Chinese crowd, though its cosine is lower.
    rng = np.random.default_rng(7)
    source = _unit(1.0)
    rows, languages = [], []
    for language, centre in (("zh", 0.86), ("en", 0.78)):
        for i in range(30):
            cosine = centre + (0.08 if i == 0 else rng.normal(0, 0.01))
            rows.append(_unit(cosine, float(np.sqrt(1 - cosine**2))))
            languages.append(language)
    vectors = embedding.VectorSet(range(1, 61), np.stack(rows), languages)
    closeness = vectors.closeness(source, "zh")
    near = closeness.of(range(1, 61))
    assert float(source @ rows[30]) < float(source @ rows[1])  # lower cosine than a middling Chinese one
    assert near[31] > MEANING_OUTLIER and near[1] > MEANING_OUTLIER  # but both stand out in their language
    assert max(near[pk] for pk in [*range(2, 31), *range(32, 61)]) < MEANING_OUTLIER
    assert closeness.nearest(2) == sorted([1, 31], key=lambda pk: -near[pk])


def test_an_answer_on_meaning_alone_needs_a_candidate_that_stands_out(tracks):
    from search.analysis import build_features  # noqa: PLC0415 — only this test builds features
    from search.ranking import TermStats  # noqa: PLC0415 — only this test ranks directly

    demand = build_features(kind="demand", pk=1, ref="D-POND", title="虾塘凌晨死虾", language="zh")
    sensor = build_features(
        kind="technology", pk=2, ref="T-DO", title="Dissolved-oxygen sensor", language="en"
    )
    stats = TermStats(n_docs=2)
    # No word in common: answered only when the sensor is an outlier in meaning for this demand.
    assert rank(source=demand, candidates=[sensor], stats=stats, semantic={2: MEANING_OUTLIER - 0.1}) == []
    [match] = rank(
        source=demand, candidates=[sensor], stats=stats, semantic={2: MEANING_OUTLIER}, explain=False
    )
    assert match.features.ref == "T-DO"


@pytest.mark.django_db
def test_shared_words_are_no_reason_to_answer_when_the_meaning_is_far(tracks):
    from search.analysis import build_features  # noqa: PLC0415 — only this test builds features
    from search.ranking import TermStats  # noqa: PLC0415 — only this test ranks directly

    demand = build_features(kind="demand", pk=1, ref="D-FLOAT", title="深海固体浮力材料国产化", language="zh")
    trap = build_features(kind="technology", pk=2, ref="T-FLOAT", title="深海固体浮力材料", language="zh")
    stats = TermStats(n_docs=2)
    # The words alone would answer (matching without vectors does) ...
    [words_only] = rank(source=demand, candidates=[trap], stats=stats, explain=False)
    assert words_only.features.ref == "T-FLOAT"
    # ... but with vectors, words shared by a listing far from the demand's meaning are a trap's:
    # nothing else is evidence here, so the answer is "no good match yet".
    far = WORDS_NEED_CLOSENESS - 0.1
    assert rank(source=demand, candidates=[trap], stats=stats, semantic={2: far}, explain=False) == []
    [match] = rank(
        source=demand, candidates=[trap], stats=stats, semantic={2: WORDS_NEED_CLOSENESS}, explain=False
    )
    assert match.features.ref == "T-FLOAT"
    # A candidate without a vector yet is judged on its words, as before.
    [unembedded] = rank(source=demand, candidates=[trap], stats=stats, semantic={}, explain=False)
    assert unembedded.features.ref == "T-FLOAT"


@pytest.mark.django_db
def test_a_match_carried_by_meaning_says_so_in_the_readers_language(tracks):
    from django.utils import translation  # noqa: PLC0415 — only this test switches language

    from search.analysis import build_features  # noqa: PLC0415 — only this test builds features
    from search.ranking import TermStats, rank  # noqa: PLC0415 — only this test ranks directly

    demand = build_features(
        kind="demand",
        pk=1,
        ref="D-POND",
        title="虾塘凌晨死虾",
        summary="天亮前虾成片浮头死亡。",
        language="zh",
        track="bio-manufacturing",
    )
    sensor = build_features(
        kind="technology",
        pk=2,
        ref="T-DO",
        title="Optical dissolved-oxygen sensor",
        summary="Luminescent oxygen probe for buoys.",
        language="en",
        track="deep-sea",
        trl=6,
    )
    stats = TermStats(n_docs=2)
    assert rank(source=demand, candidates=[sensor], stats=stats, threshold=0.0) == []  # no word in common
    with translation.override("en"):
        [match] = rank(source=demand, candidates=[sensor], stats=stats, semantic={2: 4.0}, threshold=0.0)
    assert "Close in meaning, though worded differently" in match.reasons
    assert (
        "Filed under another track (Deep-sea exploration), but close in meaning to the need" in match.reasons
    )
    assert (
        "Not stated yet: the TRL the demand needs, the demand's budget, the technology's price"
        in match.reasons
    )
    with translation.override("zh-hans"):
        [match] = rank(source=demand, candidates=[sensor], stats=stats, semantic={2: 4.0}, threshold=0.0)
    assert "表述不同，但含义相近" in match.reasons


def test_vectors_caught_up_keep_each_listings_language():
    vectors = embedding.VectorSet([1, 2], np.stack([_unit(1.0), _unit(0.0, 1.0)]), ["zh", "en"])
    vectors.update([(2, _unit(1.0, 1.0), "en"), (3, _unit(0.0, 0.0, 1.0), "zh")], present={2, 3})
    assert list(vectors.pks) == [2, 3] and list(vectors.languages) == ["en", "zh"]
    assert vectors.vector(2) == pytest.approx(_unit(1.0, 1.0))
    # Each listing is judged against its own language's median: two listings are too few, so the
    # model's usual figures (embedding.PRIOR) carry most of the weight.
    near = vectors.closeness(_unit(1.0), "zh").of([2, 3])
    assert set(near) == {2, 3} and near[2] > near[3]
