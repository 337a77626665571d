"""Background work goes through the outbox: written with the change, sent once, failures shown."""

import smtplib
from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from kombu.exceptions import OperationalError

from accounts.roles import Role
from core import outbox
from core.models import OutboxMessage
from marketplace.celery import app
from notifications import services as notification_services
from notifications.models import Notification
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@contextmanager
def _broker_down():
    """Publishing fails as it does with Redis stopped (the suite itself runs tasks eagerly)."""
    app.conf.task_always_eager = False
    try:
        with mock.patch.object(
            app.Task, "apply_async", side_effect=OperationalError("Error 111 connecting to 127.0.0.1:1.")
        ):
            yield

    finally:
        app.conf.task_always_eager = True


def _notify(person, key="k"):
    return notification_services.notify(
        recipient=person, kind="test", title="请回复合作请求", body="Next: reply", dedupe_key=key
    )


def test_work_asked_for_in_a_rolled_back_transaction_is_never_written_or_sent():
    person = user_with_role(Role.ENTERPRISE)
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(person)
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError("the change failed")
    assert OutboxMessage.objects.count() == 0 and mail.outbox == []


def test_with_the_broker_down_the_change_commits_and_the_relay_sends_the_e_mail_once_later(
    django_capture_on_commit_callbacks,
):
    person = user_with_role(Role.ENTERPRISE, preferred_language="en")
    with _broker_down(), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification = _notify(person)
    message = OutboxMessage.objects.get()
    assert (message.task, message.args) == ("notifications.send_notification_email", [notification.pk])
    assert message.relayed_at is None and mail.outbox == []
    assert Notification.objects.get(pk=notification.pk).emailed_at is None

    assert outbox.relay() == 1
    assert outbox.relay() == 0
    message.refresh_from_db()
    assert message.done_at is not None and message.attempts == 1
    assert [m.subject for m in mail.outbox] == ["请回复合作请求"]

    # The same message delivered again (a lost acknowledgement, a second relay) does nothing.
    app.tasks["notifications.send_notification_email"].apply(
        args=[notification.pk], headers={outbox.HEADER: message.pk}
    )
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None


def test_a_message_relayed_long_ago_and_never_done_is_sent_again_once(django_capture_on_commit_callbacks):
    person = user_with_role(Role.ENTERPRISE)
    with _broker_down(), django_capture_on_commit_callbacks(execute=True):
        _notify(person)
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(relayed_at="2026-01-01T00:00:00Z")
    assert outbox.relay() == 1
    assert len(mail.outbox) == 1
    assert outbox.relay() == 0


def test_a_mail_server_that_keeps_failing_is_retried_then_shown_failed_in_the_admin(
    client, django_capture_on_commit_callbacks
):
    person = user_with_role(Role.ENTERPRISE)
    with _broker_down(), django_capture_on_commit_callbacks(execute=True):
        notification = _notify(person)
    message = OutboxMessage.objects.get()
    task = app.tasks["notifications.send_notification_email"]
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    ):
        # The worker's last try: the earlier ones were retried with backoff (30 s doubling to an hour).
        task.apply(
            args=[notification.pk], headers={outbox.HEADER: message.pk}, retries=task.max_retries, throw=False
        )
    assert (task.max_retries, task.retry_backoff, task.retry_backoff_max) == (8, 30, 3600)
    message.refresh_from_db()
    assert message.failed_at is not None and message.done_at is None and message.attempts == 1
    assert message.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert Notification.objects.get(pk=notification.pk).emailed_at is None
    assert outbox.relay() == 0  # failed rows wait for a person, not for the relay

    admin = user_with_role(Role.EDITOR)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    html = client.get("/admin/background-deliveries/?state=failed").content.decode()
    assert "notifications.send_notification_email" in html
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in html


def test_every_queued_call_site_goes_through_the_outbox():
    """Nothing queues a task in on_commit with .delay()/.apply_async(): it goes through the outbox."""
    offenders = []
    skipped = {"tests", "node_modules", "staticfiles", "media", "private", "docs", "locale"}
    for top in settings.BASE_DIR.iterdir():
        if not top.is_dir() or top.name.startswith(".") or top.name in skipped:
            continue
        for path in top.rglob("*.py"):
            relative = path.relative_to(settings.BASE_DIR).as_posix()
            text = path.read_text(encoding="utf-8")
            if (
                relative != "core/outbox.py"
                and "on_commit" in text
                and (".delay(" in text or ".apply_async(" in text)
            ):
                offenders.append(relative)
    assert offenders == []


def test_queues_are_routed_as_documented():
    routes = {
        "search.index_listings": "index",
        "search.drain_pending_index_updates": "index",
        "search.index_chunk": "index",
        "search.apply_glossary_change": "index",
        "search.embed_listing": "embeddings",
        "search.embed_listings": "embeddings",
        "notifications.send_notification_email": "email",
        "notifications.send_daily_digests": "digest",
        "roadshow.release_expired_holds": "payments",
        "roadshow.send_session_reminders": "default",
        "dealflow.send_deadline_reminders": "default",
        "core.relay_outbox": "default",
    }
    app.loader.import_default_modules()
    router = app.amqp.router
    for task, queue in routes.items():
        assert task in app.tasks, task
        assert router.route({}, task)["queue"].name == queue, task
    assert set(settings.BACKGROUND_QUEUES) == {
        "default",
        "index",
        "embeddings",
        "email",
        "digest",
        "payments",
    }
    # A worker started without -Q consumes every queue.
    assert {queue.name for queue in app.conf.task_queues} == set(settings.BACKGROUND_QUEUES)
    docs = (settings.BASE_DIR / "docs" / "queues.md").read_text(encoding="utf-8")
    for task, queue in routes.items():
        assert f"| `{task}` | `{queue}` |" in docs, task
