"""Settings for the real Celery worker that the digest crash test starts.

The base settings read the database from DATABASE_URL (the test passes its own test database);
here e-mail goes to files the test reads across processes, tasks are not eager, the queue is the
test's own (other people's workers share the Redis), and the digest pauses between people so the
test can kill the worker in the middle of a run.
"""

import os

from marketplace.settings.base import *  # noqa: F403

CELERY_BROKER_URL = os.environ["REDIS_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["DIGEST_TEST_QUEUE"]
# Everything on the test's own queue: the per-kind routes would send work to queues no test worker reads.
CELERY_TASK_ROUTES = {}
# Redelivery of a message whose worker died comes after this many seconds, not the hour production waits.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["DIGEST_EMAIL_DIR"]
DIGEST_PAUSE_SECONDS = float(os.environ.get("DIGEST_PAUSE_SECONDS", "0"))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SEARCH_BACKEND = "embedded"
ELASTICSEARCH_DSL_AUTOSYNC = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
