"""Test settings: fast hashing, local-memory cache and e-mail, eager tasks.

The database and services still come from the environment, so `make test` runs the suite on
PostgreSQL, Redis and Elasticsearch, and a bare `pytest` runs the SQLite smoke pass.
"""

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, env

SECRET_KEY = "test-only-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Off by default: a test that changes data behind the signals' back must not read an old page;
# tests/core/test_pagecache.py switches it on.
PAGE_CACHE_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage", "OPTIONS": {"location": "private"}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# Several test runs may share one PostgreSQL server; each may name its own test database.
if env("TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
# Index updates are synchronous in tests unless a test asks for the worker path.
ELASTICSEARCH_DSL_AUTO_REFRESH = True
# Embedding is slow (the model runs on the CPU): only the tests of matching by meaning turn it on.
SEARCH_EMBEDDINGS = False
SEARCH_EMBEDDINGS_REFRESH_SECONDS = 0
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="binhai-test")
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
assert "accounts" in INSTALLED_APPS
# Serve static files from the apps directly: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
SEARCH_GLOSSARY_CHECK_SECONDS = 0
