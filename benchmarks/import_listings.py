"""Import throughput of ``import_listings`` on PostgreSQL: fresh inserts, then re-import (updates).

    eval "$(bash scripts/services.sh env)"
    .venv/bin/python benchmarks/import_listings.py [--technologies 100000] [--demands 20000] \
        [--database bench_listings] [--keep] [--with-index]

Works in a database of its own (created if missing, migrated, emptied of listings first) so that
nobody's data is touched. The JSONL files are made by ``generate_listings --output`` (seeds 42 and 43, same refs).
Without ``--with-index`` the ``listings_changed`` receivers (the search index feed) are replaced by
a counter, so the figure is the database side alone; with it, whatever the settings wire up runs.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")


def _use_database(name):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit('Set DATABASE_URL to the PostgreSQL server: eval "$(bash scripts/services.sh env)"')
    parts = urlsplit(url)
    import psycopg  # noqa: PLC0415 — script: after django.setup()

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    # Index updates must not reach a shared broker from a throw-away database.
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--technologies", type=int, default=100_000)
    parser.add_argument("--demands", type=int, default=20_000)
    parser.add_argument("--database", default="bench_listings")
    parser.add_argument("--keep", action="store_true", help="keep the imported listings afterwards")
    parser.add_argument("--with-index", action="store_true", help="leave the listings_changed receivers on")
    args = parser.parse_args()

    _use_database(args.database)
    import django  # noqa: PLC0415 — script: after django.setup()

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 — script: after django.setup()
    from django.db import connection  # noqa: PLC0415 — script: after django.setup()

    from listings.models import Demand, Technology  # noqa: PLC0415 — script: after django.setup()
    from listings.services import import_listings  # noqa: PLC0415 — script: after django.setup()
    from listings.signals import listings_changed  # noqa: PLC0415 — script: after django.setup()
    from taxonomy.models import Track  # noqa: PLC0415 — script: after django.setup()

    call_command("migrate", verbosity=0)
    if Track.objects.count() < 8:
        from tests.factories.home import TRACKS  # noqa: PLC0415 — script: after django.setup()

        for order, (slug, zh, en) in enumerate(TRACKS, start=1):
            Track.objects.get_or_create(slug=slug, defaults={"name_zh": zh, "name_en": en, "order": order})
    Technology.objects.filter(ref__startswith="BENCH-").delete()
    Demand.objects.filter(ref__startswith="BENCH-").delete()

    signals = []
    if not args.with_index:
        listings_changed.receivers = []
    listings_changed.connect(lambda sender, ids, **kw: signals.append(len(ids)), weak=False)

    total = args.technologies + args.demands
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for seed in (42, 43):
            paths[seed] = Path(tmp) / f"listings-{seed}.jsonl"
            started = time.perf_counter()
            call_command(
                "generate_listings",
                count=args.technologies,
                demands=args.demands,
                seed=seed,
                ref_prefix="BENCH-",
                output=str(paths[seed]),
            )
            size = paths[seed].stat().st_size / 1e6
            print(f"generated {total} lines ({size:.1f} MB) in {time.perf_counter() - started:.1f}s")
        # Same refs throughout: seed 43 changes the content of (nearly) every listing.
        passes = [("insert", 42), ("re-import, unchanged", 42), ("re-import, changed", 43)]
        for label, seed in passes:
            signals.clear()
            with paths[seed].open("rb") as stream:
                started = time.perf_counter()
                report = import_listings(stream, publish=True)
                elapsed = time.perf_counter() - started
            print(
                f"{label:>22}: {report.lines} lines, {report.created} created, {report.updated} updated, "
                f"{report.failed} failed in {elapsed:.1f}s = {report.lines / elapsed:,.0f} listings/s "
                f"({len(signals)} listings_changed signals, {sum(signals)} ids)"
            )
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if not args.keep:
        Technology.objects.filter(ref__startswith="BENCH-").delete()
        Demand.objects.filter(ref__startswith="BENCH-").delete()


if __name__ == "__main__":
    main()
