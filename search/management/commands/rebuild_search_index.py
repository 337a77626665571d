"""python manage.py rebuild_search_index [--kind K] [--workers N [--no-local-workers]] [--chunk-size S] [--reanalyse]

Without ``--workers`` the chunks run in this process. With ``--workers N`` they go to the
Celery queue ``settings.SEARCH_INDEX_QUEUE`` ("index"), and this command starts a local worker
with N processes on that queue for the run (``--no-local-workers``: leave them to the workers
already running, e.g. on other machines). Either way it shows a progress bar, prints the
listings/s, the workers that took chunks and the time per step, and fails unless the counts
agree at the end (published listings = search documents = Elasticsearch documents).
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import rebuild, sitewide
from search.backends import BackendUnavailable
from search.models import IndexChunk
from search.services import KINDS, listing_queryset
from search.tasks import index_chunk

ROOT = Path(__file__).resolve().parents[3]
STALL_SECONDS = 600  # no chunk finished for this long: give up


class Command(BaseCommand):
    help = "Rebuild the search index (and Elasticsearch's, when configured) from the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            choices=[*KINDS, *sitewide.site_kinds()],
            action="append",
            help="Only this kind (repeatable): a listing kind or one the site-wide search finds.",
        )
        parser.add_argument(
            "--workers", type=int, default=0, help="Spread the chunks over N Celery worker processes."
        )
        parser.add_argument(
            "--no-local-workers",
            action="store_true",
            help="With --workers: do not start a local worker, use those already consuming the queue.",
        )
        parser.add_argument("--chunk-size", type=int, default=rebuild.CHUNK_SIZE)
        parser.add_argument(
            "--reanalyse", action="store_true", help="Analyse every listing again (ignore the cache)."
        )

    def handle(self, *args, kind=None, workers=0, no_local_workers=False, chunk_size, reanalyse, **options):
        if workers < 0 or chunk_size < 1:
            raise CommandError("--workers must be 0 or more and --chunk-size 1 or more")
        chosen = kind or [*KINDS, *sitewide.site_kinds()]
        kinds = tuple(k for k in chosen if k in KINDS)
        others = [k for k in chosen if k not in KINDS]
        started = time.perf_counter()
        try:
            site_counts = sitewide.rebuild_site_index(kinds=others) if others else {}
            if not kinds:
                for name, count in site_counts.items():
                    self.stdout.write(f"Indexed {count} public {name} items.")
                return
            if workers:
                run = self._with_workers(kinds, workers, not no_local_workers, chunk_size, reanalyse)
                counts = rebuild.finish(run=run, kinds=kinds)
            else:
                run, counts = rebuild.rebuild_here(
                    kinds=kinds, chunk_size=chunk_size, reanalyse=reanalyse, progress=self._bars()
                )
        except BackendUnavailable as error:
            raise CommandError(
                f"Elasticsearch is unavailable, the rebuild did not finish: {error}"
            ) from error
        except rebuild.RebuildFailed as error:
            raise CommandError(str(error)) from error
        for name, count in counts.items():
            self.stdout.write(f"Indexed {count} published {name} listings.")
        for name, count in site_counts.items():
            self.stdout.write(f"Indexed {count} public {name} items.")
        self._summary(rebuild.report(run, started=started))

    def _bars(self):
        bars = {}

        def progress(kind, done, total):
            if kind not in bars:
                bars[kind] = tqdm(total=total, desc=kind, disable=not sys.stderr.isatty(), file=sys.stderr)
            bars[kind].update(done - bars[kind].n)
            if done >= total:
                bars[kind].close()

        return progress

    def _summary(self, report):
        rate = report.total / report.elapsed if report.elapsed else 0.0
        steps = ", ".join(
            f"{step} {report.timings[step]:.1f} s"
            for step in ("read", "analyse", "write", "bulk")
            if step in report.timings
        )
        self.stdout.write(
            f"{report.total} listings in {report.elapsed:.1f} s = {rate:,.0f} listings/s; "
            f"{report.analysed} analysed, {report.total - report.analysed} unchanged (analysis reused)."
        )
        self.stdout.write(f"Workers ({len(report.workers)}): {', '.join(report.workers) or '-'}")
        self.stdout.write(f"Time per step, summed over chunks: {steps or '-'}")

    def _with_workers(self, kinds, workers, local, chunk_size, reanalyse):
        eager = bool(settings.CELERY_TASK_ALWAYS_EAGER)
        queue = settings.SEARCH_INDEX_QUEUE
        run = rebuild.plan(kinds=kinds, chunk_size=chunk_size)
        rebuild.start(kinds=kinds)
        total = sum(listing_queryset(k).published().count() for k in kinds)
        worker = None
        if local and not eager:
            worker = self._start_worker(queue, workers)
        elif eager:
            self.stderr.write("Celery runs eagerly here (no broker): the chunks run in this process.")
        try:
            with tqdm(total=total, desc="index", disable=not sys.stderr.isatty(), file=sys.stderr) as bar:
                for chunk_id in IndexChunk.objects.filter(run=run).values_list("pk", flat=True):
                    index_chunk.apply_async((chunk_id, reanalyse), queue=queue)
                self._wait(run, bar, worker)
        finally:
            if worker is not None:
                self._stop_worker(worker)
        return run

    def _start_worker(self, queue, processes):
        name = f"index-{uuid.uuid4().hex[:6]}@%h"
        self.log_path = Path(f"/tmp/rebuild-search-index-{os.getpid()}.log")  # noqa: S108 — a local log
        log = self.log_path.open("wb")
        command = [
            sys.executable, "-m", "celery", "-A", "marketplace", "worker", "-Q", queue,
            "-c", str(processes), "--pool=prefork", "-n", name, "--loglevel=WARNING",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        self.stderr.write(f"Started a local Celery worker ({processes} processes) on the queue {queue!r}.")
        return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)

    def _stop_worker(self, worker):
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

    def _wait(self, run, bar, worker):
        last_change, last_done = time.monotonic(), -1
        while True:
            done, chunks_done, failed, chunks = rebuild.progress_of(run)
            bar.update(done - bar.n)
            if failed:
                return  # finish() names the failed chunk
            if chunks_done >= chunks:
                return
            if done != last_done:
                last_change, last_done = time.monotonic(), done
            if worker is not None and worker.poll() is not None:
                raise CommandError(
                    f"The local Celery worker stopped (exit {worker.returncode}); see {self.log_path}"
                )
            if time.monotonic() - last_change > STALL_SECONDS:
                raise CommandError(
                    f"No chunk finished for {STALL_SECONDS} s: is a Celery worker consuming "
                    f"the queue {settings.SEARCH_INDEX_QUEUE!r}?"
                )
            time.sleep(0.5)
