"""Settings for the real Celery worker the monthly-report test starts.

The database comes from DATABASE_URL (the test's own), tasks are not eager, the queue is the
test's own (others' workers share the Redis) and files go to a directory the test reads.
"""

import os

from marketplace.settings.base import *  # noqa: F403

CELERY_BROKER_URL = os.environ["REDIS_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["INDICATORS_TEST_QUEUE"]
# Everything on the test's own queue: the per-kind routes would send work to queues no test worker reads.
CELERY_TASK_ROUTES = {}
MEDIA_ROOT = os.environ["INDICATORS_MEDIA_ROOT"]
PRIVATE_MEDIA_ROOT = MEDIA_ROOT.rstrip("/") + "-private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.uploads.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SEARCH_BACKEND = "embedded"
ELASTICSEARCH_DSL_AUTOSYNC = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
