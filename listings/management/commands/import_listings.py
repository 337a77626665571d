"""python manage.py import_listings FILE [--publish] — the JSON Lines import (PRODUCT.md)."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from listings.services import import_listings


class Command(BaseCommand):
    help = "Import technologies and demands from a JSON Lines file (UTF-8, one object a line)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON Lines file, or - for standard input")
        parser.add_argument("--publish", action="store_true", help="publish the imported listings at once")

    def handle(self, *args, file, publish, **options):
        try:
            stream = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        # A progress bar only for a person watching a terminal, never in logs or pipes.
        show_progress = sys.stderr.isatty() and options.get("verbosity", 1) > 0
        with stream, tqdm(desc="import", unit=" lines", disable=not show_progress, file=sys.stderr) as bar:
            report = import_listings(stream, publish=publish, progress=bar.update)
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(
            f"{report.lines} lines: {report.created} created, {report.updated} updated, {report.failed} failed"
        )
        if report.errors:
            raise CommandError(f"{report.failed} line(s) failed", returncode=1)
