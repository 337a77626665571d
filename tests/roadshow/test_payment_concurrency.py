"""200 people at once for 50 paid seats, half paying by Stripe Checkout (stripe-mock), half by bank
transfer: exactly 50 seats held, nobody twice, every holder with their payment under way. And which
methods a series offers, and the editors' API for marking paid and refunding."""

import contextlib
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import pytest
from django.db import connection, connections
from django.urls import reverse

from accounts.models import User
from roadshow import passes
from roadshow.models import BankTransfer, Registration, RoadshowSession
from roadshow.payment_methods import offered_methods
from roadshow.payments import start_checkout
from tests.factories.roadshow import RoadshowSeriesFactory
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


@pytest.mark.stripe
@pytest.mark.django_db
def test_each_series_chooses_its_methods_and_stripe_opens_checkout(stripe_mock, client):
    enable_bank_transfer()
    both = paid_session()
    series = RoadshowSeriesFactory(accepts_bank_transfer=False)
    stripe_only = paid_session(series=series)
    buyer, other = User.objects.bulk_create(
        [User(email="both@example.test"), User(email="card@example.test")]
    )
    assert offered_methods(both) == ["stripe", "bank_transfer"]
    assert offered_methods(stripe_only) == ["stripe"]
    client.force_login(buyer)
    page = client.get(both.get_absolute_url()).content.decode()
    assert 'value="stripe"' in page and 'value="bank_transfer"' in page
    response = client.post(reverse("roadshow:register", kwargs={"pk": both.pk}), {"method": "stripe"})
    registration = Registration.objects.get(user=buyer)
    assert response.status_code == 302 and response.url.startswith("http")
    assert registration.stripe_checkout_session_id and not BankTransfer.objects.exists()
    # A method the series does not take is refused before anything changes.
    client.force_login(other)
    client.post(reverse("roadshow:register", kwargs={"pk": stripe_only.pk}), {"method": "bank_transfer"})
    assert not Registration.objects.filter(user=other).exists()


@pytest.mark.django_db
def test_editors_mark_paid_and_record_refunds_through_the_api(client, settings, editor, investor):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session()
    registration = passes.buy_pass(session=session, user=investor, method="bank_transfer")
    reference = registration.bank_transfer.reference
    client.force_login(investor)
    assert client.get(reverse("api-roadshow-bank-transfers")).status_code == 403
    refund_url = reverse("api-roadshow-transfer-refund", kwargs={"reference": reference})
    assert client.post(refund_url, {"refund_reference": "X"}).status_code == 403
    client.force_login(editor)
    listed = client.get(reverse("api-roadshow-bank-transfers") + "?status=awaiting").json()
    assert [row["reference"] for row in listed["results"]] == [reference]
    paid = client.post(reverse("api-roadshow-transfer-paid", kwargs={"reference": reference.lower()}))
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"
    assert client.post(refund_url, {"refund_reference": ""}).status_code == 400
    refunded = client.post(refund_url, {"refund_reference": "HX-0001"})
    assert refunded.json()["status"] == "refunded" and refunded.json()["refund_reference"] == "HX-0001"
    assert Registration.objects.get(pk=registration.pk).status == "refunded"
