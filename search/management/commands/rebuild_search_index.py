"""python manage.py rebuild_search_index [--kind technology|demand]"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.backends import BackendUnavailable
from search.services import KINDS, rebuild_search_index


class Command(BaseCommand):
    help = "Rebuild the search index (and Elasticsearch's, when configured) from the database."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=KINDS, action="append", help="Only this kind (repeatable).")

    def handle(self, *args, kind=None, **options):
        bars = {}

        def progress(kind, done, total):
            if kind not in bars:
                bars[kind] = tqdm(total=total, desc=kind, disable=not sys.stderr.isatty(), file=sys.stderr)
            bars[kind].update(done - bars[kind].n)

        try:
            counts = rebuild_search_index(kinds=tuple(kind or KINDS), progress=progress)
        except BackendUnavailable as error:
            raise CommandError(f"Elasticsearch is unavailable, nothing was rebuilt there: {error}") from error
        for bar in bars.values():
            bar.close()
        for name, count in counts.items():
            self.stdout.write(f"Indexed {count} published {name} listings.")
