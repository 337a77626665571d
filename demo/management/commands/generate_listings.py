"""python manage.py generate_listings --count N [--demands M] [--seed S] [--output FILE | --publish]."""

import contextlib
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from demo.synthetic import generate
from listings.services import import_listings


class Command(BaseCommand):
    help = "Make realistic synthetic listings across the eight tracks (for benchmarks and demos)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="number of technologies")
        parser.add_argument(
            "--demands", type=int, default=None, help="number of demands (default: count / 5)"
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--ref-prefix", default="SYN-", help="prefix of the generated refs")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--output", help="write the JSON Lines import format to this file (- for stdout)")
        target.add_argument(
            "--publish", action="store_true", help="import straight into the database, published"
        )

    def handle(self, *args, count, demands, seed, ref_prefix, output, publish, **options):
        if count < 0 or (demands is not None and demands < 0):
            raise CommandError("counts must not be negative")
        demands = count // 5 if demands is None else demands
        rows = generate(technologies=count, demands=demands, seed=seed, ref_prefix=ref_prefix)
        lines = (json.dumps(row, ensure_ascii=False) for row in rows)
        if output:
            stream = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
            with stream if output != "-" else contextlib.nullcontext():
                for line in lines:
                    stream.write(line + "\n")
            if output != "-":
                self.stderr.write(f"wrote {count} technologies and {demands} demands to {output}")
            return
        show = sys.stderr.isatty()
        with tqdm(total=count + demands, desc="generate", disable=not show, file=sys.stderr) as bar:
            report = import_listings(lines, publish=publish, progress=bar.update)
        self.stdout.write(f"{report.created} created, {report.updated} updated, {report.failed} failed")
        if report.errors:
            raise CommandError(str(report.errors[0]))
