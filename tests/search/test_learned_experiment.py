"""The eighth round's experiment (evaluate_matching --learned TRAIN): a logistic candidate scorer and
answer test fitted on one labelled set and scored on another; nothing of it ships (README,
"Matching", eighth round)."""

import io
import json

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.evaluation import DEVSET, load_set
from search.evaluation_learned import FEATURES, RANK_CAP, collect, fit, fit_logistic, score

from .test_devset import _no_model


def test_the_logistic_fit_recovers_the_weights_that_made_the_labels():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(6000, 3))
    truth = np.array([-1.0, 2.0, -1.5, 0.0])
    p = 1 / (1 + np.exp(-(truth[0] + x @ truth[1:])))
    y = (rng.random(6000) < p).astype(float)
    fitted = fit_logistic(x, y, np.ones(6000), l2=0.1)
    assert np.abs(fitted - truth).max() < 0.15


def test_learned_on_our_set_its_rows_are_the_candidates_the_site_scores(db, settings, tmp_path, monkeypatch):
    """Every judged demand gets its candidates' features, ranks capped, the tail left out; a model
    fitted twice on the same set gives the same weights, and its in-sample lists answer more of our
    answerable demands than the site's thresholds do (2 left empty against 11)."""
    _no_model(settings, tmp_path, monkeypatch)
    labelled = load_set(DEVSET)
    collected = collect("embedded", labelled)
    assert len(collected) == 93
    ranks = np.concatenate([c.matrix[:, FEATURES.index("words rank")] for c in collected.values()])
    assert ranks.max() <= np.log1p(RANK_CAP)
    first, second = fit(collected, labelled), fit(collected, labelled)
    assert np.array_equal(first.candidate, second.candidate) and first.threshold == second.threshold
    rows = score(first, collected, labelled)
    answerable_empty = sum(1 for r in rows.values() if "ndcg10" in r and not r["ranked"])
    assert answerable_empty <= 3
    assert sum(1 for r in rows.values() if r.get("empty")) >= 11


@pytest.mark.elasticsearch
def test_both_backends_give_the_learned_experiment_the_same_figures(db, settings, tmp_path, monkeypatch):
    _no_model(settings, tmp_path, monkeypatch)
    settings.SEARCH_EMBEDDINGS = True
    out = io.StringIO()
    call_command(
        "evaluate_matching", "--backend", "both", "--learned", str(DEVSET), "--format", "json", stdout=out
    )
    embedded, elasticsearch = json.loads(out.getvalue())
    assert embedded.pop("backend") == "embedded" and elasticsearch.pop("backend") == "elasticsearch"
    assert embedded == elasticsearch
    assert embedded["site"]["overall"]["answerable"] == 65


def test_the_learned_experiment_needs_meaning_and_a_labelled_set(db, settings, tmp_path):
    settings.SEARCH_EMBEDDINGS = True
    with pytest.raises(CommandError, match="has no qrels.json"):
        call_command("evaluate_matching", "--learned", str(tmp_path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--learned needs meaning vectors"):
        call_command("evaluate_matching", "--learned", str(DEVSET), "--lexical", stdout=io.StringIO())
