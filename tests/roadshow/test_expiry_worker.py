"""Unpaid bank-transfer holds expire through a real Celery worker (the beat job's task), and the
waiting list moves up in the order people joined it.

Needs PostgreSQL and Redis (`eval "$(scripts/services.sh env)"`): the worker is another process that
reads the test database through DATABASE_URL and writes e-mail to files.
"""

import datetime as dt
import email
import email.policy
import os
import uuid

import pytest
from django.utils import timezone

from roadshow import passes
from roadshow.models import BankTransfer, Registration
from tests.notifications.test_digest_worker import ROOT, Workers, _database_url, producer, wait_for
from tests.roadshow.payments_support import enable_bank_transfer, investors, paid_session

pytestmark = [pytest.mark.worker, pytest.mark.postgres]


@pytest.fixture
def expiry_workers(tmp_path):
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
        "DIGEST_TEST_QUEUE": f"roadshow-test-{uuid.uuid4().hex[:8]}",
        "DIGEST_EMAIL_DIR": str(mail_dir),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("ELASTICSEARCH_URL", None)
    manager = Workers(env, tmp_path)
    yield manager, env, mail_dir
    manager.stop_all()


def test_expired_bank_transfer_holds_free_seats_for_the_waiting_list_in_order(
    transactional_db, settings, expiry_workers
):
    workers, env, mail_dir = expiry_workers
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session(capacity=2)
    holder_a, holder_b, first, second, third = investors(5, preferred_language="en")
    held = [passes.buy_pass(session=session, user=p, method="bank_transfer") for p in (holder_a, holder_b)]
    for person in (first, second, third):
        assert passes.buy_pass(session=session, user=person, method="bank_transfer").status == "waitlisted"
    past = timezone.now() - dt.timedelta(minutes=1)
    Registration.objects.filter(pk__in=[r.pk for r in held]).update(hold_expires_at=past)
    BankTransfer.objects.update(due_at=past)

    workers.start()
    producer(env).send_task("roadshow.release_expired_holds")
    wait_for(
        lambda: Registration.objects.filter(status="expired").count() == 2,
        90,
        "the expired holds",
        workers,
    )
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses == {
        holder_a.pk: "expired",
        holder_b.pk: "expired",
        first.pk: "pending_payment",
        second.pk: "pending_payment",
        third.pk: "waitlisted",
    }
    assert set(BankTransfer.objects.values_list("status", flat=True)) == {"expired"}

    wait_for(lambda: len(sent_mail(mail_dir)) == 4, 60, "the e-mails", workers)
    mails = {to: (subject, body) for to, subject, body in sent_mail(mail_dir)}
    for registration in held:
        subject, body = mails[registration.user.email]
        assert subject.startswith("Seat released") and registration.bank_transfer.reference in body
    for person in (first, second):
        assert mails[person.email][0].startswith("A seat is free for you")
    assert third.email not in mails


def sent_mail(mail_dir):
    """(to, subject, body) of every e-mail the worker wrote, decoded."""
    found = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk.strip(), policy=email.policy.default)
            part = message.get_body(preferencelist=("plain",))
            found.append((message["To"], str(message["Subject"]), part.get_content() if part else ""))
    return found
