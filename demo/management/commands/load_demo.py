"""Build the whole demo marketplace: python manage.py load_demo (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo import (
    dealflow,
    funding,
    indicators,
    listings,
    network,
    platforms,
    procurement,
    roadshow,
    roadshow_payments,
    site,
)
from demo.site_data import DEMO_PASSWORD, DEMO_USERS
from search import sitewide
from search.backends import BackendUnavailable

# The parts' demo data, in the order of the floors (each part's data needs the ones before it).
PARTS = [
    ("listings", listings),
    ("dealflow", dealflow),
    ("platforms", platforms),
    ("roadshow", roadshow),
    ("roadshow payments", roadshow_payments),
    ("procurement", procurement),
    ("funding", funding),
    ("network", network),
    ("indicators", indicators),
]


class Command(BaseCommand):
    help = "Create the demo site (pages in Chinese and English, tracks, people) and every part's demo data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-only",
            action="store_true",
            help="Only the editorial site and the demo people, not the other parts' demo data.",
        )

    def handle(self, *args, site_only=False, **options):
        site.load(self.stdout)
        if not site_only:
            for name, part in PARTS:
                self.stdout.write(f"Loading {name} demo data")
                part.load(self.stdout)
        self._index_site_search()
        self._print_summary()

    def _index_site_search(self):
        """Products, pitches, policies and news in the site-wide search at once (each change also
        queues its own update, which waits for a worker when Celery does not run eagerly)."""
        self.stdout.write("Indexing products, pitches, policies and news for the site-wide search")
        try:
            counts = sitewide.rebuild_site_index()
        except BackendUnavailable as error:
            self.stderr.write(f"The search server is unavailable, run rebuild_search_index later: {error}")
            return
        self.stdout.write("  " + ", ".join(f"{kind} {count}" for kind, count in counts.items()))

    def _print_summary(self):
        base = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
        write = self.stdout.write
        write(self.style.SUCCESS("Demo ready."))
        write(f"  Site (中文):  {base}/")
        write(f"  Site (English): {base}/en/")
        write(f"  Admin:        {base}/admin/")
        write(f"  Password for every demo account: {DEMO_PASSWORD}")
        for user in DEMO_USERS:
            write(f"  {user['role']:<11} {user['email']}")
        write(f"  {'centre':<11} {platforms.OPERATOR_EMAIL} (runs the demo verification centres)")
        write(f"  {'fund':<11} {funding.FUND_EMAIL} (manages the demo funding programmes)")
        write(f"  {'bank':<11} {funding.BANK_EMAIL} (offers the demo loan and insurance)")
        for email, _slug, _names, _headlines, _years, _tracks in network.BROKERS[1:]:
            write(f"  {'broker':<11} {email} (a demo agency's broker)")
