"""Import throughput of ``import_listings`` on PostgreSQL: fresh inserts, then re-import (updates).

    eval "$(bash scripts/services.sh env)"
    .venv/bin/python benchmarks/import_listings.py [--technologies 100000] [--demands 20000] \
        [--database bench_listings] [--keep] [--with-index]

Works in a database of its own (created if missing, migrated, emptied of listings first) so that
nobody's data is touched. The JSONL files are made by ``generate_listings --output`` (seeds 42 and 43, same refs).
Without ``--with-index`` the ``listings_changed`` receivers (the search index feed) are replaced by
a counter, so the figure is the database side alone.

With ``--with-index`` the whole path runs as in production: ``listings_changed`` → the search
receivers → the outbox (relayed right after each batch commits; the script also calls the relay
in its waiting loop, as the beat job would) → a real Celery worker (started here: ``--concurrency``
processes, ``-Q`` the queue ``search.index_listings`` is routed to, on the broker of ``REDIS_URL``,
which should be a Redis db of your own) → ``search.bulk.index_batch`` → Elasticsearch (index
prefix ``--index-prefix``). Each pass is timed from the start of the import until the count check
holds (Elasticsearch documents = published listings) and every index message of the pass is done;
printed with the import's own time (database side) and the wait for the index after it, the worker
processes and how the tasks spread over them, the CPU seconds of the import process, of the worker
(main + pool processes) and of the Elasticsearch node, and the load average before and after.

    eval "$(bash scripts/services.sh env)"; export REDIS_URL=redis://127.0.0.1:63799/3
    .venv/bin/python benchmarks/import_listings.py --with-index --database bench_import_idx
"""

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")


ROOT = Path(__file__).resolve().parents[1]


def _use_database(name, *, with_index, index_prefix):
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
    if not with_index:
        # Index updates must not reach a shared broker from a throw-away database.
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
        return
    if not os.environ.get("REDIS_URL") or not os.environ.get("ELASTICSEARCH_URL"):
        sys.exit("--with-index needs REDIS_URL (a Redis db of your own) and ELASTICSEARCH_URL")
    # A real broker and worker: nothing eager; the Elasticsearch backend under a prefix of our own.
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.update(
        CELERY_TASK_ALWAYS_EAGER="false",
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_INDEX_PREFIX=index_prefix,
        DEBUG="false",
    )


def _es_cpu_seconds():
    url = os.environ["ELASTICSEARCH_URL"].split(",")[0]
    with urllib.request.urlopen(f"{url}/_nodes/_local/stats/process", timeout=10) as answer:  # noqa: S310
        nodes = json.load(answer)["nodes"]
    return sum(node["process"]["cpu"]["total_in_millis"] for node in nodes.values()) / 1000


def _worker_cpu_seconds(worker):
    """CPU of the worker's main process and its pool processes (alive ones: read from /proc)."""
    import psutil  # noqa: PLC0415 — only the --with-index path needs it

    total = 0.0
    main = psutil.Process(worker.pid)
    for process in [main, *main.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _self_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class IndexPath:
    """The real index path of a --with-index run: a Celery worker of our own, the outbox relay,
    the count check against Elasticsearch."""

    def __init__(self, *, concurrency):
        from celery import current_app  # noqa: PLC0415 — script: after django.setup()

        self.app = current_app
        route = self.app.amqp.router.route({}, "search.index_listings")
        self.queue = route["queue"].name
        self.name = f"bench-imp-{os.getpid()}@%h"
        self.concurrency = concurrency
        self.worker = None

    def purge(self, queues):
        with self.app.connection_for_write() as connection:
            channel = connection.default_channel
            for queue in queues:
                try:
                    channel.queue_purge(queue)
                except Exception:  # noqa: BLE001, S112 — a queue never declared has nothing to purge
                    continue

    def start(self):
        command = [
            sys.executable, "-m", "celery", "-A", "marketplace", "worker",
            "-Q", self.queue, "--concurrency", str(self.concurrency), "-P", "prefork",
            "-n", self.name, "--without-gossip", "--without-mingle", "-l", "warning",
        ]  # fmt: skip
        self.worker = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.worker.poll() is not None:
                sys.exit(f"the Celery worker exited ({self.worker.returncode})")
            stats = self.stats()
            if stats:
                return stats
            time.sleep(1)
        self.stop()
        sys.exit("the Celery worker did not answer within 120 s")

    def stats(self):
        answers = self.app.control.inspect(timeout=2, destination=[self.node]).stats() or {}
        return answers.get(self.node)

    @property
    def node(self):
        return self.name.replace("%h", socket.gethostname())

    def stop(self):
        if self.worker and self.worker.poll() is None:
            self.worker.terminate()
            try:
                self.worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.worker.kill()
                self.worker.wait()

    def wait_until_indexed(self, *, since_pk, timeout):
        """Relay the outbox and wait until Elasticsearch holds every published listing and every
        index message queued since ``since_pk`` is done; returns (seconds waited, failures)."""
        from core import outbox  # noqa: PLC0415 — script: after django.setup()
        from core.models import OutboxMessage  # noqa: PLC0415 — script: after django.setup()
        from listings.models import Demand, Technology  # noqa: PLC0415 — script: after django.setup()
        from search.backends import get_backend  # noqa: PLC0415 — script: after django.setup()

        backend = get_backend("elasticsearch")
        published = {
            "technology": Technology.objects.published().count(),
            "demand": Demand.objects.published().count(),
        }
        index_tasks = [
            name
            for name in self.app.tasks
            if self.app.amqp.router.route({}, name)["queue"].name == self.queue
        ]
        messages = OutboxMessage.objects.filter(pk__gt=since_pk, task__in=index_tasks)
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            outbox.relay()
            waiting = messages.filter(done_at__isnull=True, failed_at__isnull=True).count()
            counts = {kind: backend.count(kind) for kind in published}
            if not waiting and counts == published:
                failed = messages.filter(failed_at__isnull=False).count()
                return time.perf_counter() - started, counts, failed
            if self.worker.poll() is not None:
                sys.exit(f"the Celery worker exited ({self.worker.returncode})")
            time.sleep(0.25)
        sys.exit(
            f"timed out: Elasticsearch {counts}, published {published}, {waiting} index messages waiting"
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--technologies", type=int, default=100_000)
    parser.add_argument("--demands", type=int, default=20_000)
    parser.add_argument(
        "--database", default=None, help="bench_listings, or bench_import_idx with --with-index"
    )
    parser.add_argument("--keep", action="store_true", help="keep the imported listings afterwards")
    parser.add_argument(
        "--with-index", action="store_true", help="the whole index path: a real Celery worker, Elasticsearch"
    )
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (--with-index)")
    parser.add_argument(
        "--index-prefix", default="bench-imp", help="Elasticsearch index prefix (--with-index)"
    )
    parser.add_argument(
        "--embeddings",
        choices=["settings", "on", "off"],
        default="settings",
        help="SEARCH_EMBEDDINGS for the run (their queue has no worker here: reported apart)",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds to wait for the index per pass")
    args = parser.parse_args()

    database = args.database or ("bench_import_idx" if args.with_index else "bench_listings")
    _use_database(database, with_index=args.with_index, index_prefix=args.index_prefix)
    if args.embeddings != "settings":
        os.environ["SEARCH_EMBEDDINGS"] = "true" if args.embeddings == "on" else "false"
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

    path = None
    if args.with_index:
        from django.conf import settings  # noqa: PLC0415 — script: after django.setup()

        from core.models import OutboxMessage  # noqa: PLC0415 — script: after django.setup()
        from search import embedding  # noqa: PLC0415 — script: after django.setup()
        from search.backends import get_backend  # noqa: PLC0415 — script: after django.setup()
        from search.models import PendingIndexUpdate, SearchDocument  # noqa: PLC0415 — script: after setup

        # A clean start in our own database and index: no cached analysis, no waiting messages.
        SearchDocument.objects.all().delete()
        PendingIndexUpdate.objects.all().delete()
        OutboxMessage.objects.all().delete()
        backend = get_backend("elasticsearch")
        for kind in ("technology", "demand"):
            backend.clear(kind)
        path = IndexPath(concurrency=args.concurrency)
        path.purge([path.queue, "embeddings"])
        print(
            f"broker {settings.CELERY_BROKER_URL}, eager {settings.CELERY_TASK_ALWAYS_EAGER}, "
            f"index prefix {args.index_prefix}, embeddings {'on' if embedding.enabled() else 'off'}"
        )
        stats = path.start()
        print(f"worker {path.node}: -Q {path.queue}, pool processes {stats['pool'].get('processes')}")

    total = args.technologies + args.demands
    try:
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
                if path:
                    since = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                    load_before = os.getloadavg()
                    cpu_before = (_self_cpu_seconds(), _worker_cpu_seconds(path.worker), _es_cpu_seconds())
                with paths[seed].open("rb") as stream:
                    started = time.perf_counter()
                    report = import_listings(stream, publish=True)
                    elapsed = time.perf_counter() - started
                line = (
                    f"{label:>22}: {report.lines} lines, {report.created} created, {report.updated} updated, "
                    f"{report.failed} failed in {elapsed:.1f}s = {report.lines / elapsed:,.0f} listings/s "
                    f"({len(signals)} listings_changed signals, {sum(signals)} ids)"
                )
                if not path:
                    print(line)
                    continue
                waited, counts, failed = path.wait_until_indexed(since_pk=since, timeout=args.timeout)
                whole = elapsed + waited
                cpu = [after - before for after, before in zip(
                    (_self_cpu_seconds(), _worker_cpu_seconds(path.worker), _es_cpu_seconds()), cpu_before, strict=True
                )]  # fmt: skip
                messages = OutboxMessage.objects.filter(pk__gt=since)
                index_messages = messages.filter(task="search.index_listings").count()
                stats = path.stats() or {}
                pool = stats.get("pool", {})
                print(line.replace(" in ", " (database side) in ", 1))
                print(
                    f"{'':>22}  with the index: {whole:.1f}s = {report.lines / whole:,.0f} listings/s "
                    f"(import {elapsed:.1f}s + waiting for the index {waited:.1f}s); Elasticsearch {counts}, "
                    f"{index_messages} index_listings messages, {messages.count()} outbox messages in all, "
                    f"{failed} failed"
                )
                print(
                    f"{'':>22}  worker pool {pool.get('processes')} (tasks per process "
                    f"{pool.get('writes', {}).get('all', '-')}), tasks done {stats.get('total')}; "
                    f"CPU: import {cpu[0]:.1f}s, worker {cpu[1]:.1f}s, Elasticsearch {cpu[2]:.1f}s; "
                    f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after"
                )
    finally:
        if path:
            path.stop()
            path.purge(["embeddings"])
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if not args.keep:
        Technology.objects.filter(ref__startswith="BENCH-").delete()
        Demand.objects.filter(ref__startswith="BENCH-").delete()


if __name__ == "__main__":
    main()
