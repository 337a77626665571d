"""A Redis cache that degrades instead of failing: Redis errors become misses, logged once.

Django's RedisCache lets a lost Redis raise on every page (Wagtail's site-root cache, allauth's
rate limits, DRF's throttles all read the default cache). This backend catches the error, logs it
once per outage, and answers from a per-process local-memory fallback (with ``FALLBACK: True``, the
default alias: rate limits keep counting in each process) or as a plain miss (``FALLBACK: False``,
the page cache: a page is rendered rather than served from a copy no other process can invalidate).
For ``RETRY_AFTER`` seconds after an error Redis is not asked at all, so an outage costs no
connection attempt per call.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_MISSING = object()


class ResilientRedisCache(RedisCache):
    """RedisCache whose connection errors become misses (or fallback hits); see the module docstring."""

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.use_fallback = options.pop("FALLBACK", True)
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        # A stopped Redis refuses at once; a lost host must not hold a page for long either.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self.fallback = LocMemCache(f"resilient-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_down(self):
        return time.monotonic() < self._down_until

    def _failed(self, error):
        with self._lock:
            first = self._down_until == 0.0
            self._down_until = time.monotonic() + self.retry_after
        if first:
            logger.warning(
                "cache: Redis is unreachable (%s); serving without it until it returns",
                error.__class__.__name__,
            )

    def _recovered(self):
        if self._down_until:
            with self._lock:
                self._down_until = 0.0
            logger.warning("cache: Redis is reachable again")

    def _call(self, name, *args, miss=None, **kwargs):
        if not self.is_down:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                self._failed(error)
            else:
                self._recovered()
                return result
        if self.use_fallback:
            return getattr(self.fallback, name)(*args, **kwargs)
        return miss() if callable(miss) else miss

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version, miss=False)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version, miss=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version, miss=None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version, miss=False)

    def delete(self, key, version=None):
        return self._call("delete", key, version, miss=False)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version, miss=dict)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version, miss=False)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")

        return self._call("incr", key, delta, version, miss=missing)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version, miss=list)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version, miss=None)

    def clear(self):
        return self._call("clear", miss=False)
