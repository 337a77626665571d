import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search import embedding
from search.evaluation import DEVSET, evaluate, listing_digest, load_set, ndcg

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
    assert len(demands) >= 93 and len(technologies) >= 120
    assert {r["track"] for r in demands} == TRACKS == {r["track"] for r in technologies}
    assert {r["language"] for r in demands} == {"zh", "en"}
    assert set(qrels) == {r["ref"] for r in demands}
    grades = [(d, t, g) for d, judged in qrels.items() for t, g in judged.items()]
    assert all(t in records and records[t]["type"] == "technology" for _d, t, _g in grades)
    assert sum(1 for _d, _t, g in grades if g == 0) >= 120  # hard negatives
    cross = [(d, t) for d, t, g in grades if g >= 2 and records[d]["language"] != records[t]["language"]]
    assert len(cross) >= 45
    # Demands nothing in the set answers (grade 0 only: each names the listings sharing its words),
    # in both languages and every track, so the abstention is guarded on our own data too.
    no_answer = [d for d, judged in qrels.items() if not any(g >= 1 for g in judged.values())]
    assert len(no_answer) >= 28
    assert all(qrels[d] for d in no_answer)  # every one has at least one trap
    assert {records[d]["language"] for d in no_answer} == {"zh", "en"}
    assert {records[d]["track"] for d in no_answer} == TRACKS
    labelled = load_set()
    assert sorted(ref for ref, tags in labelled.tags.items() if "no-answer" in tags) == sorted(no_answer)
    assert all(labelled.traps[d] == set(qrels[d]) for d in no_answer)


def _top_answers(judged):
    answers = {ref: grade for ref, grade in judged.items() if grade >= 1}
    return [ref for ref, grade in answers.items() if grade == max(answers.values())] if answers else []


@pytest.mark.smoke
def test_the_tags_agree_with_the_languages_tracks_and_grades_of_the_set():
    """tags.json gives the hard cases (search/devset/README.md): cross-language and cross-track are
    exactly the demands whose every top-graded answer is in the other language / filed under another
    track; a paraphrase demand has an answer at grade 2 or 3 (and at most three graded answers);
    standard is every other answerable demand. load_set adds no-answer and lexical-trap to them."""
    records = {r["ref"]: r for r in _records()}
    qrels = json.loads((DEVSET / "qrels.json").read_text(encoding="utf-8"))
    tags = json.loads((DEVSET / "tags.json").read_text(encoding="utf-8"))
    assert set(tags) <= set(qrels)
    assert {tag for given in tags.values() for tag in given} == {
        "paraphrase", "cross-language", "cross-track", "standard",
    }  # fmt: skip
    for demand, judged in qrels.items():
        top, given = _top_answers(judged), set(tags.get(demand, []))
        other_language = bool(top) and all(records[t]["language"] != records[demand]["language"] for t in top)
        other_track = bool(top) and all(records[t]["track"] != records[demand]["track"] for t in top)
        assert ("cross-language" in given) == other_language, demand
        assert ("cross-track" in given) == other_track, demand
        if "paraphrase" in given:
            assert max(judged.values()) >= 2 and sum(1 for g in judged.values() if g >= 1) <= 3, demand
        hard = given & {"paraphrase", "cross-language", "cross-track"}
        assert ("standard" in given) == (bool(top) and not hard), demand
    count = {
        tag: [d for d in tags if tag in tags[d]] for tag in ("paraphrase", "cross-language", "cross-track")
    }
    assert (len(count["paraphrase"]), len(count["cross-language"]), len(count["cross-track"])) == (17, 24, 11)
    paraphrase_languages = [records[d]["language"] for d in count["paraphrase"]]
    assert (paraphrase_languages.count("zh"), paraphrase_languages.count("en")) == (9, 8)
    assert len(set(count["paraphrase"]) & set(count["cross-language"])) == 9
    # Merged, not replaced: the derived tags stand beside the given ones.
    labelled = load_set()
    assert labelled.tags["D-SEA-06"] == ["paraphrase", "cross-language", "lexical-trap"]
    assert labelled.tags["D-IT-N3"] == ["no-answer", "lexical-trap"]
    assert labelled.tags["D-AER-05"] == ["standard"]


def test_ndcg_of_a_perfect_and_a_reversed_ranking():
    grades = {"A": 3, "B": 1}
    assert ndcg(["A", "B"], grades) == 1.0
    assert round(ndcg(["B", "A"], grades), 4) == round((1 + 7 / 1.5849625) / (7 + 1 / 1.5849625), 4)


@pytest.mark.parametrize("name", ["embedded", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def test_matching_reaches_the_target_and_abstains_on_the_development_set(name, db):
    """Matching on words alone (tests match without vectors), the shipped answer threshold 0.22, per
    tag (measured 2026-11-27, README of the set): the 27 standard demands keep nDCG@10 0.988 and all
    their answers; the 38 hard ones are where it fails, paraphrase 0.245 (10 of 17 left empty),
    cross-track 0.362, cross-language 0.683; 10 of the 28 no-answer demands left empty, 13
    answerable ones too. The other no-answer demands share their key words with a listing that
    solves another problem: the traps of these demands."""
    report = evaluate(name)
    assert report.queries == 93
    assert report.overall["answerable"] == 65
    assert report.ndcg10 >= 0.72 and report.mrr >= 0.73
    standard, scopes = report.scopes["standard"], report.scopes
    assert (standard["answerable"], standard["answerable_empty"]) == (27, 0)
    assert standard["ndcg10"] >= 0.98 and standard["mrr10"] == 1.0
    assert scopes["cross-language"]["ndcg10"] >= 0.68
    assert scopes["cross-track"]["ndcg10"] >= 0.36
    assert scopes["paraphrase"]["ndcg10"] >= 0.24
    no_answer = scopes["no-answer"]
    assert no_answer["na_total"] == 28 and no_answer["na_empty"] >= 10
    assert report.overall["answerable_empty"] <= 13
    empty = {ref for ref, row in report.per_query.items() if row.get("empty")}
    # Those with nothing of their kind in the set stay empty: CT tubes, ultra-pure water, wind-blade recycling.
    assert {"D-BR-N2", "D-MAT-N3", "D-MAT-N1"} <= empty


def test_the_development_set_carries_a_current_vector_for_every_listing():
    labelled = load_set()
    stale = [
        d["ref"]
        for d in labelled.documents
        if labelled.stored.get(d["ref"], ("",))[0] != listing_digest(labelled, d)
    ]
    assert not stale, f"run `manage.py evaluate_matching --store-vectors` (stale: {stale[:5]})"
    # Each technology's passages too (float16, as the site stores them): matching reads them.
    technologies = [d["ref"] for d in labelled.documents if d["kind"] == "technology"]
    assert all(len(labelled.stored_passages.get(ref, ())) >= 2 for ref in technologies)


def _no_model(settings, tmp_path, monkeypatch):
    settings.SEARCH_EMBEDDING_CACHE_DIR = str(tmp_path)  # no disk cache to fall back on

    def no_model(**_ignored):
        raise AssertionError("the set's stored vectors should have been used")

    monkeypatch.setattr(embedding, "embed", no_model)


@pytest.mark.parametrize("name", ["embedded", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def test_matching_with_meaning_abstains_on_the_development_set(name, db, settings, tmp_path, monkeypatch):
    """Hybrid matching, as the site runs it, from the set's stored vectors (the model never runs
    here), a technology's closeness the larger of its averaged vector's and its best passage's, the
    shipped 0.22 / 3.5 (measured 2026-11-27, README of the set): nDCG@10 0.789, the 27 standard
    demands 0.984 with every one answered (the 60 demands of before the hard cases: 0.968); paraphrase
    0.399, cross-track 0.563, cross-language 0.748. 11 of 28 no-answer demands left empty, and 11
    answerable ones too (9 of them paraphrases); a trap in the top 3 for 25 of 75 demands."""
    _no_model(settings, tmp_path, monkeypatch)
    report = evaluate(name, semantic=True)
    assert report.queries == 93
    assert report.ndcg10 >= 0.78 and report.mrr >= 0.80
    assert report.overall["r20"] >= 0.81
    standard, scopes = report.scopes["standard"], report.scopes
    assert (standard["answerable"], standard["answerable_empty"]) == (27, 0)
    assert standard["ndcg10"] >= 0.98 and standard["mrr10"] == 1.0
    assert scopes["cross-language"]["ndcg10"] >= 0.74
    assert scopes["cross-track"]["ndcg10"] >= 0.56
    assert scopes["paraphrase"]["ndcg10"] >= 0.39
    assert report.overall["answerable_empty"] <= 11
    assert report.scopes["no-answer"]["na_empty"] >= 11
    assert report.overall["trap3"] <= 25
    empty = {ref for ref, row in report.per_query.items() if row.get("empty")}
    assert {"D-BR-N2", "D-MAT-N3", "D-MAT-N1", "D-CGT-N1"} <= empty


def test_ranking_with_meaning_alone_finds_most_hard_answers(db, settings, tmp_path, monkeypatch):
    """The ranking alone (no answer threshold), hybrid as above: the answers of the hard demands are
    mostly found, lower down (measured 2026-11-27): nDCG@10 0.893, paraphrase 0.707 (R@20 0.892),
    cross-track 0.736, cross-language 0.833; standard 0.984. What abstention costs them is the gap
    to the test above."""
    _no_model(settings, tmp_path, monkeypatch)
    report = evaluate("embedded", semantic=True, abstain=False)
    assert report.ndcg10 >= 0.89 and report.overall["r20"] >= 0.95
    assert report.overall["answerable_empty"] == 0
    scopes = report.scopes
    assert scopes["paraphrase"]["ndcg10"] >= 0.70 and scopes["paraphrase"]["r20"] >= 0.88
    assert scopes["cross-track"]["ndcg10"] >= 0.73
    assert scopes["cross-language"]["ndcg10"] >= 0.83
    assert scopes["standard"]["ndcg10"] >= 0.98


@pytest.mark.elasticsearch
def test_both_backends_rank_the_development_set_identically(db):
    embedded, elasticsearch = evaluate("embedded"), evaluate("elasticsearch")
    assert {ref: q["ranked"] for ref, q in embedded.per_query.items()} == {
        ref: q["ranked"] for ref, q in elasticsearch.per_query.items()
    }


def _write_set(directory):
    """A tiny set in the shared format: one answerable demand, one that nothing answers."""
    records = [
        {"type": "technology", "ref": "X-T1", "title": "Rapid on-site honey purity detection",
         "summary": "Detects honey purity on site in minutes, for honey purchase stations.",
         "description": "A strip and a reader; licence or joint development.", "track": "bio-manufacturing",
         "keywords": ["honey", "purity"], "trl": 6, "transfer_modes": ["license"], "language": "en"},
        {"type": "technology", "ref": "X-T2", "title": "羊毛纺织在线疵点检测",
         "summary": "羊毛纺织生产线上的布面疵点在线检测。", "description": "机器视觉检测羊毛织物疵点。",
         "track": "new-materials", "keywords": ["羊毛", "纺织"], "trl": 6, "transfer_modes": ["license"],
         "language": "zh"},
        {"type": "demand", "ref": "X-D1", "title": "蜂蜜纯度快速检测", "summary": "蜂蜜收购站需要现场快速检测蜂蜜纯度。",
         "description": "希望几分钟内出结果。", "track": "bio-manufacturing", "keywords": ["蜂蜜", "纯度"],
         "budget_cny": 300000, "deadline": None, "language": "zh"},
        {"type": "demand", "ref": "X-D2", "title": "钢琴自动调音", "summary": "琴行需要钢琴自动调音设备。",
         "description": "乐器维修。", "track": "independent-it", "keywords": ["钢琴", "调音"],
         "budget_cny": None, "deadline": None, "language": "zh"},
    ]  # fmt: skip
    (directory / "listings.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    (directory / "qrels.json").write_text(json.dumps({"X-D1": {"X-T1": 3}, "X-D2": {}}), encoding="utf-8")
    tags = {"X-D1": ["cross-language"], "X-D2": ["no-answer", "lexical-trap"], "traps": {"X-D2": ["X-T2"]}}
    (directory / "tags.json").write_text(json.dumps(tags), encoding="utf-8")


def _evaluate_command(*args):
    out = io.StringIO()
    call_command("evaluate_matching", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_evaluate_matching_scores_a_set_in_the_shared_format_with_its_definitions(db, tmp_path):
    _write_set(tmp_path)
    [report] = _evaluate_command("--set", str(tmp_path))
    overall = report["scopes"]["overall"]
    assert (overall["n"], overall["answerable"], overall["ndcg10"], overall["r20"]) == (2, 1, 1.0, 1.0)
    assert (overall["na_empty"], overall["na_total"], overall["trap3"], overall["trap_total"]) == (1, 1, 0, 1)
    assert report["scopes"]["cross-language"]["ndcg10"] == 1.0
    assert report["scopes"]["no-answer"]["na_empty"] == 1


def test_evaluate_matching_refuses_a_directory_that_is_not_a_set(db, tmp_path):
    with pytest.raises(CommandError, match="has no listings.jsonl"):
        call_command("evaluate_matching", "--set", str(tmp_path))


@pytest.mark.elasticsearch
def test_evaluate_matching_reports_the_same_figures_for_both_backends(db, tmp_path):
    _write_set(tmp_path)
    embedded, elasticsearch = _evaluate_command("--backend", "both", "--set", str(tmp_path), "--verbose")
    assert (embedded["backend"], elasticsearch["backend"]) == ("embedded", "elasticsearch")
    assert embedded["scopes"] == elasticsearch["scopes"]
    assert embedded["demands"] == elasticsearch["demands"]


def test_calibration_lists_each_demands_evidence_and_what_each_threshold_leaves_empty(db, tmp_path):
    _write_set(tmp_path)
    out = io.StringIO()
    call_command("evaluate_matching", "--calibrate", str(tmp_path), stdout=out)
    lines = out.getvalue().splitlines()
    evidence = [line.split() for line in lines if "/X-D" in line]
    # Lexical matching (no vectors in tests): the piano demand shares nothing, the honey one a lot.
    assert [(row[1], row[2]) for row in evidence] == [
        (f"{tmp_path.name}/X-D2", "NO"),
        (f"{tmp_path.name}/X-D1", "answerable"),
    ]
    assert float(evidence[0][0]) == 0.0 and float(evidence[1][0]) > 0.22
    assert "current answer threshold: lexical 0.22 (lexical)" in lines
    sweep = [
        line.split()
        for line in lines[
            lines.index("lexical  closeness  no-answer left empty  answerable left empty") + 1 :
        ]
    ]
    # The lowest threshold above the piano demand's evidence leaves it empty and keeps the honey answer.
    assert sweep[1][1:] == ["-", "1/1", "0/1"]
