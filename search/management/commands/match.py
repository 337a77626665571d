"""python manage.py match demand|technology REF [--limit N] [--format json]  (PRODUCT.md contract)"""

import json

from django.core.management.base import BaseCommand, CommandError

from search.services import find_listing, match_listing


class Command(BaseCommand):
    help = "Ranked matches for a listing: technologies for a demand, demands for a technology."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["demand", "technology"])
        parser.add_argument("ref")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, kind, ref, limit, format, **options):
        if limit < 1:
            raise CommandError("--limit must be 1 or more")
        listing = find_listing(kind=kind, ref=ref)
        if listing is None:
            raise CommandError(f"No {kind} with ref {ref!r}")
        matches = match_listing(listing=listing, limit=limit)
        if matches.degraded:
            self.stderr.write("Elasticsearch is unavailable: matches come from the embedded backend.")
        if format == "json":
            self.stdout.write(json.dumps([m.as_dict() for m in matches], ensure_ascii=False))
            return
        if not matches:
            self.stdout.write("No good match yet.")
        for position, match in enumerate(matches, start=1):
            self.stdout.write(
                f"{position:>2}. {match.ref:<12} {match.score:.4f} {match.band:<8}  {match.title}"
            )
            for reason in match.reasons:
                self.stdout.write(f"      - {reason}")
