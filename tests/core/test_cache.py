"""The Redis cache backend survives a lost Redis: errors become misses, logged once."""

import logging
import socket

import pytest
from django.urls import reverse
from django.utils import translation

from core.cache import ResilientRedisCache
from tests.factories import UserFactory


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


@pytest.mark.django_db
def test_sign_in_rate_limits_keep_working_while_redis_is_down(settings, client):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"FALLBACK": True},
        },
    }
    UserFactory(email="owner@example.test")
    with translation.override("en"):
        url = reverse("account_login")

    def sign_in(password):
        client.logout()
        return client.post(
            url, {"login": "owner@example.test", "password": password}, REMOTE_ADDR="203.0.113.9"
        )

    for _ in range(5):
        assert sign_in("wrong-guess").status_code == 200
    refused = sign_in("correct-horse-battery")
    assert "Too many failed login attempts. Try again later." in refused.content.decode()
    assert "_auth_user_id" not in client.session
