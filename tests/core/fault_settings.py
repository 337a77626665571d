"""Settings for the web server and worker the Redis-loss test starts, against its own Redis.

Like production where it matters (Redis for the cache and the broker, tasks not eager, the
resilient cache backend), with the test's database, e-mail to files and the embedded search.
"""

import os

from marketplace.settings.base import *  # noqa: F403
from marketplace.settings.base import redis_caches

DEBUG = False
ALLOWED_HOSTS = ["*"]
SECRET_KEY = "fault-test-only"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REDIS_URL = os.environ["REDIS_URL"]
CACHES = redis_caches(REDIS_URL)
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
# A message a lost connection left unacknowledged comes back within seconds (the outbox keeps it once).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 5, "socket_connect_timeout": 1}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["FAULT_EMAIL_DIR"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SEARCH_BACKEND = "embedded"
ELASTICSEARCH_DSL_AUTOSYNC = False
MEDIA_ROOT = os.environ["FAULT_MEDIA_ROOT"]
PRIVATE_MEDIA_ROOT = MEDIA_ROOT.rstrip("/") + "-private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.uploads.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
