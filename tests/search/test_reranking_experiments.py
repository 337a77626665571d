"""The re-ranking experiments of the sixth round (evaluate_matching --passages hub… / two… / prf…,
--folds 2 --repeats N): what each does to a listing a user would see, on small hand-made vectors."""

import io
import json

import numpy as np
from django.core.management import call_command

from search.embedding import VectorSet
from search.evaluation import LabelledSet, Outcome
from search.evaluation_reranking import Experiment, is_reranking, repeated_folds

from .test_held_out import _write_set

DIM = 8


def _unit(*weights):
    vector = np.zeros(DIM, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


def _sets():
    """Four demands, each on its own topic; a technology on the first topic only (pk 1), a vague
    one close to all four (pk 2, a hub) and six on other topics."""
    demands = VectorSet([101, 102, 103, 104], np.stack([_unit(*([0] * i + [1])) for i in range(4)]))
    rng = np.random.default_rng(3)
    crowd = [_unit(*rng.normal(size=DIM) * [0.2, 0.2, 0.2, 0.2, 1, 1, 1, 1]) for _ in range(6)]
    matrix = np.stack([_unit(1, 0.1), _unit(1, 1, 1, 1), *crowd])
    technologies = VectorSet([1, 2, *range(10, 16)], matrix)
    return technologies, demands


def _experiment(mode):
    technologies, demands = _sets()
    return Experiment(mode, technologies, demands, [101, 102, 103, 104], ["zh"] * 4), technologies, demands


def test_a_technology_close_to_every_demand_pays_for_it_and_a_focused_answer_does_not():
    experiment, technologies, demands = _experiment("hub-k2")
    site = technologies.closeness(demands.vector(101), "zh").of([1, 2])
    penalty = experiment.penalty(101)
    # The hub is close to the other three demands too and pays the most; the focused listing is
    # close to none of them (the demand being matched does not count towards its own answer's
    # penalty) and sits with the crowd.
    assert penalty[2] == max(penalty.values()) and penalty[2] > 1.0 > abs(penalty[1])
    corrected = experiment.corrected(101, site)
    assert corrected[1] - corrected[2] > site[1] - site[2]
    # ``hub`` ranks and answers by the corrected closeness, ``hubabs`` only answers by it.
    ranked_by, judged_by = experiment.closeness(101, demands.vector(101), "zh", site)
    assert ranked_by == judged_by == corrected
    only, _technologies, _demands = _experiment("hubabs-k2")
    assert only.closeness(101, demands.vector(101), "zh", site) == (site, corrected)


def test_both_sides_standardised_judge_the_answer_and_leave_the_ranking_alone():
    experiment, technologies, demands = _experiment("twoabs")
    site = technologies.closeness(demands.vector(101), "zh").of([1, 2])
    ranked_by, judged_by = experiment.closeness(101, demands.vector(101), "zh", site)
    assert ranked_by == site
    # Against its closeness to the other demands, the focused listing stands out for this one far
    # more than the hub does.
    assert judged_by[1] > judged_by[2]
    assert judged_by == experiment.standardised(101, site)


def test_feedback_moves_the_demand_toward_its_closest_technology_and_answers_on_the_site_closeness():
    experiment, technologies, demands = _experiment("prf-k1-b1.0")
    vector = _unit(1, 0, 0, 0, 0.5)
    pks = [int(pk) for pk in technologies.pks]
    site = technologies.closeness(vector, "zh").of(pks)
    ranked_by, judged_by = experiment.closeness(None, vector, "zh", site)
    assert judged_by == site
    assert ranked_by[1] > site[1]  # the closest technology, pulled closer still


def test_reranking_modes_are_told_from_the_passage_modes():
    assert [is_reranking(m) for m in ("hub", "hubabs-k100-b0.5", "twomin-gate", "prf-k3-b0.5")] == [True] * 4
    assert [is_reranking(m) for m in ("best", "max", "averaged", False, "hubb")] == [False] * 5


def _outcome(evidence):
    """A set run once: demands "…N…" have no answer (their list holds a trap), the others one."""
    qrels = {ref: {} if "N" in ref else {f"{ref}-T": 3} for ref in evidence}
    traps = {ref: {f"{ref}-X"} for ref in evidence if "N" in ref}
    labelled = LabelledSet(documents=[], qrels=qrels, tags={}, traps=traps)
    ranked = {ref: [f"{ref}-X"] if "N" in ref else [f"{ref}-T"] for ref in evidence}
    return Outcome("s", labelled, ranked, {ref: (lexical, None) for ref, lexical in evidence.items()})


def test_repeated_splits_average_held_out_figures_over_the_same_random_splits():
    # Every no-answer demand shares as few words as the others: any split holds out perfectly.
    clear = _outcome(
        {"A1": 0.5, "A2": 0.45, "A3": 0.4, "A4": 0.6, "N1": 0.1, "N2": 0.1, "N3": 0.1, "N4": 0.1}
    )
    means = repeated_folds(clear, semantic=False, repeats=20)
    assert means["overall"]["ndcg10"] == 1.0
    assert (means["overall"]["na_empty"], means["overall"]["trap3"]) == (4.0, 0.0)
    # One no-answer demand whose words look like an answer's: the figures depend on the split, and
    # the same seed gives the same splits (variants are compared on the same ones).
    mixed = _outcome(
        {"A1": 0.5, "A2": 0.45, "A3": 0.2, "A4": 0.6, "N1": 0.1, "N2": 0.05, "N3": 0.3, "N4": 0.08}
    )
    first, second = [], []
    assert repeated_folds(mixed, semantic=False, repeats=20, splits=first) == repeated_folds(
        mixed, semantic=False, repeats=20, splits=second
    )
    assert first == second and len(first) == 20
    assert 0 < repeated_folds(mixed, semantic=False, repeats=20)["overall"]["na_empty"] < 4


def test_evaluate_matching_reports_the_mean_of_repeated_held_out_splits(db, tmp_path):
    _write_set(tmp_path)
    out = io.StringIO()
    call_command(
        "evaluate_matching",
        "--set",
        str(tmp_path),
        "--folds",
        "2",
        "--repeats",
        "5",
        "--format",
        "json",
        stdout=out,
    )
    [report] = json.loads(out.getvalue())
    assert (report["backend"], report["repeats"]) == ("embedded", 5)
    overall = report["scopes"]["overall"]
    assert (overall["n"], overall["answerable"], overall["na_total"]) == (6, 4, 2)
    assert overall["ndcg10"] == 1.0  # every answerable demand keeps its answer on every split


def test_with_the_gate_kept_words_count_where_the_site_counts_them():
    experiment, technologies, demands = _experiment("hubabs-k2-gate")
    site = {1: 1.5, 2: 0.5, 3: 4.0}
    judged = experiment._gated(site, {1: 0.5, 2: 2.0, 3: 3.0})
    # 1: its words still count (the site's closeness passes the gate) and it is no meaning outlier;
    # 2: its words still do not count; 3: the outlier test reads the corrected figure.
    assert judged == {1: 1.0, 2: 0.5, 3: 3.0}
