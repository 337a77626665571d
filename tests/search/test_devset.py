import json

import pytest

from search.evaluation import DEVSET, evaluate, ndcg

TRACKS = {
    "bio-manufacturing", "cell-gene-therapy", "brain-smart-medicine", "independent-it",
    "deep-sea", "aerospace", "advanced-energy", "new-materials",
}  # fmt: skip


def _records():
    with open(DEVSET / "listings.jsonl", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.smoke
def test_development_set_covers_tracks_languages_hard_negatives_and_cross_language_pairs():
    records = {r["ref"]: r for r in _records()}
    qrels = json.loads((DEVSET / "qrels.json").read_text(encoding="utf-8"))
    demands = [r for r in records.values() if r["type"] == "demand"]
    technologies = [r for r in records.values() if r["type"] == "technology"]
    assert len(demands) >= 40 and len(technologies) >= 120
    assert {r["track"] for r in demands} == TRACKS == {r["track"] for r in technologies}
    assert {r["language"] for r in demands} == {"zh", "en"}
    assert set(qrels) == {r["ref"] for r in demands}
    grades = [(d, t, g) for d, judged in qrels.items() for t, g in judged.items()]
    assert all(t in records and records[t]["type"] == "technology" for _d, t, _g in grades)
    assert sum(1 for _d, _t, g in grades if g == 0) >= 20  # hard negatives
    cross = [(d, t) for d, t, g in grades if g >= 2 and records[d]["language"] != records[t]["language"]]
    assert len(cross) >= 30


def test_ndcg_of_a_perfect_and_a_reversed_ranking():
    grades = {"A": 3, "B": 1}
    assert ndcg(["A", "B"], grades) == 1.0
    assert round(ndcg(["B", "A"], grades), 4) == round((1 + 7 / 1.5849625) / (7 + 1 / 1.5849625), 4)


@pytest.mark.parametrize("name", ["embedded", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def test_matching_reaches_the_target_on_the_development_set(name, db):
    report = evaluate(name)
    assert report.queries == 40
    assert report.ndcg10 >= 0.85
    assert report.mrr >= 0.9


@pytest.mark.elasticsearch
def test_both_backends_rank_the_development_set_identically(db):
    embedded, elasticsearch = evaluate("embedded"), evaluate("elasticsearch")
    assert {ref: q["ranked"] for ref, q in embedded.per_query.items()} == {
        ref: q["ranked"] for ref, q in elasticsearch.per_query.items()
    }
