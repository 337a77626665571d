"""A learned combination of the ranking's evidence (README, "Matching", eighth round), for
``evaluate_matching --learned TRAIN``. Only evaluation reads this module: the site ranks with
``search.ranking.rank``.

Two small logistic models, fitted with numpy alone (Newton's method / IRLS, L2 penalty, the
intercept unpenalised) on one labelled set and scored on another:

- the *candidate scorer*: per (demand, candidate) the features of ``FEATURES``, what the shared
  ranking already computes for both backends (the lexical score and its three parts, the averaged
  vector's, the best passage's and the site's closeness, the candidate's rank in words and in
  meaning among the demand's candidates, same track, same language, the fit factor); the target is
  grade ≥ 2, a trap (grade 0 judged) weighs ``TRAP_WEIGHT``, a grade-1 answer ``RELATED_WEIGHT``.
  A demand's list is its candidates by that score (ties by ref), the first ``LIMIT``.
- the *answer test*: per demand, features of its scored candidates (``DEMAND_FEATURES``: the best
  score, its gap to the second and to the mean of the next nine, the best closeness, the best words
  gated as the site gates them); the target is "has an answer", both classes weighing the same. Its
  inputs are the candidate scorer's *out-of-fold* scores (``STACK_FOLDS`` folds of the training
  demands), so it learns from scores like those it will see on new demands; the threshold is the
  one that keeps ``KEEP_ANSWERED`` of the training set's answerable demands answered, again on
  out-of-fold probabilities.

A candidate past ``RANK_CAP`` both in words and in meaning is left out (the backends' lexical
tails differ there; with it out both give identical features, weights and figures). ``figures``
also scores the model's ranking under the site's answer test (``score(site_answer=...)``), which
tells the two models' shares apart.

Every feature is standardised with fixed figures (``SCALES``), chosen once by what the quantities
mean (a closeness is in spreads, a lexical share in 0..1), never from a set or from a demand's own
candidates, so a model fitted on one set reads another's features on the same scale.
"""

import math
import random
from dataclasses import dataclass

import numpy as np
from django.utils import timezone

from .evaluation_reranking import mean_of, random_halves
from .ranking import (
    _coverage,
    _source_side,
    meaning,
    scored_candidates,
    words_count,
)

LIMIT = 20
FEATURES = (
    "words",  # the lexical score (search.ranking.relevance)
    "text",  # its parts: share of the source's weighted words the candidate holds,
    "concepts",  # of its glossary concepts,
    "glosses",  # of its lexicon glosses
    "closeness",  # the site's: max(averaged, best passage), spreads above the median of the language
    "averaged",  # the averaged vector's closeness
    "passage",  # the best passage's closeness
    "meaning",  # closeness mapped to 0..1 (search.ranking.meaning)
    "site",  # the site's score: fused relevance × fit factor
    "gated words",  # words × factor where closeness ≥ WORDS_NEED_CLOSENESS, else 0
    "words rank",  # log(1 + rank by words among the demand's candidates), rank capped at RANK_CAP
    "meaning rank",  # log(1 + rank by closeness), capped too
    "same track",
    "same language",
    "fit",  # TRL, budget and deadline fit (0..1 each), averaged
    "words x meaning",
)
# (centre, scale) of each feature: fixed, from what the figure means, never fitted.
SCALES = {
    "words": (0.15, 0.15),
    "text": (0.15, 0.2),
    "concepts": (0.15, 0.25),
    "glosses": (0.15, 0.2),
    "closeness": (1.5, 1.5),
    "averaged": (1.5, 1.5),
    "passage": (1.5, 1.5),
    "meaning": (0.3, 0.3),
    "site": (0.2, 0.15),
    "gated words": (0.1, 0.15),
    "words rank": (2.0, 1.2),
    "meaning rank": (2.0, 1.2),
    "same track": (0.5, 0.5),
    "same language": (0.5, 0.5),
    "fit": (0.5, 0.25),
    "words x meaning": (0.05, 0.1),
}
ALL_DEMAND_FEATURES = ("best", "gap", "lead", "best closeness", "gated words")
DEMAND_FEATURES = ALL_DEMAND_FEATURES
DEMAND_SCALES = {
    "best": (-2.0, 2.0),
    "gap": (0.5, 1.0),
    "lead": (1.5, 1.5),
    "best closeness": (3.0, 1.0),
    "gated words": (0.2, 0.15),
}
# Ranks past this are one figure: the tail of the lexical candidates differs between backends
# (Elasticsearch returns a few more with tiny overlaps), the head does not.
RANK_CAP = 30
TRAP_WEIGHT = 3.0
RELATED_WEIGHT = 0.5
L2 = 1.0
STACK_FOLDS = 5
KEEP_ANSWERED = 0.95
FEATURE_GROUPS = {
    "lexical parts": ("text", "concepts", "glosses"),
    "words": ("words", "gated words", "words x meaning"),
    "closeness": ("closeness", "meaning", "words x meaning"),
    "averaged / passage": ("averaged", "passage"),
    "ranks": ("words rank", "meaning rank"),
    "site score": ("site",),
    "track, language, fit": ("same track", "same language", "fit"),
}


@dataclass
class Candidates:
    """One demand's candidates with their raw features (``FEATURES``, one row each)."""

    ref: str
    refs: list
    matrix: np.ndarray
    evidence: tuple  # the site's (best gated words, best closeness): search.ranking.evidence
    site: list  # the site's order (no abstention)


def candidate_rows(*, source, candidates, stats, averaged, by_passage, today=None):
    """(refs, raw feature matrix, site evidence, site order) of ``source``'s candidates, scored as
    ``search.ranking.rank`` scores them (same candidates kept: fused relevance ≥ MIN_RELEVANCE).
    ``averaged`` / ``by_passage``: {pk: closeness} of the averaged vector / best passage."""
    today = today or timezone.localdate()
    words, concepts_, glosses = _source_side(source, stats)
    kept = []
    best_words = best_closeness = 0.0
    semantic = {pk: max(average, by_passage.get(pk, average)) for pk, average in averaged.items()}
    for c in scored_candidates(
        source=source, candidates=candidates, stats=stats, semantic=semantic, today=today
    ):
        candidate, lexical, closeness, factor, same_track = (
            c.candidate,
            c.lexical,
            c.closeness,
            c.factor,
            c.same_track,
        )
        average = averaged.get(candidate.pk)
        passage = by_passage.get(candidate.pk, average)
        closeness_ = closeness if closeness is not None else 0.0
        gated = lexical * factor if words_count(closeness) else 0.0
        best_words = max(best_words, round(gated, 4))
        best_closeness = max(best_closeness, closeness_)
        row = {
            "words": lexical,
            "text": _coverage(*words, candidate.tokens, candidate.key_tokens),
            "concepts": _coverage(*concepts_, candidate.concepts, candidate.key_concepts),
            "glosses": _coverage(*glosses, candidate.glosses, candidate.key_glosses),
            "closeness": closeness_,
            "averaged": average if average is not None else 0.0,
            "passage": passage if passage is not None else 0.0,
            "meaning": meaning(closeness_) if closeness is not None else 0.0,
            "site": c.score,
            "gated words": gated,
            "same track": float(same_track),
            "same language": float(source.language == candidate.language),
            "fit": sum(c.fits) / 3,
        }
        row["words x meaning"] = lexical * row["meaning"]
        kept.append((candidate.ref, row))
    kept.sort(key=lambda item: item[0])  # one order whatever the backend returned
    for name, key in (("words rank", "words"), ("meaning rank", "closeness")):
        order = sorted(range(len(kept)), key=lambda i, key=key: (-kept[i][1][key], kept[i][0]))
        for rank_, i in enumerate(order):
            kept[i][1][name] = math.log1p(min(rank_, RANK_CAP))
    site_order = sorted(kept, key=lambda item: (-item[1]["site"], item[0]))
    site = [ref for ref, _row in site_order]
    # The tail (past RANK_CAP both in words and in meaning) is left out: it is where the backends'
    # candidates differ, and no answer lives there.
    cap = math.log1p(RANK_CAP)
    kept = [(ref, row) for ref, row in kept if min(row["words rank"], row["meaning rank"]) < cap]
    refs = [ref for ref, _row in kept]
    matrix = np.asarray([[row[name] for name in FEATURES] for _ref, row in kept], dtype=np.float64)
    return refs, matrix.reshape(len(kept), len(FEATURES)), (best_words, best_closeness), site


def collect(backend_name, labelled):
    """{demand ref: Candidates} of every judged demand of ``labelled`` through one backend (the
    site's candidates and term statistics, the set's vectors)."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports the experiment modules)

    averaged_vectors = evaluation.set_vectors(labelled, "technology", passages=False)
    full = evaluation.set_vectors(labelled, "technology")
    demands = evaluation.set_vectors(labelled, "demand")
    found = {}

    def record(*, source, candidates, stats, **_ignored):
        vector = demands.vector(source.pk)
        pks = [c.pk for c in candidates]
        averaged = averaged_vectors.closeness(vector, source.language).of(pks)
        by_passage = full.closeness(vector, source.language)._by_passage([pk for pk in pks if pk in averaged])
        refs, matrix, evidence_, site = candidate_rows(
            source=source, candidates=candidates, stats=stats, averaged=averaged, by_passage=by_passage
        )
        found[source.ref] = Candidates(source.ref, refs, matrix, evidence_, site)
        return []

    evaluation.run_set(backend_name, labelled, limit=1, ranking=record, semantic=True)
    return found


def standardised(matrix, names=FEATURES, scales=SCALES):
    centre = np.asarray([scales[n][0] for n in names])
    scale = np.asarray([scales[n][1] for n in names])
    return (matrix - centre) / scale


def fit_logistic(x, y, weights, l2=L2, iterations=100):
    """Weighted L2-penalised logistic regression by Newton's method (IRLS): [intercept, coefs...]."""
    x = np.hstack([np.ones((len(x), 1)), x])
    weights = np.asarray(weights, dtype=np.float64)
    weights = weights / weights.mean()
    beta = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (weights * (y - p)) - penalty @ beta
        hessian = (x * (weights * p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.abs(step).max() < 1e-10:
            break
    return beta


@dataclass
class Model:
    """A fitted candidate scorer and answer test (``fit``)."""

    features: tuple
    candidate: np.ndarray  # [intercept, one weight per feature] on standardised features
    demand: np.ndarray  # [intercept, one weight per DEMAND_FEATURES]
    threshold: float  # answer when the answer test's probability reaches this
    demand_features: tuple = ALL_DEMAND_FEATURES

    def scores(self, candidates):
        columns = [FEATURES.index(n) for n in self.features]
        if not len(candidates.refs):
            return np.zeros(0)
        x = standardised(candidates.matrix[:, columns], self.features)
        return self.candidate[0] + x @ self.candidate[1:]

    def ranked(self, candidates, limit=LIMIT):
        s = self.scores(candidates)
        order = sorted(range(len(s)), key=lambda i: (-round(float(s[i]), 9), candidates.refs[i]))
        return [candidates.refs[i] for i in order[:limit]], s

    def probability(self, candidates, scores=None):
        scores = self.scores(candidates) if scores is None else scores
        row = demand_row(candidates, scores)
        if row is None:
            return 0.0
        return _probability(self.demand, row, self.demand_features)

    def answer(self, candidates, limit=LIMIT):
        """The list the model shows for one demand: [] when its answer test says no."""
        ranked, scores = self.ranked(candidates, limit)
        return ranked if self.probability(candidates, scores) >= self.threshold else []


def demand_row(candidates, scores):
    """``DEMAND_FEATURES`` of one demand from its candidates' scores; None without candidates."""
    if not len(scores):
        return None
    s = np.sort(scores)[::-1]
    second = s[1] if len(s) > 1 else s[0] - 2.0
    rest = s[1:10] if len(s) > 1 else s[:1] - 2.0
    best_words, best_closeness = candidates.evidence
    return np.asarray([s[0], s[0] - second, s[0] - rest.mean(), best_closeness, best_words])


def _demand_x(rows, names):
    columns = [ALL_DEMAND_FEATURES.index(n) for n in names]
    return standardised(np.asarray(rows)[:, columns], names, DEMAND_SCALES)


def _probability(weights, row, names):
    z = weights[0] + _demand_x([row], names)[0] @ weights[1:]
    return float(1.0 / (1.0 + math.exp(-z)))


def _labels(candidates, judged, traps):
    y = np.asarray([1.0 if judged.get(ref, 0) >= 2 else 0.0 for ref in candidates.refs])
    w = np.asarray(
        [
            TRAP_WEIGHT if ref in traps else RELATED_WEIGHT if judged.get(ref, 0) == 1 else 1.0
            for ref in candidates.refs
        ]
    )
    return y, w


def fit_candidates(collected, labelled, refs, features=FEATURES):
    columns = [FEATURES.index(n) for n in features]
    xs, ys, ws = [], [], []
    for ref in refs:
        c = collected[ref]
        if not len(c.refs):
            continue
        y, w = _labels(c, labelled.qrels[ref], labelled.traps.get(ref, set()))
        xs.append(standardised(c.matrix[:, columns], features))
        ys.append(y)
        ws.append(w)
    return fit_logistic(np.vstack(xs), np.concatenate(ys), np.concatenate(ws))


def _folds(refs, k, seed=0):
    """``k`` folds of ``refs`` after a seeded shuffle (``fit`` deals each kind of demand apart)."""
    ordered = sorted(refs)
    random.Random(seed).shuffle(ordered)
    return [set(ordered[i::k]) for i in range(k)]


def fit(collected, labelled, refs=None, features=FEATURES, keep=KEEP_ANSWERED, demand_features=None):
    """A ``Model`` fitted on the demands ``refs`` (all judged demands by default) of one set."""
    demand_features = tuple(demand_features or DEMAND_FEATURES)
    refs = sorted(collected if refs is None else refs)
    candidate = fit_candidates(collected, labelled, refs, features)
    # The answer test learns from out-of-fold candidate scores (stacking).
    no_answer = [r for r in refs if not labelled.qrels[r]]
    answerable = [r for r in refs if labelled.qrels[r]]
    folds = [
        a | b for a, b in zip(_folds(no_answer, STACK_FOLDS), _folds(answerable, STACK_FOLDS), strict=True)
    ]
    rows, targets, probe = {}, {}, Model(tuple(features), candidate, np.zeros(1), 0.0)
    for fold in folds:
        inner = Model(
            tuple(features),
            fit_candidates(collected, labelled, [r for r in refs if r not in fold], features),
            probe.demand,
            0.0,
        )
        for ref in fold:
            row = demand_row(collected[ref], inner.scores(collected[ref]))
            if row is not None:
                rows[ref], targets[ref] = row, float(bool(labelled.qrels[ref]))
    demand = _fit_demand(rows, targets, demand_features)
    # The threshold, on out-of-fold probabilities of the answer test as well.
    probabilities = {}
    for fold in folds:
        fit_on = {r: rows[r] for r in rows if r not in fold}
        inner = _fit_demand(fit_on, {r: targets[r] for r in fit_on}, demand_features)
        for ref in fold:
            if ref in rows:
                probabilities[ref] = _probability(inner, rows[ref], demand_features)
    kept = sorted(probabilities.get(r, 0.0) for r in answerable)
    emptied = int(math.floor((1 - keep) * len(kept) + 1e-9))
    threshold = kept[emptied] if kept else 0.5
    threshold = (kept[emptied - 1] + threshold) / 2 if emptied >= 1 else threshold * 0.999
    return Model(tuple(features), candidate, demand, float(threshold), demand_features)


def _fit_demand(rows, targets, names):
    refs = sorted(rows)
    x = _demand_x([rows[r] for r in refs], names)
    y = np.asarray([targets[r] for r in refs])
    positives = max(1.0, y.sum())
    negatives = max(1.0, len(y) - y.sum())
    w = np.where(y > 0, len(y) / (2 * positives), len(y) / (2 * negatives))
    return fit_logistic(x, y, w)


def score(model, collected, labelled, refs=None, abstain=True, site_answer=None):
    """{demand ref: score_demand row} of the model's lists (empty where the answer test says no).
    ``site_answer``: (words, closeness) thresholds: the model's ranking, the site's answer test."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports the experiment modules)

    rows = {}
    for ref in sorted(collected if refs is None else refs):
        c = collected[ref]
        if site_answer is not None:
            words, closeness = c.evidence
            answers = words >= site_answer[0] or closeness >= site_answer[1]
            ranked = model.ranked(c)[0] if answers else []
        else:
            ranked = model.answer(c) if abstain else model.ranked(c)[0]
        rows[ref] = evaluation.score_demand(ranked, labelled.qrels[ref], labelled.traps.get(ref, set()))
    return rows


def site_outcome(name, collected, labelled):
    """The site's ``evaluation.Outcome`` from the same collection (its order, its evidence)."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports the experiment modules)

    return evaluation.Outcome(
        name,
        labelled,
        {ref: c.site[:LIMIT] for ref, c in collected.items()},
        {ref: c.evidence for ref, c in collected.items()},
    )


def repeated(
    collected, labelled, *, repeats=100, seed=0, splits=None, features=FEATURES, site_rule=None, **options
):
    """Held out on one set, as ``evaluation_reranking.repeated_folds`` splits it (the same seed, the
    same shuffles, so its per-split figures pair with the site's): fitted on one half, scored on
    the other, both ways. {scope: {figure: mean}}; ``splits`` receives each split's overall figures."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports the experiment modules)

    reports = []
    for parts in random_halves(collected, labelled, repeats=repeats, seed=seed):
        rows = {}
        for k in (0, 1):
            model = fit(collected, labelled, refs=parts[1 - k], features=features, **options)
            pair = None
            if site_rule is not None:  # the site's answer test, its thresholds fitted on the same half
                tops = [
                    (*collected[r].evidence, "", r, bool(labelled.qrels[r])) for r in sorted(parts[1 - k])
                ]
                pair = site_rule(tops, True)
            rows.update(score(model, collected, labelled, refs=parts[k], site_answer=pair))
        reports.append(evaluation.summarise("", rows, labelled))
    return mean_of(reports, splits=splits)


def weights(model):
    """{feature: weight} of both models, the intercepts first, and the threshold (for reports)."""
    return {
        "candidate": dict(zip(("intercept", *model.features), map(float, model.candidate), strict=True)),
        "answer test": dict(
            zip(("intercept", *model.demand_features), map(float, model.demand), strict=True)
        ),
        "threshold": model.threshold,
    }


def figures(backend_name, *, train, directory, abstain=True, repeats=None, fit_rule="both", ablation=False):
    """What ``evaluate_matching --learned TRAIN`` reports for one backend, JSON-ready.

    Without ``repeats``: the model fitted on the set in ``train`` (all of it), scored on the set in
    ``directory`` (out of sample unless they are the same), beside the site on the same candidates
    (its shipped thresholds); ``ablation`` adds the same with each group of ``FEATURE_GROUPS``
    left out. With ``repeats``: held out on ``directory`` alone (fitted on one half of random
    2-fold splits, scored on the other), with the site over the same splits (its thresholds fitted
    per half by ``fit_rule``) and the paired differences."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports the experiment modules)
    from .evaluation_reranking import _fit, paired_differences, repeated_folds  # noqa: PLC0415 (idem)

    labelled = evaluation.load_set(directory)
    collected = collect(backend_name, labelled)
    site = site_outcome("site", collected, labelled)
    shipped = evaluation.shipped_thresholds(True) if abstain else (0.0, 0.0)
    out = {"backend": backend_name, "set": str(directory), "train": str(train)}
    if repeats:
        model_splits, site_splits = [], []
        out["learned"] = repeated(collected, labelled, repeats=repeats, splits=model_splits)
        out["site"] = repeated_folds(site, repeats=repeats, splits=site_splits, fit=fit_rule)
        out["paired"] = {k: list(v) for k, v in paired_differences(site_splits, model_splits).items()}
        ranking_splits = []
        out["learned ranking, site's answer test"] = repeated(
            collected, labelled, repeats=repeats, splits=ranking_splits, site_rule=_fit(fit_rule)
        )
        out["paired, learned ranking"] = {
            k: list(v) for k, v in paired_differences(site_splits, ranking_splits).items()
        }
        return out
    same = str(train) == str(directory)
    train_labelled = labelled if same else evaluation.load_set(train)
    train_collected = collected if same else collect(backend_name, train_labelled)
    out["site"] = evaluation.summarise("site", site.scored(*shipped), labelled).scopes
    model = fit(train_collected, train_labelled)
    out["weights"] = weights(model)
    out["learned"] = evaluation.summarise(
        "learned", score(model, collected, labelled, abstain=abstain), labelled
    ).scopes
    if abstain:
        ranking_only = score(model, collected, labelled, site_answer=shipped)
        out["learned ranking, site's answer test"] = evaluation.summarise("", ranking_only, labelled).scopes
    if ablation:
        out["ablation"] = {}
        for group, names in FEATURE_GROUPS.items():
            kept = tuple(n for n in FEATURES if n not in names)
            reduced = fit(train_collected, train_labelled, features=kept)
            scored = score(reduced, collected, labelled, abstain=abstain)
            ranking = score(reduced, collected, labelled, abstain=False)
            out["ablation"][group] = {
                "with abstention": evaluation.summarise("", scored, labelled).overall,
                "no abstention": evaluation.summarise("", ranking, labelled).overall,
            }
    return out
