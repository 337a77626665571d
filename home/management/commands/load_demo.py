"""Build the whole demo marketplace: python manage.py load_demo (idempotent)."""

import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand

from home import demo
from home.demo_data import DEMO_PASSWORD

# The order of the project's parts; each may have a <app>.demo.load(stdout).
DEMO_APPS = ["accounts", "listings", "dealflow", "platforms", "roadshow", "procurement", "indicators"]


class Command(BaseCommand):
    help = "Create the demo site (pages in Chinese and English, tracks, people) and every part's demo data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-only",
            action="store_true",
            help="Only the editorial site and the demo people, not the other parts' demo data.",
        )

    def handle(self, *args, site_only=False, **options):
        demo.load(self.stdout)
        if not site_only:
            for app in DEMO_APPS:
                if importlib.util.find_spec(app) and importlib.util.find_spec(f"{app}.demo"):
                    self.stdout.write(f"Loading {app} demo data")
                    importlib.import_module(f"{app}.demo").load(self.stdout)
        self._print_summary()

    def _print_summary(self):
        from home.demo_data import DEMO_USERS

        base = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
        write = self.stdout.write
        write(self.style.SUCCESS("Demo ready."))
        write(f"  Site (中文):  {base}/")
        write(f"  Site (English): {base}/en/")
        write(f"  Admin:        {base}/admin/")
        write(f"  Password for every demo account: {DEMO_PASSWORD}")
        for user in DEMO_USERS:
            write(f"  {user['role']:<11} {user['email']}")
