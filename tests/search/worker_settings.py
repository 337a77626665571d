"""Settings for the real Celery worker the search indexing test starts (its own queue, not eager)."""

import os

from marketplace.settings.base import *  # noqa: F403

CELERY_BROKER_URL = os.environ["REDIS_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["SEARCH_TEST_QUEUE"]
# Everything on the test's own queue: the per-kind routes would send work to queues no test worker reads.
CELERY_TASK_ROUTES = {}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SEARCH_BACKEND = "embedded"
LOGGING = {"version": 1, "disable_existing_loggers": False}
