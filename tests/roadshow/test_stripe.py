"""Paid passes against stripe-mock through the real stripe library, with signed webhooks."""

import json
import os
import socket
import time
from datetime import timedelta
from urllib.parse import urlparse

import pytest
import stripe
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from roadshow import services
from roadshow.models import Registration, StripeEvent
from tests.factories import user_with_role
from tests.factories.roadshow import RoadshowSessionFactory

WEBHOOK_SECRET = "whsec_roadshow_test"
pytestmark = [pytest.mark.stripe, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def stripe_mock(settings):
    base = os.environ.get("STRIPE_API_BASE") or "http://127.0.0.1:12111"
    url = urlparse(base)
    try:
        socket.create_connection((url.hostname, url.port), timeout=2).close()
    except OSError:
        pytest.fail(f"stripe-mock is not running at {base}: bash scripts/services.sh start stripe")
    settings.STRIPE_API_BASE = base
    settings.STRIPE_SECRET_KEY = "sk_test_roadshow"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


def post_event(client, event_type, obj, *, event_id=None, secret=WEBHOOK_SECRET):
    payload = json.dumps(
        {
            "id": event_id or f"evt_{event_type.replace('.', '_')}_{obj['id']}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "data": {"object": obj},
        }
    )
    header = stripe.WebhookSignature.generate_signature_header(payload, secret)
    return client.post(
        reverse("roadshow_stripe_webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


def completed(registration, pi="pi_roadshow_1"):
    return {
        "id": registration.stripe_checkout_session_id,
        "object": "checkout.session",
        "client_reference_id": str(registration.pk),
        "payment_status": "paid",
        "payment_intent": pi,
        "amount_total": int(registration.amount_cny * 100),
        "currency": "cny",
    }


def register_and_checkout(client, user, session):
    client.force_login(user)
    response = client.post(reverse("roadshow:register", kwargs={"pk": session.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith("https://checkout.stripe.com/")
    registration = Registration.objects.get(session=session, user=user)
    assert registration.status == "pending_payment"
    assert registration.stripe_checkout_session_id.startswith("cs_")
    return registration


def test_paid_registration_is_confirmed_only_by_a_signed_webhook_and_replay_changes_nothing(client):
    session = RoadshowSessionFactory(price_cny=199, capacity=5)
    investor = user_with_role(Role.INVESTOR)
    registration = register_and_checkout(client, investor, session)

    # Coming back from Checkout confirms nothing.
    client.get(reverse("roadshow:payment_return", kwargs={"pk": session.pk}))
    registration.refresh_from_db()
    assert registration.status == "pending_payment"

    response = post_event(client, "checkout.session.completed", completed(registration), event_id="evt_1")
    assert response.status_code == 200
    assert response.content == b"recorded: confirmed"
    registration.refresh_from_db()
    assert (registration.status, registration.stripe_payment_intent_id) == ("confirmed", "pi_roadshow_1")
    confirmed_at = registration.confirmed_at

    again = post_event(client, "checkout.session.completed", completed(registration), event_id="evt_1")
    assert again.status_code == 200
    assert again.content == b"duplicate: confirmed"
    registration.refresh_from_db()
    assert registration.confirmed_at == confirmed_at
    assert StripeEvent.objects.count() == 1


def test_forged_signature_is_refused_with_400_and_nothing_recorded(client):
    session = RoadshowSessionFactory(price_cny=199)
    registration = register_and_checkout(client, user_with_role(Role.INVESTOR), session)
    response = post_event(
        client, "checkout.session.completed", completed(registration), secret="whsec_forged"
    )
    assert response.status_code == 400
    unsigned = client.post(reverse("roadshow_stripe_webhook"), "{}", content_type="application/json")
    assert unsigned.status_code == 400
    registration.refresh_from_db()
    assert registration.status == "pending_payment"
    assert not StripeEvent.objects.exists()


def test_refund_frees_the_seat_for_the_next_in_line(client):
    session = RoadshowSessionFactory(price_cny=199, capacity=1)
    first, second, third = (user_with_role(Role.INVESTOR) for _ in range(3))
    registration = register_and_checkout(client, first, session)
    post_event(client, "checkout.session.completed", completed(registration, pi="pi_first"))
    assert services.register(session=session, user=second).status == "waitlisted"
    assert services.register(session=session, user=third).status == "waitlisted"

    refund = {"id": "ch_first", "object": "charge", "payment_intent": "pi_first", "refunded": True}
    assert post_event(client, "charge.refunded", refund).content == b"recorded: refunded; seat freed"
    statuses = dict(session.registrations.values_list("user_id", "status"))
    assert statuses == {first.pk: "refunded", second.pk: "pending_payment", third.pk: "waitlisted"}

    # The offered person pays through Checkout and the webhook confirms them.
    offered = Registration.objects.get(user=second)
    client.force_login(second)
    assert client.post(reverse("roadshow:pay", kwargs={"pk": session.pk}))["Location"].startswith("https://")
    offered.refresh_from_db()
    post_event(client, "checkout.session.completed", completed(offered, pi="pi_second"))
    offered.refresh_from_db()
    assert offered.status == "confirmed"


def test_expired_checkout_releases_the_seat_and_a_late_completion_is_refunded(client):
    session = RoadshowSessionFactory(price_cny=199, capacity=1)
    slow, waiting = user_with_role(Role.INVESTOR), user_with_role(Role.INVESTOR)
    registration = register_and_checkout(client, slow, session)
    services.register(session=session, user=waiting)
    expired = {
        "id": registration.stripe_checkout_session_id,
        "object": "checkout.session",
        "payment_status": "unpaid",
    }
    assert post_event(client, "checkout.session.expired", expired).content == b"recorded: seat released"
    assert Registration.objects.get(user=waiting).status == "pending_payment"
    # Out of order: the completion of the expired session arrives after all; the seat is gone.
    late = post_event(client, "checkout.session.completed", completed(registration, pi="pi_late"))
    assert late.content == b"recorded: paid too late: refunded"
    registration.refresh_from_db()
    assert registration.status == "refunded"
    assert registration.stripe_refund_id.startswith("re_")


def test_refund_arriving_before_completion_never_confirms(client):
    session = RoadshowSessionFactory(price_cny=199, capacity=3)
    registration = register_and_checkout(client, user_with_role(Role.INVESTOR), session)
    refund = {"id": "ch_early", "object": "charge", "payment_intent": "pi_early", "refunded": True}
    post_event(client, "charge.refunded", refund)
    post_event(client, "checkout.session.completed", completed(registration, pi="pi_early"))
    registration.refresh_from_db()
    assert registration.status == "refunded"


def test_cancelling_within_the_window_refunds_through_stripe(client):
    session = RoadshowSessionFactory(price_cny=199, refund_window_hours=24)
    investor = user_with_role(Role.INVESTOR)
    registration = register_and_checkout(client, investor, session)
    post_event(client, "checkout.session.completed", completed(registration, pi="pi_cancel"))
    client.post(reverse("roadshow:cancel_registration", kwargs={"pk": session.pk}))
    registration.refresh_from_db()
    assert registration.status == "refunded"
    assert registration.stripe_refund_id.startswith("re_")


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_register_when_stripe_cannot_be_reached_keeps_the_seat_held_and_offers_a_retry(client, settings):
    session = RoadshowSessionFactory(price_cny=199, capacity=1)
    investor = user_with_role(Role.INVESTOR, preferred_language="en")
    client.force_login(investor)
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{_closed_port()}"
    before = timezone.now()

    with translation.override("en"):
        register_url = reverse("roadshow:register", kwargs={"pk": session.pk})
    response = client.post(register_url, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    registration = Registration.objects.get(session=session, user=investor)
    assert registration.status == "pending_payment"
    assert registration.stripe_checkout_session_id == ""
    hold = registration.hold_expires_at - before
    assert services.CHECKOUT_HOLD <= hold < services.CHECKOUT_HOLD + timedelta(minutes=1)
    until = f"{timezone.localtime(registration.hold_expires_at):%Y-%m-%d %H:%M}"
    assert (
        "The payment service could not be reached, so nothing was charged. Your seat is held until "
        f"{until}: try again with the button below"
    ) in html.replace("&#x27;", "'")
    with translation.override("en"):
        assert reverse("roadshow:pay", kwargs={"pk": session.pk}) in html  # the retry button

    # Someone else cannot take the held seat; once Stripe answers, the retry opens Checkout.
    assert services.register(session=session, user=user_with_role(Role.INVESTOR)).status == "waitlisted"
    settings.STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE") or "http://127.0.0.1:12111"
    retry = client.post(reverse("roadshow:pay", kwargs={"pk": session.pk}))
    assert retry.status_code == 302 and retry["Location"].startswith("https://checkout.stripe.com/")


def test_pay_when_stripe_cannot_be_reached_shows_a_message_not_an_error(client, settings):
    session = RoadshowSessionFactory(price_cny=199)
    investor = user_with_role(Role.INVESTOR, preferred_language="en")
    registration = services.register(session=session, user=investor)
    client.force_login(investor)
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{_closed_port()}"
    with translation.override("en"):
        pay_url = reverse("roadshow:pay", kwargs={"pk": session.pk})
    response = client.post(pay_url, follow=True)
    assert response.status_code == 200
    assert "The payment service could not be reached" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "pending_payment"


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        '{"id": "evt_x"}',
        '{"id": "evt_x", "type": "checkout.session.completed", "data": {}}',
        '{"id": "evt_x", "type": "checkout.session.completed", "data": {"object": []}}',
        '{"id": "evt_x", "type": "checkout.session.completed", "data": {"object": {"object": "checkout.session"}}}',
        '{"id": 7, "type": "checkout.session.completed", "data": {"object": {"id": "cs_1"}}}',
        '{"id": "evt_x", "type": "charge.refunded", "data": {"object": {"id": "ch", "payment_intent": 5}}}',
    ],
)
def test_webhook_with_a_valid_signature_but_malformed_body_answers_400_and_logs(client, caplog, body):
    header = stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET)
    response = client.post(
        reverse("roadshow_stripe_webhook"),
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400
    assert response.content.decode().startswith("Webhook refused: ")
    assert "Stripe webhook refused: " in caplog.text
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize(
    ("amount_total", "currency"), [(100, "cny"), (19900, "usd"), (None, None), ("19900", "cny")]
)
def test_webhook_refuses_a_payment_whose_amount_or_currency_differs(client, caplog, amount_total, currency):
    session = RoadshowSessionFactory(price_cny=199, capacity=5)
    registration = register_and_checkout(client, user_with_role(Role.INVESTOR), session)
    paid = {**completed(registration), "amount_total": amount_total, "currency": currency}
    response = post_event(client, "checkout.session.completed", paid)
    assert response.status_code == 200
    assert (
        response.content.decode()
        == f"recorded: refused: paid {amount_total} {currency or ''}, expected 19900 cny"
    )
    registration.refresh_from_db()
    assert (registration.status, registration.confirmed_at, registration.paid_at) == (
        "pending_payment",
        None,
        None,
    )
    assert f"for registration {registration.pk} paid {amount_total}" in caplog.text
