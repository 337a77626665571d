"""The Redis cache backend survives a lost Redis: errors become misses, logged once."""

import logging
import socket

from core.cache import ResilientRedisCache


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_stopped_redis_gives_misses_and_one_warning(caplog):
    cache = ResilientRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {"OPTIONS": {"FALLBACK": False}})
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.get("site-root", "missing") == "missing"
        cache.set("site-root", [1, 2])
        assert cache.get("site-root") is None
        assert cache.get_many(["a", "b"]) == {}
        assert cache.add("lock", 1) is False
    warnings = [record.getMessage() for record in caplog.records]
    assert warnings == ["cache: Redis is unreachable (ConnectionError); serving without it until it returns"]


def test_with_a_fallback_rate_limits_keep_counting_in_memory():
    cache = ResilientRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {"OPTIONS": {"FALLBACK": True}})
    cache.set("rl:login:127.0.0.1", [1.0, 2.0], 60)
    assert cache.get("rl:login:127.0.0.1") == [1.0, 2.0]
    assert cache.add("rl:once", 1) is True and cache.add("rl:once", 1) is False
    assert cache.incr("rl:once") == 2
