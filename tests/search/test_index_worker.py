"""``search.index_listings`` through a real Celery worker: the published listing lands in the index.

Needs PostgreSQL and Redis (`eval "$(scripts/services.sh env)"`): the worker is another process
reading the test database through DATABASE_URL.
"""

import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.core.management import call_command
from django.db import connection

from search import services
from search.management.commands import rebuild_search_index as rebuild_command
from search.models import SearchDocument
from tests.factories.listings import DemandFactory, TechnologyFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.worker, pytest.mark.postgres]


@pytest.fixture
def worker(tmp_path):
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.fail('This test needs PostgreSQL: eval "$(scripts/services.sh env)" first')
    if not os.environ.get("REDIS_URL"):
        pytest.fail('REDIS_URL is not set: eval "$(scripts/services.sh env)" first')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.search.worker_settings",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "SEARCH_TEST_QUEUE": f"search-test-{uuid.uuid4().hex[:8]}",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("ELASTICSEARCH_URL", None)
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool=solo",
             "-Q", env["SEARCH_TEST_QUEUE"], "--without-heartbeat", "--without-gossip", "--without-mingle",
             "-n", f"search-{uuid.uuid4().hex[:6]}@%h", "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            app = Celery("search-test-producer", broker=env["REDIS_URL"])
            app.conf.task_default_queue = env["SEARCH_TEST_QUEUE"]
            yield app, log_path
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_index_listings_runs_on_a_real_worker(
    transactional_db, settings, tracks, university, enterprise_org, worker
):
    settings.SEARCH_BACKEND = "embedded"  # as the worker's settings say
    app, log_path = worker
    energy = next(t for t in tracks if t.slug == "advanced-energy")
    technology = TechnologyFactory(
        ref="T-WORKER",
        title="钠离子电池层状氧化物正极材料",
        keywords=["钠离子电池", "正极材料"],
        track=energy,
        organisation=university,
        published=True,
    )
    demand = DemandFactory(
        ref="D-WORKER",
        title="储能电站用钠离子电池正极材料",
        keywords=["钠离子电池", "储能"],
        track=energy,
        organisation=enterprise_org,
        published=True,
    )
    services.index_listings(kind="demand", ids=[demand.pk])

    app.send_task("search.index_listings", args=["technology", [technology.pk]])
    deadline = time.monotonic() + 90
    while not SearchDocument.objects.filter(kind="technology", listing_id=technology.pk).exists():
        if time.monotonic() > deadline:
            pytest.fail(
                "the worker did not index the technology:\n" + log_path.read_text(errors="replace")[-3000:]
            )
        time.sleep(0.3)
    data = SearchDocument.objects.get(kind="technology", listing_id=technology.pk).data
    assert data["ref"] == "T-WORKER" and "钠离子电池" in data["concepts"]
    assert [m.ref for m in services.match_listing(listing=demand)] == ["T-WORKER"]


def test_rebuild_chunks_run_on_a_real_worker(
    transactional_db, settings, tracks, university, enterprise_org, worker, monkeypatch
):
    """``rebuild_search_index --workers N --no-local-workers``: the chunks go to the queue, a
    worker process indexes them, the command follows their rows and checks the counts."""
    settings.SEARCH_BACKEND = "embedded"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app, log_path = worker
    energy = next(t for t in tracks if t.slug == "advanced-energy")
    for i in range(5):
        TechnologyFactory(
            ref=f"T-CHUNK-{i}",
            title=f"钠离子电池正极材料 {i}",
            track=energy,
            organisation=university,
            published=True,
        )
    DemandFactory(
        ref="D-CHUNK", title="储能电站用钠离子电池", track=energy, organisation=enterprise_org, published=True
    )
    SearchDocument.objects.all().delete()
    sent = []

    class ToTheTestQueue:  # the test process has no broker of its own: send through the worker's
        @staticmethod
        def apply_async(args, queue):
            sent.append(queue)
            app.send_task("search.index_chunk", args=list(args))

    monkeypatch.setattr(rebuild_command, "index_chunk", ToTheTestQueue)
    out = io.StringIO()
    try:
        call_command(
            "rebuild_search_index", "--workers", "1", "--no-local-workers", "--chunk-size", "2", stdout=out
        )
    except Exception:
        pytest.fail("rebuild failed:\n" + log_path.read_text(errors="replace")[-3000:])
    text = out.getvalue()
    assert (
        "Indexed 5 published technology listings." in text and "Indexed 1 published demand listings." in text
    )
    assert len(sent) == 4 and set(sent) == {settings.SEARCH_INDEX_QUEUE}  # 3 + 1 chunks
    assert "6 listings in " in text and "6 analysed, 0 unchanged" in text
    workers = text.split("Workers (1): ")[1].splitlines()[0]
    assert workers and str(os.getpid()) not in workers  # another process did the work
    assert SearchDocument.objects.count() == 6
