"""Experiments on the closeness the shared re-ranking reads, for ``evaluate_matching --passages MODE``
(README, "Matching", sixth round). Only evaluation reads this module; the site's closeness is
``search.embedding.Closeness``. Each experiment gives, per demand, the closeness the list is ranked
by and the closeness whether to answer at all is judged on (``Experiment.closeness``).

Hubness (``hub…``). Some technologies sit close to every demand (hubs). Cross-domain similarity
local scaling (CSLS, cross-lingual embedding retrieval) scores a pair by 2·cos(d, t) − r(t) − r(d),
r the mean similarity of each side with its k nearest neighbours on the other side. The site's
closeness already normalises the demand's side (spreads above the median of the technologies of
each language), so r(d) is gone; the experiment adds the technology's side:

    closeness'(d, t) = closeness(d, t) − β · (r(t) − median of r over the technologies of t's language)

r(t) the mean closeness of t to its k closest demands among the *other* demands of the set
(leave-one-out: a demand never counts towards its own answers' penalty, as a new demand would
not be in figures computed in the background); ``-qQ`` (seventh round) takes the closest share Q
of the other demands instead of k, a definition that holds at any number of demands. ``hub`` ranks and answers by it, ``hubabs`` only
answers by it (``hubabs-gate``: words still gated by the site's closeness).

Both sides standardised (``two…``): a technology's closeness to this demand in spreads above the
median of its closeness to the other demands; ``twoabs`` answers by it, ``twomin`` by the smaller
of the two (standing out on both sides); ``-gate`` keeps the words' gate on the site's closeness.

Pseudo-relevance feedback (``prf…``): the demand's vector plus β × the mean of its k closest
technologies' vectors (Rocchio), closeness measured again as the site measures it; the list is
ranked by it and whether to answer is judged on the site's closeness (feedback lifts every
closeness: the third round's abstention failed on that).

Seventh round (``search.evaluation_seventh``): local centering (``resid…``), diversity at the top
(``mmr…``) and requirement-level support (``req…``). ``--fit closeness`` (``FITS``) fits only the
closeness threshold on a half, the words' kept at the shipped figure (how the shipped pair was
chosen), for ``repeated_folds``, ``folds_by_ref`` and ``pooled_halves``; ``paired_differences``
compares a mode with the site over the same random splits.
"""

import math
import random
import re

import numpy as np

from .evaluation_seventh import Diverse, Requirements, Residual, gated, register
from .ranking import HYBRID_MATCH_THRESHOLD

MODE = re.compile(
    r"^(?:(?P<hub>hub(?P<only>abs)?)(?:-k(?P<k>\d+)|-q(?P<q>0\.\d+))?(?:-b(?P<beta>\d+(?:\.\d+)?))?(?P<gate>-gate)?"
    r"|(?P<two>two(?:abs|min)(?:-gate)?)"
    r"|(?P<prf>prf)(?:-k(?P<pk>\d+))?(?:-b(?P<pbeta>\d+(?:\.\d+)?))?"
    r"|(?P<resid>resid(?:rank|abs)?)(?:-k(?P<rk>\d+))?(?:-a(?P<alpha>\d+(?:\.\d+)?))?(?:-m(?P<mix>\d+(?:\.\d+)?))?"
    r"(?P<own>-dem)?(?P<rgate>-gate)?"
    r"|(?P<mmr>mmr)(?:-l(?P<lam>\d+(?:\.\d+)?))?"
    r"|(?P<req>req)(?:-(?P<how>first|max|mean|top2))?(?:-m(?P<rmix>\d+(?:\.\d+)?))?)$"
)
# The modes reported in benchmarks/README.md; the command runs any mode ``MODE`` reads.
RERANKING_MODES = (
    "hub",
    "hub-k3-b0.5",
    "hub-k100-b0.5",
    "hubabs",
    "hubabs-k100",
    "hubabs-gate",
    "hubabs-q0.1-gate",
    "hubabs-q0.25-gate",
    "twoabs",
    "twoabs-gate",
    "twomin",
    "prf",
    "prf-k2-b0.25",
    "prf-k3-b0.5",
    "resid",
    "residrank",
    "residabs",
    "residrank-k10-a0.3",
    "residrank-m0.3",
    "residabs-dem",
    "mmr",
    "mmr-l4",
    "req",
    "req-first-m0.5",
    "req-max-m0.5",
    "req-mean",
    "req-top2-m1.0",
)


def register_requirements(directory):
    """Register the requirement queries of a set's demands (``req…``; ``evaluation_seventh.register``)."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports this module)

    labelled = evaluation.load_set(directory)
    vectors = evaluation.set_vectors(labelled, "demand")
    demands = [d for d in labelled.documents if d["kind"] == "demand"]
    register(labelled.records, {d["ref"]: vectors.vector(d["pk"]) for d in demands})


def is_reranking(mode):
    return isinstance(mode, str) and MODE.match(mode) is not None


class Experiment:
    """The site's closeness of every technology of a set to every demand of it (``matrix``) and,
    from it, the closeness one demand is ranked and answered by under ``mode``."""

    def __init__(self, mode, technologies, demands, demand_pks, demand_languages):
        found = MODE.match(mode)
        self.technologies = technologies
        # A seventh-round experiment (``search.evaluation_seventh``) answers ``closeness`` itself.
        self.seventh = None
        if found["resid"]:
            self.seventh = Residual(found, technologies, demands, list(demand_pks))
        elif found["mmr"]:
            self.seventh = Diverse(found, technologies)
        elif found["req"]:
            self.seventh = Requirements(found, technologies)
        self.hub = found["hub"]
        self.two = found["two"]
        self.prf = found["prf"]
        self.gate = bool(found["gate"]) or (self.two or "").endswith("-gate")
        self.k = int(found["k"] or found["pk"] or (1 if self.prf else 10))
        # ``-qQ``: r(t) over the closest share Q of the other demands instead of a fixed k (what
        # a background job could compute from a sample of demands at any scale).
        self.share = float(found["q"]) if found["q"] else None
        self.beta = float(found["beta"] or found["pbeta"] or (0.5 if self.prf else 1.0))
        self.pks = [int(pk) for pk in technologies.pks]
        self.column = {pk: i for i, pk in enumerate(self.pks)}
        self.languages = np.asarray(technologies.languages)
        self.row = {}
        rows = []
        if self.hub or self.two:
            for pk, language in zip(demand_pks, demand_languages, strict=True):
                vector = demands.vector(pk)
                if vector is None:
                    continue
                closeness = technologies.closeness(vector, language).of(self.pks)
                self.row[pk] = len(rows)
                rows.append([closeness.get(t, 0.0) for t in self.pks])
        self.matrix = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.pks))

    def closeness(self, demand_pk, vector, language, site):
        """(closeness to rank by, closeness to judge whether to answer by), each {pk: closeness},
        from the site's closeness ``site`` of the demand's candidates."""
        if self.seventh is not None:
            return self.seventh.closeness(demand_pk, vector, language, site)
        if self.prf:
            return self.feedback(vector, language, site), site
        if self.two:
            return site, self.decision(demand_pk, site)
        corrected = self.corrected(demand_pk, site)
        judged = self._gated(site, corrected) if self.gate else corrected
        return (site if self.hub == "hubabs" else corrected), judged

    def _others(self, demand_pk):
        keep = np.ones(len(self.matrix), dtype=bool)
        if demand_pk in self.row:
            keep[self.row[demand_pk]] = False
        return self.matrix[keep]

    def penalty(self, demand_pk):
        """{technology pk: β · (r(t) − median r of its language)} for one demand, r from the
        other demands' closeness to t (its k highest, averaged)."""
        others = self._others(demand_pk)
        if not len(others) or not self.pks:
            return {}
        k = max(1, round(self.share * len(others))) if self.share else min(self.k, len(others))
        r = -np.sort(-others, axis=0)[:k].mean(axis=0)
        centred = np.zeros_like(r)
        for language in set(self.languages.tolist()):
            rows = self.languages == language
            centred[rows] = r[rows] - np.median(r[rows])
        return {pk: self.beta * float(c) for pk, c in zip(self.pks, centred, strict=True)}

    def corrected(self, demand_pk, closeness):
        """``closeness`` with each technology's hubness taken off (``penalty``)."""
        penalty = self.penalty(demand_pk)
        return {pk: round(value - penalty.get(pk, 0.0), 6) for pk, value in closeness.items()}

    def standardised(self, demand_pk, closeness):
        """``closeness`` standardised on the technology's side as well: each technology's closeness
        to this demand in spreads above the median of its closeness to the other demands."""
        others = self._others(demand_pk)
        if len(others) < 2:
            return dict(closeness)
        centre = np.median(others, axis=0)
        spread = np.maximum(others.std(axis=0), 1e-6)
        out = {}
        for pk, value in closeness.items():
            i = self.column.get(pk)
            out[pk] = value if i is None else round(float((value - centre[i]) / spread[i]), 6)
        return out

    def decision(self, demand_pk, closeness):
        """The closeness whether to answer is judged on, for a ``two…`` mode."""
        standardised = self.standardised(demand_pk, closeness)
        if self.two.startswith("twomin"):
            standardised = {pk: min(site, standardised[pk]) for pk, site in closeness.items()}
        return self._gated(closeness, standardised) if self.gate else standardised

    @staticmethod
    def _gated(site, judged):
        """``judged`` kept on the same side of the words' gate as the site's closeness (``gated``)."""
        return gated(site, judged)

    def feedback(self, vector, language, site):
        """The candidates' closeness to the demand's vector moved toward its ``k`` closest
        technologies (Rocchio: + β × their mean averaged vector), measured again as the site does."""
        top = sorted(site, key=lambda pk: (-site[pk], pk))[: self.k]
        moved = np.asarray(vector, dtype=np.float32).copy()
        if top:
            moved += self.beta * np.mean([self.technologies.vector(pk) for pk in top], axis=0)
        moved /= max(float(np.linalg.norm(moved)), 1e-6)
        again = self.technologies.closeness(moved, language).of(list(site))
        return {pk: again.get(pk, value) for pk, value in site.items()}


def fit_closeness(tops, semantic):
    """(the shipped words' threshold, the closeness threshold fitted on ``tops``): ``--fit
    closeness``, the way the shipped pair was chosen (the words kept at the lexical rule's 0.22,
    the closeness calibrated): Youden's J over 2.5–4.5 in steps of 0.1, ties to the lower."""
    if not semantic:
        return HYBRID_MATCH_THRESHOLD, None
    no_answer = [t for t in tops if not t[4]]
    answerable = [t for t in tops if t[4]]
    best = None
    for outlier_at in [round(2.5 + 0.1 * i, 1) for i in range(21)]:

        def empty(t, outlier_at=outlier_at):
            return t[0] < HYBRID_MATCH_THRESHOLD and (t[1] or 0.0) < outlier_at

        j = sum(map(empty, no_answer)) / max(1, len(no_answer)) - sum(map(empty, answerable)) / max(
            1, len(answerable)
        )
        if best is None or round(j, 9) > best[0]:
            best = (round(j, 9), outlier_at)
    return HYBRID_MATCH_THRESHOLD, best[1]


def _fit(fit):
    """The threshold-fitting rule named by ``--fit``: ``both`` (``evaluation.choose_thresholds``)
    or ``closeness`` (``fit_closeness``)."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports this module)

    return fit_closeness if fit == "closeness" else evaluation.choose_thresholds


def folds_by_ref(outcome, *, semantic=True, fit="both"):
    """The 2-fold split by ref (``evaluation.halves``) scored from a set run once, thresholds fitted
    by ``fit`` on the other half; a Report of the pooled held-out halves."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports this module)

    choose, parts, rows = _fit(fit), evaluation.halves(outcome.labelled), {}
    for k in (0, 1):
        rows.update(outcome.scored(*choose(outcome.tops(parts[1 - k]), semantic), refs=parts[k]))
    return evaluation.summarise("", rows, outcome.labelled)


def pooled_halves(outcomes, *, semantic=True, fit="both", most_emptied=None):
    """``evaluation.pooled_schemes``' "2-fold pooled" with the fitting rule ``fit``: {set name:
    Report}. With ``fit="both"`` pass ``evaluation.POOLED_MOST_EMPTIED`` to match it."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports this module)

    parts = {o.name: evaluation.halves(o.labelled) for o in outcomes}
    rows = _scored_halves(outcomes, parts, semantic=semantic, fit=fit, most_emptied=most_emptied)
    return {o.name: evaluation.summarise("", rows[o.name], o.labelled) for o in outcomes}


def _scored_halves(outcomes, parts, *, semantic, fit, most_emptied):
    """{set name: {demand ref: row}}: each set's half k scored with the thresholds fitted (``fit``)
    on the other halves of every set joined. ``parts`` is {set name: [half 0 refs, half 1 refs]}."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports this module)

    rows = {o.name: {} for o in outcomes}
    for k in (0, 1):
        fit_on = [t for o in outcomes for t in o.tops(parts[o.name][1 - k])]
        if fit == "closeness":
            pair = fit_closeness(fit_on, semantic)
        else:
            pair = evaluation.choose_thresholds(fit_on, semantic, most_emptied=most_emptied)
        for o in outcomes:
            rows[o.name].update(o.scored(*pair, refs=parts[o.name][k]))
    return rows


def repeated_pooled(outcomes, *, semantic=True, repeats=50, seed=0, fit="both", splits=None):
    """``pooled_halves`` over ``repeats`` random splits: each set's no-answer and answerable demands
    halved at random, the halves of all sets joined, thresholds fitted on one joined half (``fit``;
    with ``both`` at most ``evaluation.POOLED_MOST_EMPTIED`` of its answerable demands emptied) and
    the other scored. Returns {set name: {figure: mean}} (overall figures); ``splits``, a dict,
    receives {set name: [each split's overall figures]} (the same seed, the same splits)."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports this module)

    rng = random.Random(seed)
    refs = {}
    for o in outcomes:
        ordered = sorted(o.ranked)
        refs[o.name] = (
            [r for r in ordered if not o.labelled.qrels[r]],
            [r for r in ordered if o.labelled.qrels[r]],
        )
    kept = {o.name: [] for o in outcomes}
    for _repeat in range(repeats):
        parts = {}
        for o in outcomes:
            no_answer, answerable = refs[o.name]
            rng.shuffle(no_answer)
            rng.shuffle(answerable)
            parts[o.name] = [set(no_answer[k::2] + answerable[k::2]) for k in (0, 1)]
        rows = _scored_halves(
            outcomes, parts, semantic=semantic, fit=fit, most_emptied=evaluation.POOLED_MOST_EMPTIED
        )
        for o in outcomes:
            kept[o.name].append(evaluation.summarise("", rows[o.name], o.labelled).overall)
    if splits is not None:
        splits.update(kept)
    return {
        name: {
            figure: sum(s[figure] for s in rows) / repeats
            for figure in rows[0]
            if rows[0][figure] is not None
        }
        for name, rows in kept.items()
    }


PAIRED_FIGURES = ("ndcg10", "r20", "na_empty", "trap3")


def paired_differences(site, mode):
    """{figure: (mean difference mode − site, 1.96 standard errors)} over the same splits (two
    lists of ``repeated_folds``' per-split overall figures)."""
    out = {}
    for name in PAIRED_FIGURES:
        differences = [b[name] - a[name] for a, b in zip(site, mode, strict=True)]
        n = len(differences)
        mean = sum(differences) / n
        spread = math.sqrt(sum((d - mean) ** 2 for d in differences) / (n - 1)) if n > 1 else 0.0
        out[name] = (mean, 1.96 * spread / math.sqrt(n))
    return out


def repeated_folds(outcome, *, semantic=True, repeats=50, seed=0, splits=None, fit="both"):
    """2-fold held out as ``evaluation.evaluate_folds`` does, over ``repeats`` random splits instead
    of the one by ref (no-answer and answerable demands each halved at random): with seven no-answer
    demands one split moves NA-empty by a demand or two, so variants are compared on the mean.
    ``outcome``: a set run once (``evaluation.outcome``); reads nothing. Returns {scope: {figure:
    mean over the splits}} with the figures of ``evaluation.aggregate``; ``splits``, a list, also
    receives each split's overall figures (the same seed gives the same splits: paired comparisons);
    ``fit``: the threshold-fitting rule (``_fit``)."""
    from . import evaluation  # noqa: PLC0415 (evaluation imports this module)

    choose = _fit(fit)
    reports = []
    for parts in random_halves(outcome.ranked, outcome.labelled, repeats=repeats, seed=seed):
        rows = {}
        for k in (0, 1):
            pair = choose(outcome.tops(parts[1 - k]), semantic)
            rows.update(outcome.scored(*pair, refs=parts[k]))
        reports.append(evaluation.summarise("", rows, outcome.labelled))
    return mean_of(reports, splits=splits)


def random_halves(refs, labelled, *, repeats, seed):
    """``repeats`` random 2-fold splits of the demands ``refs``: each time the no-answer and the
    answerable demands are shuffled and halved, [half 0, half 1] as sets. The same seed gives the
    same splits, so figures of different experiments over them are paired."""
    rng = random.Random(seed)
    refs = sorted(refs)
    no_answer = [ref for ref in refs if not labelled.qrels[ref]]
    answerable = [ref for ref in refs if labelled.qrels[ref]]
    for _repeat in range(repeats):
        rng.shuffle(no_answer)
        rng.shuffle(answerable)
        yield [set(no_answer[k::2] + answerable[k::2]) for k in (0, 1)]


def mean_of(reports, *, splits=None):
    """{scope: {figure: mean over ``reports``}} (a figure a report leaves None counts as absent
    from the sum, not as zero; the mean is over every report); ``splits``, a list, receives each
    report's overall figures."""
    sums = {}
    for report in reports:
        if splits is not None:
            splits.append(report.overall)
        for scope, figures in report.scopes.items():
            into = sums.setdefault(scope, {})
            for name, value in figures.items():
                if value is not None:
                    into[name] = into.get(name, 0.0) + value
    return {scope: {name: value / len(reports) for name, value in s.items()} for scope, s in sums.items()}
