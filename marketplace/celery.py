"""The Celery application: configured from Django settings (CELERY_*), tasks found per app.

Tasks are queued through the outbox (``core.outbox.enqueue``), never with ``.delay()`` directly.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

# Every task runs through the outbox's task class: a message relayed from the outbox runs once.
app = Celery("marketplace", task_cls="core.outbox:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
