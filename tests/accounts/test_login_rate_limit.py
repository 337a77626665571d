"""Wrong passwords are limited per account and address: a stranger's guesses never lock the owner out."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
STRANGER, OWNER_HOME = "203.0.113.5", "198.51.100.7"
TOO_MANY = "Too many failed login attempts. Try again later."


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the counters live in the cache, which outlives a test's rollback
    yield
    cache.clear()


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.test")


def sign_in(client, address, password):
    client.logout()
    with translation.override("en"):
        url = reverse("account_login")
    return client.post(
        url,
        {"login": "owner@example.test", "password": password},
        REMOTE_ADDR=address,
    )


def test_strangers_wrong_passwords_do_not_lock_the_owner_out_from_another_address(client, owner):
    for _ in range(5):
        assert sign_in(client, STRANGER, "wrong-guess").status_code == 200
    refused = sign_in(client, STRANGER, "correct-horse-battery")
    assert refused.status_code == 200
    assert TOO_MANY in refused.content.decode()
    assert "_auth_user_id" not in client.session

    allowed = sign_in(client, OWNER_HOME, "correct-horse-battery")
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


def test_wrong_passwords_from_one_address_are_limited_for_that_account(client, owner):
    for _ in range(5):
        sign_in(client, OWNER_HOME, "wrong-guess")
    assert TOO_MANY in sign_in(client, OWNER_HOME, "another-guess").content.decode()


def sign_in_through_proxy(client, forwarded_for):
    """A sign-in as a TLS proxy hands it on: from the proxy's address, the person's in X-Forwarded-For."""
    client.logout()
    with translation.override("en"):
        url = reverse("account_login")
    return client.post(
        url,
        {"login": "owner@example.test", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_sign_ins_are_limited_per_persons_address_not_the_proxys(client, owner):
    # 31 people signing in within a minute through one proxy: the site-wide limit of 30 a minute
    # per address must not count them as one.
    for i in range(31):
        response = sign_in_through_proxy(client, f"198.51.100.{i + 1}")
        assert response.status_code == 302, f"sign-in {i + 1} refused"
        assert client.session["_auth_user_id"] == str(owner.pk)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_one_address_still_gets_thirty_sign_ins_a_minute(client, owner):
    # The address the proxy appended (the last one) counts, not what the client wrote before it.
    for i in range(30):
        assert sign_in_through_proxy(client, f"203.0.113.{i + 1}, 198.51.100.9").status_code == 302
    refused = sign_in_through_proxy(client, "203.0.113.99, 198.51.100.9")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
