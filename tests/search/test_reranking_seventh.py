"""The seventh round's re-ranking experiments (evaluate_matching --passages resid… / mmr… / req…,
--fit closeness, --paired): what each does to the list a user would see, on small hand-made vectors."""

import io
import json

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.embedding import VectorSet
from search.evaluation import LabelledSet, Outcome
from search.evaluation_reranking import (
    Experiment,
    fit_closeness,
    folds_by_ref,
    is_reranking,
    paired_differences,
)
from search.evaluation_seventh import requirements

from .test_held_out import _write_set
from .test_reranking_experiments import _experiment as _sixth

DIM = 8


def _unit(*weights):
    vector = np.zeros(DIM, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


def _experiment(mode):
    """Two demands of one field (axis 0) asking for different things (axes 1 and 2); a technology
    for each of them (pks 1 and 2), two that share only the field (3 and 4), and a near-copy of
    technology 1 (pk 5)."""
    demands = VectorSet([101, 102], np.stack([_unit(1, 1), _unit(1, 0, 1)]), ["zh", "zh"])
    matrix = np.stack(
        [_unit(1, 1), _unit(1, 0, 1), _unit(1, 0, 0, 0.2), _unit(1, 0, 0, 0, 0.2), _unit(1, 1, 0.05)]
    )
    technologies = VectorSet([1, 2, 3, 4, 5], matrix, ["zh"] * 5)
    return Experiment(mode, technologies, demands, [101, 102], ["zh", "zh"]), technologies, demands


def test_the_seventh_rounds_modes_are_told_from_the_others():
    named = (
        "resid",
        "residrank-k5-a0.3-m0.5",
        "residabs-dem-gate",
        "mmr-l2",
        "req-top2-m1.0",
        "hubabs-q0.25-gate",
    )
    assert [is_reranking(m) for m in named] == [True] * len(named)
    assert [is_reranking(m) for m in ("residual", "mmr-k2", "req-last", "req-m", "hub-q1.5")] == [False] * 5


def test_hubness_over_a_share_of_the_other_demands_is_hubness_over_that_many():
    share, _t, _d = _sixth("hub-q0.67")
    fixed, _t, _d = _sixth("hub-k2")
    assert share.penalty(101) == fixed.penalty(101)  # two thirds of the three other demands


def test_an_unknown_experiment_is_refused_with_its_name(db, tmp_path):
    _write_set(tmp_path)
    with pytest.raises(CommandError, match="unknown experiment 'resid-x'"):
        call_command(
            "evaluate_matching", "--set", str(tmp_path), "--passages", "resid-x", stdout=io.StringIO()
        )
    with pytest.raises(CommandError, match="--paired goes with --folds 2 --repeats N"):
        call_command("evaluate_matching", "--set", str(tmp_path), "--paired", stdout=io.StringIO())


def test_local_centering_ranks_what_is_specific_to_the_demand_above_what_shares_its_field():
    experiment, technologies, demands = _experiment("residrank-k2-a0.8")
    site = technologies.closeness(demands.vector(101), "zh").of([1, 2, 3, 4])
    ranked_by, judged_by = experiment.closeness(101, demands.vector(101), "zh", site)
    assert judged_by == site  # ``residrank`` leaves the answer test alone
    # Once the field is taken off both sides, the listing that shares only the field falls further
    # behind the one that answers the demand's own need.
    assert ranked_by[1] - ranked_by[3] > site[1] - site[3]
    only, _t, _d = _experiment("residabs-k2-a0.8")
    assert only.closeness(101, demands.vector(101), "zh", site) == (site, ranked_by)


def test_a_near_copy_of_a_closer_candidate_is_ranked_lower_and_the_answer_test_is_unchanged():
    experiment, technologies, demands = _experiment("mmr-l1")
    site = {1: 3.0, 5: 2.9, 2: 1.0}
    ranked_by, judged_by = experiment.closeness(101, demands.vector(101), "zh", site)
    assert judged_by == site
    assert ranked_by[1] == 3.0 and ranked_by[2] == 1.0  # the closest and an unlike one keep theirs
    assert ranked_by[5] < 2.0  # cosine 0.999 with technology 1: 1 spread per 0.05 above 0.85


def test_requirements_are_the_numbered_needs_after_the_marker_or_else_every_sentence():
    chinese = {
        "description": "【现状】人工检测效率低。【需求】①检测精度≥0.1 mm；②每分钟检测30件。【合作方式】技术许可。"
    }
    assert requirements(chinese) == ["检测精度≥0.1 mm", "每分钟检测30件"]
    english = {"description": "Context first. Requirements: noise of 5 uV or less; 1,000 channels. Licence."}
    assert requirements(english) == ["noise of 5 uV or less", "1,000 channels", "Licence"]
    assert requirements({"description": "需要产量高的菌株。要求具备中试数据。"}) == [
        "需要产量高的菌株",
        "要求具备中试数据",
    ]


def test_a_demand_without_registered_requirements_is_ranked_as_the_site_ranks_it():
    experiment, technologies, demands = _experiment("req-max-m0.5")
    site = {1: 3.0, 2: 1.0}
    assert experiment.closeness(101, demands.vector(101), "zh", site) == (site, site)


def _outcome(evidence):
    """Demands "…N…" have no answer (a trap listed); the others one answer."""
    qrels = {ref: {} if "N" in ref else {f"{ref}-T": 3} for ref in evidence}
    traps = {ref: {f"{ref}-X"} for ref in evidence if "N" in ref}
    labelled = LabelledSet(documents=[], qrels=qrels, tags={}, traps=traps)
    ranked = {ref: [f"{ref}-X"] if "N" in ref else [f"{ref}-T"] for ref in evidence}
    return Outcome("s", labelled, ranked, evidence)


def test_fitting_the_closeness_alone_keeps_the_shipped_words_threshold():
    # A no-answer demand with a trap's words (0.4) would lift a fitted words' threshold over two
    # answers; with the words kept at 0.22 only the closeness threshold moves (2.9, the lowest that
    # empties the no-answer demand without words and keeps every answer).
    tops = [
        (0.4, 2.0, "s", "N1", False),
        (0.1, 2.8, "s", "N2", False),
        (0.3, 2.0, "s", "A1", True),
        (0.35, 2.2, "s", "A2", True),
        (0.05, 3.3, "s", "A3", True),
    ]
    assert fit_closeness(tops, True) == (0.22, 2.9)
    outcome = _outcome({ref: (lexical, closeness) for lexical, closeness, _s, ref, _a in tops})
    report = folds_by_ref(outcome, fit="closeness")
    assert report.overall["answerable_empty"] == 0


def test_paired_differences_give_the_mean_and_its_margin_over_the_same_splits():
    site = [
        {"ndcg10": 0.8, "r20": 0.9, "na_empty": 3, "trap3": 16},
        {"ndcg10": 0.7, "r20": 0.8, "na_empty": 4, "trap3": 15},
    ]
    mode = [
        {"ndcg10": 0.9, "r20": 0.9, "na_empty": 4, "trap3": 15},
        {"ndcg10": 0.8, "r20": 0.8, "na_empty": 5, "trap3": 14},
    ]
    differences = paired_differences(site, mode)
    assert differences["na_empty"] == (1.0, 0.0) and differences["trap3"] == (-1.0, 0.0)
    assert differences["ndcg10"][0] == pytest.approx(0.1) and differences["r20"] == (0.0, 0.0)


def test_pooled_halves_over_random_splits_are_paired_with_the_site(db, tmp_path):
    for name in ("ours", "theirs"):
        (tmp_path / name).mkdir()
        _write_set(tmp_path / name)
    out = io.StringIO()
    call_command(
        "evaluate_matching",
        "--pool",
        str(tmp_path / "ours"),
        "--pool",
        str(tmp_path / "theirs"),
        "--repeats",
        "5",
        "--paired",
        "--format",
        "json",
        stdout=out,
    )
    [report] = json.loads(out.getvalue())
    assert report["repeats"] == 5 and set(report["sets"]) == {"ours", "theirs"}
    ours = report["sets"]["ours"]
    assert (ours["ndcg10"], ours["na_total"]) == (1.0, 2.0)  # each answer kept on every split
    # No experiment: the site against itself over the same splits.
    assert report["paired"]["ours"]["ndcg10"] == [0.0, 0.0]
