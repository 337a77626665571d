"""Matching measured on demands it was not calibrated on: held-out halves, the ranking without
abstention, and the best-passage experiment (evaluate_matching --folds 2 / --no-abstention / --passages)."""

import io
import json

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.evaluation import (
    LabelledSet,
    Outcome,
    choose_thresholds,
    halves,
    load_set,
    passage_closeness,
    pooled_schemes,
)


def _technology(ref, title, summary, track, keywords, language):
    return {
        "type": "technology", "ref": ref, "title": title, "summary": summary, "description": summary,
        "track": track, "keywords": keywords, "trl": 6, "transfer_modes": ["license"], "language": language,
    }  # fmt: skip


def _demand(ref, title, summary, track, keywords, language):
    return {
        "type": "demand", "ref": ref, "title": title, "summary": summary, "description": summary,
        "track": track, "keywords": keywords, "budget_cny": None, "deadline": None, "language": language,
    }  # fmt: skip


def _write_set(directory):
    """Four demands with a clear answer and two that nothing answers, though each shares one word
    with a technology: the two halves each hold one of those and two answerable demands."""
    records = [
        _technology("H-T1", "Rapid on-site honey purity test strip", "Tells pure honey from syrup-cut honey in five "
                    "minutes at a purchase station.", "bio-manufacturing", ["honey", "purity"], "en"),
        _technology("H-T2", "Low-temperature sodium-ion battery cathode", "A sodium-ion cathode that keeps its "
                    "capacity at minus 30 degrees for cold-region energy storage.", "advanced-energy",
                    ["sodium-ion", "cathode"], "en"),
        _technology("H-T3", "羊毛织物在线疵点检测系统", "机器视觉在线检测羊毛织物的断经、破洞等疵点。", "new-materials",
                    ["羊毛", "疵点检测"], "zh"),
        _technology("H-T4", "深海管道焊缝超声检测机器人", "水下机器人沿管道爬行，超声检测海底管道焊缝缺陷。", "deep-sea",
                    ["焊缝", "超声检测"], "zh"),
        _technology("H-T5", "Honeycomb aluminium panel for satellite walls", "A light honeycomb sandwich panel "
                    "for satellite structures.", "aerospace", ["honeycomb", "panel"], "en"),
        _demand("H-D1", "Honey purity testing at purchase stations", "Our purchase stations need to check honey "
                "purity on site within minutes.", "bio-manufacturing", ["honey", "purity"], "en"),
        _demand("H-D2", "Sodium-ion battery cathode for cold regions", "We need a sodium-ion cathode that keeps its "
                "capacity in cold-region energy storage.", "advanced-energy", ["sodium-ion", "cathode"], "en"),
        _demand("H-D3", "羊毛织物疵点在线检测", "纺织厂需要在线检测羊毛织物疵点。", "new-materials", ["羊毛", "疵点检测"],
                "zh"),
        _demand("H-D4", "海底管道焊缝检测", "需要检测海底管道焊缝缺陷的水下机器人。", "deep-sea", ["焊缝", "海底管道"], "zh"),
        _demand("H-D5", "Piano tuning device for music shops", "A music shop wants a device that listens to each piano "
                "string and turns its tuning pin; staff now tune forty pianos by ear every month behind a glass "
                "panel.", "independent-it", ["piano", "tuning"], "en"),
        _demand("H-D6", "宠物猫砂除臭", "宠物店需要猫砂除臭方法，在线销售。", "bio-manufacturing", ["猫砂", "除臭"], "zh"),
    ]  # fmt: skip
    (directory / "listings.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    qrels = {
        "H-D1": {"H-T1": 3},
        "H-D2": {"H-T2": 3},
        "H-D3": {"H-T3": 3},
        "H-D4": {"H-T4": 3},
        "H-D5": {},
        "H-D6": {},
    }
    (directory / "qrels.json").write_text(json.dumps(qrels), encoding="utf-8")
    tags = {"H-D5": ["no-answer"], "H-D6": ["no-answer"], "traps": {"H-D5": ["H-T5"]}}
    (directory / "tags.json").write_text(json.dumps(tags), encoding="utf-8")


def _command(*args):
    out = io.StringIO()
    call_command("evaluate_matching", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_halves_split_no_answer_and_answerable_demands_alternately(tmp_path):
    _write_set(tmp_path)
    first, second = halves(load_set(tmp_path))
    assert (first, second) == ({"H-D1", "H-D3", "H-D5"}, {"H-D2", "H-D4", "H-D6"})


def test_held_out_halves_are_scored_with_thresholds_calibrated_on_the_other_half(db, tmp_path):
    _write_set(tmp_path)
    [report] = _command("--set", str(tmp_path), "--folds", "2")
    pooled = report["scopes"]["overall"]
    # Every demand is scored once, on the half it was not calibrated on.
    assert (pooled["n"], pooled["answerable"], pooled["na_total"]) == (6, 4, 2)
    assert (pooled["ndcg10"], pooled["answerable_empty"]) == (1.0, 0)
    assert report["shipped"] == {"lexical": 0.22, "closeness": None}  # lexical matching in tests
    first, second = report["halves"]
    # Each half's threshold sits just above the one no-answer demand of the other half: the piano
    # demand (one shared word) sets a lower bar than the cat-litter one, and a bar fitted to so few
    # demands does not carry over: the cat-litter demand, held out, is answered.
    assert first["closeness"] is None and second["closeness"] is None  # no vectors in tests
    assert 0.0 < second["lexical"] < first["lexical"] < 0.22
    assert (first["scopes"]["overall"]["na_empty"], second["scopes"]["overall"]["na_empty"]) == (1, 0)
    assert pooled["na_empty"] == 1
    # The shipped threshold, on the same halves, leaves both empty.
    assert (first["shipped"]["overall"]["na_empty"], second["shipped"]["overall"]["na_empty"]) == (1, 1)


def test_without_abstention_a_demand_nothing_answers_gets_its_weak_matches(db, tmp_path):
    _write_set(tmp_path)
    [default] = _command("--set", str(tmp_path), "--verbose")
    [ranking] = _command("--set", str(tmp_path), "--verbose", "--no-abstention")
    assert default["demands"]["H-D5"]["ranked"] == []
    assert ranking["demands"]["H-D5"]["ranked"] == ["H-T5"]  # shares "panel", answers nothing
    assert (default["scopes"]["overall"]["na_empty"], ranking["scopes"]["overall"]["na_empty"]) == (2, 0)
    assert ranking["scopes"]["overall"]["trap3"] == 1
    # The answerable demands rank alike either way.
    for ref in ("H-D1", "H-D2", "H-D3", "H-D4"):
        assert default["demands"][ref]["ranked"][0] == ranking["demands"][ref]["ranked"][0]


@pytest.mark.parametrize(
    "args, message",
    [
        (("--folds", "2", "--no-abstention"), "cannot be combined with --no-abstention"),
        (("--passages",), "--passages needs meaning vectors"),
    ],
)
def test_evaluate_matching_refuses_options_that_do_not_go_together(db, tmp_path, args, message):
    _write_set(tmp_path)
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_matching", "--set", str(tmp_path), *args)


def test_thresholds_are_chosen_to_empty_no_answer_demands_and_keep_answerable_ones():
    # (best lexical score, best closeness, set, ref, answerable)
    tops = [
        (0.40, 2.0, "s", "A1", True),  # answered by its words
        (0.05, 3.8, "s", "A2", True),  # a paraphrase: answered by a candidate that stands out in meaning
        (0.10, 2.9, "s", "N1", False),
        (0.15, 3.0, "s", "N2", False),
    ]
    # The lowest pair that empties both no-answer demands and neither answerable one.
    assert choose_thresholds(tops, semantic=True) == (0.155, 3.1)


def test_a_technology_whose_one_passage_answers_outranks_one_vaguely_close_throughout():
    """Best-passage closeness: a listing with one passage on the demand's problem (and others on
    something else) stands out; averaged, its passages would rank it below a listing that is only
    vaguely related in every passage."""
    rng = np.random.default_rng(7)
    dim = 16
    demand = np.zeros(dim)
    demand[0] = 1.0
    other = np.zeros(dim)
    other[1] = 1.0
    vague = np.zeros(dim)
    vague[0], vague[2] = 0.8, 0.6
    focused = np.stack([demand, other])  # one passage on the problem, one on something else
    diffuse = np.stack([vague, vague])  # every passage only partly on it
    crowd = [rng.normal(size=(2, dim)) for _ in range(20)]
    crowd = [m / np.linalg.norm(m, axis=1, keepdims=True) * 0.3 for m in crowd]
    pks = [1, 2, *range(10, 30)]
    passages = (pks, [focused, diffuse, *crowd], ["zh"] * len(pks))
    closeness = passage_closeness(demand, passages, "zh")
    assert closeness[1] > closeness[2] > max(closeness[pk] for pk in range(10, 30))

    def averaged(matrix):
        mean = matrix.mean(axis=0)
        return float(mean @ demand / np.linalg.norm(mean))

    assert averaged(focused) < averaged(diffuse)  # what one vector per listing would say


def test_a_cap_on_answerable_demands_emptied_keeps_answers_before_no_answer_demands():
    tops = [
        (0.40, None, "s", "A1", True),
        (0.12, None, "s", "A2", True),  # a paraphrase, few shared words
        (0.05, None, "s", "N1", False),
        (0.20, None, "s", "N2", False),
        (0.18, None, "s", "N3", False),
    ]
    # Youden's J alone empties the paraphrase to catch every no-answer demand (1 − 1/2 > 1/3) ...
    assert choose_thresholds(tops, semantic=False) == (0.205, None)
    # ... with at most 5 % of the answerable demands emptied, only the one below the paraphrase goes.
    assert choose_thresholds(tops, semantic=False, most_emptied=0.05) == (0.055, None)


def _outcome(name, evidence):
    """An ``Outcome`` of a set whose demands "…N…" nothing answers (their list holds a trap)."""
    qrels = {ref: {} if "N" in ref else {f"{ref}-T": 3} for ref in evidence}
    traps = {ref: {f"{ref}-X"} for ref in evidence if "N" in ref}
    labelled = LabelledSet(documents=[], qrels=qrels, tags={}, traps=traps)
    ranked = {ref: [f"{ref}-X"] if "N" in ref else [f"{ref}-T"] for ref in evidence}
    return Outcome(name, labelled, ranked, {ref: (lexical, None) for ref, lexical in evidence.items()})


def test_pooled_calibration_scores_each_set_with_thresholds_fitted_on_the_other():
    """Two sets that disagree (lexical matching): ours has traps sharing many words, theirs
    answers reached by few. Fitted on ours, the threshold empties one of their answers; fitted on
    theirs, none of our no-answer demands is emptied. Pooled, the fit keeps every answer."""
    ours = _outcome("ours", {"O1": 0.50, "O2": 0.60, "ON1": 0.30, "ON2": 0.35})
    theirs = _outcome("theirs", {"T1": 0.10, "T2": 0.40, "TN1": 0.05})
    schemes = pooled_schemes("embedded", [ours, theirs], semantic=False).schemes

    def figures(scheme, name):
        o = schemes[scheme]["reports"][name].overall
        return o["na_empty"], o["na_total"], o["answerable_empty"]

    assert schemes["shipped"]["thresholds"] == [(0.22, None)]
    assert (figures("shipped", "ours"), figures("shipped", "theirs")) == ((0, 2, 0), (1, 1, 1))
    assert schemes["other set"]["thresholds"] == [(0.055, None), (0.355, None)]
    assert (figures("other set", "ours"), figures("other set", "theirs")) == ((0, 2, 0), (1, 1, 1))
    assert schemes["fitted on all"]["thresholds"] == [(0.055, None)]
    assert (figures("fitted on all", "ours"), figures("fitted on all", "theirs")) == ((0, 2, 0), (1, 1, 0))
    # 2-fold: halves {ON1, O1, TN1, T1} and {ON2, O2, T2}, each scored with the other's fit.
    assert schemes["2-fold pooled"]["thresholds"] == [(0.355, None), (0.055, None)]
    assert (figures("2-fold pooled", "ours"), figures("2-fold pooled", "theirs")) == ((1, 2, 0), (1, 1, 1))


def test_evaluate_matching_pools_sets_for_calibration(db, tmp_path):
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        _write_set(tmp_path / name)
    [report] = _command("--pool", str(tmp_path / "first"), "--pool", str(tmp_path / "second"))
    assert report["backend"] == "embedded"
    assert list(report["schemes"]) == ["shipped", "fitted on all", "2-fold pooled", "other set"]
    shipped = report["schemes"]["shipped"]
    assert shipped["thresholds"] == [[0.22, None]]  # lexical matching in tests
    for name in ("first", "second"):
        overall = shipped["sets"][name]["overall"]
        assert (overall["na_empty"], overall["na_total"], overall["answerable_empty"]) == (2, 2, 0)
    # The same set twice: each is scored with a fit on its twin, which leaves both empty.
    other = report["schemes"]["other set"]
    assert other["thresholds"][0] == other["thresholds"][1]
    assert other["sets"]["first"]["overall"]["na_empty"] == 2


def test_evaluate_matching_refuses_to_pool_two_sets_of_one_name(db, tmp_path):
    for parent in ("a", "b"):
        (tmp_path / parent / "set").mkdir(parents=True)
        _write_set(tmp_path / parent / "set")
    with pytest.raises(CommandError, match="each set needs its own directory name"):
        call_command(
            "evaluate_matching", "--pool", str(tmp_path / "a" / "set"), "--pool", str(tmp_path / "b" / "set")
        )
