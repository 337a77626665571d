"""200 people at once for 50 paid seats, half paying by Stripe Checkout (stripe-mock), half by bank
transfer: exactly 50 seats held, nobody twice, every holder with their payment under way."""

import contextlib
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import pytest
from django.db import connection, connections

from accounts.models import User
from roadshow import passes
from roadshow.models import BankTransfer, Registration, RoadshowSession
from roadshow.payments import start_checkout
from tests.roadshow.payments_support import enable_bank_transfer, paid_session

ATTEMPTS, SEATS, WORKERS = 200, 50, 40


@pytest.fixture
def stripe_mock(settings):
    base = os.environ.get("STRIPE_API_BASE") or "http://127.0.0.1:12111"
    url = urlparse(base)
    try:
        socket.create_connection((url.hostname, url.port), timeout=2).close()
    except OSError:
        pytest.fail(f"stripe-mock is not running at {base}: bash scripts/services.sh start stripe")
    settings.STRIPE_API_BASE = base
    settings.STRIPE_SECRET_KEY = "sk_test_roadshow"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_roadshow_test"


@pytest.mark.postgres
@pytest.mark.stripe
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_paid_registrations_by_stripe_and_bank_transfer_hold_exactly_50_seats(stripe_mock):
    assert connection.vendor == "postgresql", "run with DATABASE_URL pointing at PostgreSQL"
    enable_bank_transfer()
    session = paid_session(capacity=SEATS)
    users = User.objects.bulk_create([User(email=f"paid-rush{i}@example.test") for i in range(ATTEMPTS)])
    start = threading.Barrier(WORKERS)
    errors = []

    def attempt(numbered):
        number, user = numbered
        method = "stripe" if number % 2 else "bank_transfer"
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=5)
            registration = passes.buy_pass(session=RoadshowSession(pk=session.pk), user=user, method=method)
            if registration.status == "pending_payment" and method == "stripe":
                start_checkout(
                    registration=registration,
                    success_url="https://example.test/paid",
                    cancel_url="https://example.test/back",
                )
            return method, registration.status
        except Exception as exc:  # collected and asserted below
            errors.append(repr(exc))
            raise
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(attempt, enumerate(users)))

    assert errors == []
    held = [method for method, status in outcomes if status == "pending_payment"]
    assert len(held) == SEATS
    assert [status for _method, status in outcomes].count("waitlisted") == ATTEMPTS - SEATS
    registrations = Registration.objects.filter(session=session)
    holders = registrations.filter(status="pending_payment")
    assert holders.count() == SEATS == holders.values("user").distinct().count()
    assert registrations.count() == ATTEMPTS
    # Each holder's payment is under way by the method they chose; nobody on the list has one.
    by_bank = holders.filter(bank_transfer__status="awaiting").count()
    by_stripe = holders.exclude(stripe_checkout_session_id="").count()
    assert (by_bank, by_stripe) == (held.count("bank_transfer"), held.count("stripe"))
    assert by_bank + by_stripe == SEATS
    assert BankTransfer.objects.count() == by_bank
    assert BankTransfer.objects.values("reference").distinct().count() == by_bank
    assert not registrations.filter(status="waitlisted").exclude(stripe_checkout_session_id="").exists()
