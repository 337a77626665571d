"""The transactional outbox: background work written to PostgreSQL, then relayed to Celery.

``enqueue(task, *args)`` writes an OutboxMessage in the caller's transaction and, once it commits,
tries to hand it to the broker at once. When the broker is down the row waits; the beat task
``core.relay_outbox`` sends it when the broker is back. Every task runs through ``OutboxTask``: a
message carries its row's id (the idempotency key), the worker claims the row before running and
marks it done after, so a message relayed or delivered twice does its work once. A task that
fails for good (retries exhausted) marks the row failed, with the error, for the admin.
"""

import logging
import threading
from datetime import timedelta

from celery import Task, current_app
from celery.exceptions import Retry
from django.apps import apps
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

HEADER = "outbox_id"
# A claimed message whose worker died is free to run again after this long.
LEASE = timedelta(minutes=10)
# A relayed message still not done after this long is assumed lost by the broker and sent again.
RESEND_AFTER = timedelta(hours=2)
KEEP_DONE = timedelta(days=7)

# What a lost broker raises on publish (kombu wraps most, the Redis client and sockets the rest).
BROKER_ERRORS = (OperationalError, RedisError, OSError)

_broker_down = threading.Event()
_import_lock = threading.Lock()


def _model():
    # By name: this module is imported when the Celery app is made, before the app registry is ready.
    return apps.get_model("core", "OutboxMessage")


def enqueue(task, *args, **kwargs):
    """Queue ``task`` (a Celery task or its name) to run once after the current transaction commits.

    Side effects: writes an OutboxMessage in the current transaction; after commit, publishes it
    to the broker (or leaves it for ``relay`` when the broker is unreachable).
    """
    name = task if isinstance(task, str) else task.name
    message = _model().objects.create(task=name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: relay(ids=[message.pk]))
    return message


def relay(*, ids=None, limit=500):
    """Publish waiting outbox messages to the broker; returns how many were sent.

    Side effects: publishes Celery messages, sets relayed_at; messages relayed long ago and never
    done are sent again (their id keeps the work to once); done rows older than a week are deleted.
    """
    model = _model()
    now = timezone.now()
    waiting = Q(relayed_at__isnull=True) | Q(relayed_at__lt=now - RESEND_AFTER)
    pending = model.objects.filter(waiting, done_at__isnull=True, failed_at__isnull=True)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    sent = 0
    with transaction.atomic():
        for message in pending.select_for_update(skip_locked=True).order_by("pk")[:limit]:
            if not _publish(message):
                break
            model.objects.filter(pk=message.pk).update(relayed_at=timezone.now())
            sent += 1
    if ids is None:
        model.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    return sent


def _task(name):
    if name not in current_app.tasks:
        # The web process imports task modules only when something uses them: find them all once
        # (under a lock: a second thread would otherwise see the modules half imported).
        with _import_lock:
            current_app.loader.import_default_modules()
    return current_app.tasks.get(name)


def _publish(message):
    task = _task(message.task)
    options = {"headers": {HEADER: message.pk}, "retry": False}
    try:
        if task is None:
            current_app.send_task(message.task, args=message.args, kwargs=message.kwargs, **options)
        else:
            task.apply_async(args=message.args, kwargs=message.kwargs, **options)
    except BROKER_ERRORS as error:
        if current_app.conf.task_always_eager:
            raise  # eager: no broker; the task itself failed, as a direct call would
        if not _broker_down.is_set():
            logger.warning("outbox: broker unreachable (%s); messages wait for the relay", error)
            _broker_down.set()
        return False
    if _broker_down.is_set():
        logger.warning("outbox: broker reachable again")
        _broker_down.clear()
    return True


def message_id(request):
    """The outbox id a running task was sent with, or None when it came from elsewhere (beat)."""
    value = getattr(request, HEADER, None)
    if value is None:
        value = (getattr(request, "headers", None) or {}).get(HEADER)
    return value


class OutboxTask(Task):
    """Every task of the project: runs an outbox message's work once and records how it went."""

    def __call__(self, *args, **kwargs):
        pk = message_id(self.request)
        if pk is None:
            return super().__call__(*args, **kwargs)
        model = _model()
        now = timezone.now()
        claimed = (
            model.objects.filter(pk=pk, done_at__isnull=True, failed_at__isnull=True)
            .filter(Q(started_at__isnull=True) | Q(started_at__lt=now - LEASE))
            .update(started_at=now, attempts=F("attempts") + 1)
        )
        if not claimed:
            logger.info("outbox: message %s is done or running elsewhere; skipped", pk)
            return None
        try:
            result = super().__call__(*args, **kwargs)
        except Retry as retry:
            model.objects.filter(pk=pk).update(started_at=None, last_error=str(retry.exc or retry)[:2000])
            raise
        except BaseException:
            # Released here; on_failure marks the row failed when no retry follows.
            model.objects.filter(pk=pk).update(started_at=None)
            raise
        model.objects.filter(pk=pk).update(done_at=timezone.now(), last_error="")
        return result

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        pk = message_id(self.request)
        if pk is not None:
            _model().objects.filter(pk=pk, done_at__isnull=True).update(
                failed_at=timezone.now(), last_error=f"{exc.__class__.__name__}: {exc}"[:2000]
            )
        super().on_failure(exc, task_id, args, kwargs, einfo)
