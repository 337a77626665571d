from django.core.management.base import BaseCommand

from core import tallies


class Command(BaseCommand):
    help = "Recompute the maintained figures (listing counts, indicators) from their data."

    def add_arguments(self, parser):
        parser.add_argument("series", nargs="*", help="only these series (default: all)")

    def handle(self, *args, **options):
        known = tallies.registered()
        names = options["series"] or sorted(known)
        unknown = [name for name in names if name not in known]
        if unknown:
            self.stderr.write(f"Unknown series: {', '.join(unknown)}. Known: {', '.join(sorted(known))}")
            return
        for name in names:
            drifted = tallies.rebuild(name)
            self.stdout.write(f"{name}: {'rebuilt (had drifted)' if drifted else 'rebuilt (in step)'}")
