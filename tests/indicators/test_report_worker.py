"""The monthly report task runs through a real Celery worker on Redis and stores the XLSX once.

Needs PostgreSQL and Redis (`eval "$(scripts/services.sh env)"`): the worker is another process
reading the test database through DATABASE_URL.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from indicators.models import MonthlyReport
from tests.indicators.conftest import programme  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.worker, pytest.mark.postgres]


@pytest.mark.django_db(transaction=True)
def test_worker_generates_the_monthly_report_once(programme, tmp_path):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.fail('This test needs PostgreSQL: eval "$(scripts/services.sh env)" first')
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail('REDIS_URL is not set: eval "$(scripts/services.sh env)" first')
    db = connection.settings_dict
    queue = f"indicators-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.indicators.worker_settings",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "INDICATORS_TEST_QUEUE": queue,
        "INDICATORS_MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("ELASTICSEARCH_URL", None)
    log_path = tmp_path / "worker.log"
    month = timezone.localdate().replace(day=1).isoformat()
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool=solo", "-Q", queue,
             "--without-heartbeat", "--without-gossip", "--without-mingle", "-n", f"{queue}@%h", "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            app = Celery("indicators-test-producer", broker=redis_url)
            for _run in range(2):
                app.send_task("indicators.generate_monthly_report", args=[month], queue=queue)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                if (
                    "succeeded" in log_path.read_text(errors="replace")
                    and log_path.read_text().count("succeeded") >= 2
                ):
                    break
                time.sleep(0.5)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    output = log_path.read_text(errors="replace")
    assert output.count("succeeded") == 2, output[-3000:]
    [report] = MonthlyReport.objects.all()
    path = tmp_path / "media" / report.file.name
    workbook = load_workbook(path)
    funnel = {row[0]: row[1] for row in workbook["转化漏斗"].iter_rows(min_row=2, values_only=True)}
    assert funnel["已登记成交"] == 1 and funnel["发布的成果和需求"] == 5
    assert len(list((tmp_path / "media" / "indicators" / "reports").iterdir())) == 1
