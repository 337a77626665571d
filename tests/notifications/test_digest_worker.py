"""The daily digest goes out exactly once per person even when the worker dies mid-run and the
task is delivered again; and the deadline reminder runs through a real worker.

Needs PostgreSQL and Redis (`eval "$(scripts/services.sh env)"`): the worker is another process,
so it reads the test database through DATABASE_URL and writes e-mail to files.
"""

import datetime
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from dealflow.models import MatchRequest
from digest.models import DigestDelivery
from notifications.models import Notification
from tests.factories import OrganisationFactory, create_tracks, user_with_role
from tests.factories.dealflow import match_request
from tests.factories.listings import TechnologyFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.worker, pytest.mark.postgres]


def _database_url():
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.fail('This test needs PostgreSQL: eval "$(scripts/services.sh env)" first')
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def worker_env(tmp_path):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail('REDIS_URL is not set: eval "$(scripts/services.sh env)" first')
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "DIGEST_TEST_QUEUE": f"dealflow-test-{uuid.uuid4().hex[:8]}",
        "DIGEST_EMAIL_DIR": str(mail_dir),
        "DIGEST_PAUSE_SECONDS": "1.5",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("ELASTICSEARCH_URL", None)
    return env, mail_dir


class Workers:
    """Start and kill real `celery -A marketplace worker` processes; always cleaned up."""

    def __init__(self, env, log_dir):
        self.env, self.log_dir, self.procs, self.logs = env, log_dir, [], []

    def start(self):
        log = open(self.log_dir / f"worker-{len(self.procs)}.log", "wb")  # noqa: SIM115
        self.logs.append(log)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "marketplace",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                self.env["DIGEST_TEST_QUEUE"],
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"digest-{uuid.uuid4().hex[:6]}@%h",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc

    def stop_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        for log in self.logs:
            log.close()

    def output(self):
        return "\n".join(
            path.read_text(errors="replace")[-3000:] for path in sorted(self.log_dir.glob("worker-*.log"))
        )


@pytest.fixture
def workers(worker_env, tmp_path):
    env, _mail_dir = worker_env
    manager = Workers(env, tmp_path)
    yield manager
    manager.stop_all()


def producer(env):
    app = Celery("digest-test-producer", broker=env["REDIS_URL"])
    app.conf.task_default_queue = env["DIGEST_TEST_QUEUE"]
    return app


def digest_recipients_in(mail_dir):
    text = "".join(path.read_text(errors="replace") for path in sorted(mail_dir.glob("*.log")))
    return re.findall(r"^To: (.+)$", text, flags=re.MULTILINE), text


def wait_for(condition, timeout, what, workers=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}\n{workers.output() if workers else ''}")


def test_digest_sent_exactly_once_after_the_worker_is_killed_mid_task(transactional_db, worker_env, workers):
    env, mail_dir = worker_env
    create_tracks()
    requester = user_with_role(Role.ENTERPRISE, organisation=OrganisationFactory(kind="enterprise"))
    owners = []
    for i in range(4):
        org = OrganisationFactory(kind="university")
        owner = user_with_role(
            Role.RESEARCHER, organisation=org, display_name=f"负责人{i}", preferred_language="en"
        )
        match_request(requester=requester, listing=TechnologyFactory(published=True, organisation=org))
        owners.append(owner)
    # Only the owners have something to read today; the requester has nothing pending.
    day = timezone.localdate().isoformat()

    first = workers.start()
    producer(env).send_task("notifications.send_daily_digests", args=[day])
    wait_for(lambda: len(digest_recipients_in(mail_dir)[0]) >= 1, 60, "the first digest", workers)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    sent_before_crash = len(digest_recipients_in(mail_dir)[0])
    assert 1 <= sent_before_crash < len(owners), "the worker must die mid-run"

    workers.start()
    # The retry a scheduler or an operator would send, on top of the broker's own redelivery.
    producer(env).send_task("notifications.send_daily_digests", args=[day])
    wait_for(
        lambda: DigestDelivery.objects.filter(day=day, sent_at__isnull=False).count() == len(owners),
        90,
        "every owner's digest",
        workers,
    )
    # Give the redelivered message time to run as well (visibility timeout 4 s, restore every ~10 s).
    time.sleep(16)
    recipients, text = digest_recipients_in(mail_dir)
    assert sorted(recipients) == sorted(owner.email for owner in owners)
    assert "Awaiting your answer by" in text
    assert DigestDelivery.objects.filter(day=day).count() == len(owners) + 1  # the requester: nothing to send
    assert DigestDelivery.objects.get(user=requester, day=day).sent_at is None


def test_reminder_before_the_response_deadline_through_a_real_worker(transactional_db, worker_env, workers):
    env, mail_dir = worker_env
    create_tracks()
    org = OrganisationFactory(kind="university")
    owner = user_with_role(Role.RESEARCHER, organisation=org, preferred_language="en")
    requester = user_with_role(Role.ENTERPRISE, organisation=OrganisationFactory(kind="enterprise"))
    technology = TechnologyFactory(published=True, organisation=org, title="固态电解质薄膜")
    mr = match_request(requester=requester, listing=technology)
    MatchRequest.objects.filter(pk=mr.pk).update(
        response_deadline=timezone.now() + datetime.timedelta(hours=20)
    )

    workers.start()
    producer(env).send_task("dealflow.send_deadline_reminders")
    wait_for(
        lambda: Notification.objects.filter(recipient=owner, kind="match_request.reminder").exists(),
        60,
        "the reminder",
    )
    reminder = Notification.objects.get(recipient=owner, kind="match_request.reminder")
    assert reminder.title == "Reminder: answer the introduction request for 固态电解质薄膜"
    wait_for(lambda: owner.email in digest_recipients_in(mail_dir)[0], 60, "the reminder e-mail", workers)
    assert "Please act by" in digest_recipients_in(mail_dir)[1]
    assert settings.CELERY_TASK_ALWAYS_EAGER  # the test process itself stays eager; only the worker is real
