"""python manage.py evaluate_matching [--backend embedded|elasticsearch|both] [--verbose]"""

import json

from django.core.management.base import BaseCommand

from search.evaluation import evaluate


class Command(BaseCommand):
    help = "Score matching on the labelled development set: nDCG@10, MRR and P@5 per backend."

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=["embedded", "elasticsearch", "both"], default="embedded")
        parser.add_argument("--verbose", action="store_true", help="Also list each demand's figures.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, backend, verbose, format, **options):
        names = ["embedded", "elasticsearch"] if backend == "both" else [backend]
        reports = [evaluate(name) for name in names]
        if format == "json":
            self.stdout.write(json.dumps(
                [{"backend": r.backend, "ndcg@10": round(r.ndcg10, 4), "mrr": round(r.mrr, 4),
                  "p@5": round(r.p5, 4), "queries": r.queries} for r in reports]
            ))  # fmt: skip
            return
        for report in reports:
            self.stdout.write(
                f"{report.backend:<14} nDCG@10 {report.ndcg10:.4f}  MRR {report.mrr:.4f}  "
                f"P@5 {report.p5:.4f}  ({report.queries} demands)"
            )
            if verbose:
                for ref, figures in report.per_query.items():
                    self.stdout.write(
                        f"  {ref:<10} nDCG@10 {figures['ndcg10']:.3f}  RR {figures['rr']:.2f}  "
                        f"{' '.join(figures['ranked'][:6])}"
                    )
