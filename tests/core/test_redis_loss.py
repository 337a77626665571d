"""Redis stopped in the middle of a stream of page views, sign-ins, match requests and listing
changes: no response is a 500, and once Redis is back every e-mail and index update is delivered
exactly once.

Starts its own Redis (a redis-server in a temporary directory, on a free port), a gunicorn web
server and a real Celery worker against it, all on the test database; the shared Redis is never
touched. Needs PostgreSQL (`eval "$(scripts/services.sh env)"`).
"""

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from celery import Celery
from django.db import connection
from wagtail.models import Locale, Page, Site

from accounts.roles import Role
from core.models import OutboxMessage
from home.models import HomePage
from notifications.models import Notification
from tests.factories import OrganisationFactory, user_with_role
from tests.factories.listings import TechnologyFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
pytestmark = [pytest.mark.worker, pytest.mark.postgres]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(condition, timeout, what, logs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    tails = "\n".join(path.read_text(errors="replace")[-3000:] for path in logs if path.exists())
    pytest.fail(f"timed out waiting for {what}\n{tails}")


class OwnRedis:
    """A redis-server of this test's own, persisting to its directory so a restart keeps the queue."""

    def __init__(self, directory):
        self.directory, self.port, self.proc = directory, _free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self.answers, 10, "redis-server to start")

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=10)


def _stop(proc, how=signal.SIGTERM):
    if proc.poll() is None:
        proc.send_signal(how)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def stack(transactional_db, tmp_path):
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.fail('This test needs PostgreSQL: eval "$(scripts/services.sh env)" first')
    redis = OwnRedis(tmp_path)
    redis.start()
    (tmp_path / "mail").mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tests.core.fault_settings",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis.url,
        "FAULT_EMAIL_DIR": str(tmp_path / "mail"),
        "FAULT_MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
    }
    web_port = _free_port()
    logs = [tmp_path / "web.log", tmp_path / "worker.log"]
    web_log, worker_log = logs[0].open("wb"), logs[1].open("wb")
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "marketplace.wsgi:application", "-b", f"127.0.0.1:{web_port}",
         "--workers", "2", "--timeout", "60", "--preload"],
        cwd=ROOT, env=env, stdout=web_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool=solo", "--without-heartbeat",
         "--without-gossip", "--without-mingle", "-n", f"fault-{web_port}@%h", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{web_port}"

    def web_up():
        try:
            return requests.get(f"{base}/accounts/login/", timeout=30).status_code == 200
        except requests.RequestException:
            return False

    try:
        _wait(web_up, 90, "gunicorn", logs)
        yield {"base": base, "redis": redis, "mail": tmp_path / "mail", "logs": logs}
    finally:
        _stop(web, signal.SIGINT)  # gunicorn's quick shutdown: nothing is in flight any more
        _stop(worker)
        redis.stop()
        web_log.close()
        worker_log.close()


def _site():
    locale, _ = Locale.objects.get_or_create(language_code="zh-hans")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=HomePage(title="滨海科技成果转化", slug="fault-home", locale=locale))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})


def _csrf(session):
    return session.cookies.get("csrftoken", "")


def _sign_in(base, email):
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=90)
    response = session.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(session)},
        allow_redirects=False,
        timeout=90,
    )
    return session, response


def test_redis_lost_mid_stream_no_500_and_every_email_and_index_update_once(stack):
    _site()
    requester = user_with_role(Role.ENTERPRISE, organisation=OrganisationFactory(kind="enterprise"))
    owners, technologies = [], []
    for i in range(3):
        org = OrganisationFactory(kind="university")
        owners.append(user_with_role(Role.RESEARCHER, organisation=org, preferred_language="en"))
        technologies.append(TechnologyFactory(published=True, organisation=org, title=f"深海传感器{i}"))
    base, redis = stack["base"], stack["redis"]
    statuses = []

    def round_(i):
        anonymous = requests.Session()
        for path in ("/", "/listings/technologies/", technologies[i].get_absolute_url(), "/search/?q=传感器"):
            statuses.append((path, anonymous.get(base + path, timeout=90).status_code))
        session, response = _sign_in(base, requester.email)
        statuses.append(("sign-in", response.status_code))
        ask = f"/deals/ask/technology/{technologies[i].ref}/"
        session.get(base + ask, timeout=90)
        response = session.post(
            base + ask,
            data={
                "message": "我们希望获得该技术的许可并开展中试合作。",
                "cooperation_mode": "license",
                "non_confidential": "on",
                "csrfmiddlewaretoken": _csrf(session),
            },
            allow_redirects=False,
            timeout=90,
        )
        statuses.append((ask, response.status_code))
        owner_session, response = _sign_in(base, owners[i].email)
        statuses.append(("owner sign-in", response.status_code))
        close = f"/listings/mine/technology/{technologies[i].ref}/close/"
        response = owner_session.post(
            base + close,
            data={"csrfmiddlewaretoken": _csrf(owner_session)},
            allow_redirects=False,
            timeout=90,
        )
        statuses.append((close, response.status_code))
        statuses.append(("home signed in", owner_session.get(base + "/", timeout=90).status_code))

    round_(0)
    redis.stop()
    round_(1)
    redis.start()
    round_(2)

    assert [entry for entry in statuses if entry[1] >= 500] == []
    assert {status for path, status in statuses if "ask" in path or "close" in path} == {302}
    assert {status for path, status in statuses if "sign-in" in path} == {302}

    # What beat does every minute: relay whatever waited in the outbox while Redis was gone.
    Celery("fault-test-beat", broker=redis.url).send_task("core.relay_outbox", queue="default")
    expected = {"notifications.send_notification_email", "search.index_listings"}
    _wait(
        lambda: not OutboxMessage.objects.filter(task__in=expected, done_at__isnull=True).exists(),
        40,
        "every outbox message to be done",
        stack["logs"],
    )
    time.sleep(6)  # a redelivered or relayed-twice message would run now; it must not
    messages = OutboxMessage.objects.filter(task__in=expected)
    assert {m.task for m in messages} == expected
    assert [(m.task, m.attempts, m.failed_at) for m in messages if m.attempts != 1 or m.failed_at] == []
    index_updates = [m.args for m in messages.filter(task="search.index_listings")]
    for technology in technologies:
        assert index_updates.count(["technology", [technology.pk]]) >= 1

    mail = "".join(path.read_text(errors="replace") for path in sorted(stack["mail"].glob("*.log")))
    recipients = re.findall(r"^To: (.+)$", mail, flags=re.MULTILINE)
    wanted = Notification.objects.filter(email_wanted=True).select_related("recipient")
    # Each e-mailed notification (the owners' new requests, the requester's receipts): one e-mail.
    assert Counter(recipients) == Counter(n.recipient.email for n in wanted)
    assert {owner.email for owner in owners} <= set(recipients)
    assert all(n.emailed_at for n in wanted)
    assert messages.filter(task="notifications.send_notification_email").count() == len(wanted)
