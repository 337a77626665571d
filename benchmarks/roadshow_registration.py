"""Concurrent registrations for one session on PostgreSQL: capacity held, throughput measured.

    eval "$(bash scripts/services.sh env)"
    DJANGO_SETTINGS_MODULE=marketplace.settings.dev .venv/bin/python benchmarks/roadshow_registration.py \
        [--attempts 200] [--seats 50] [--workers 40]

Creates a throw-away session and users (deleted afterwards) in the configured database, fires the
attempts from a thread pool through roadshow.services.register (each thread its own connection),
and prints confirmed / waitlisted / errors and registrations per second.
"""

import argparse
import os
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from roadshow import services  # noqa: E402
from roadshow.models import RoadshowSession  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--workers", type=int, default=40)
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    start = timezone.now() + timedelta(days=7)
    session = RoadshowSession.objects.create(
        title=f"benchmark {run}", starts_at=start, ends_at=start + timedelta(hours=2), capacity=args.seats
    )
    users = User.objects.bulk_create(
        [User(email=f"bench-{run}-{i}@example.test") for i in range(args.attempts)]
    )
    errors = []
    lock = threading.Lock()

    def attempt(user):
        try:
            return services.register(session=RoadshowSession(pk=session.pk), user=user).status
        except Exception as exc:
            with lock:
                errors.append(repr(exc))
            return "error"
        finally:
            connections.close_all()

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        statuses = list(pool.map(attempt, users))
    elapsed = time.perf_counter() - began
    confirmed, waitlisted = statuses.count("confirmed"), statuses.count("waitlisted")
    print(f"database: {connection.vendor}")
    print(f"{args.attempts} attempts, {args.seats} seats, {args.workers} threads")
    print(f"confirmed {confirmed}, waitlisted {waitlisted}, errors {len(errors)}")
    print(f"{elapsed:.2f} s, {args.attempts / elapsed:.0f} registrations/s")
    session.registrations.all().delete()
    session.delete()
    User.objects.filter(pk__in=[u.pk for u in users]).delete()
    ok = confirmed == min(args.seats, args.attempts) and not errors
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
