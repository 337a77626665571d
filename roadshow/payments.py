"""Paid roadshow passes through Stripe: Checkout, signed webhooks, refunds.

Uses the official ``stripe`` library with a per-call ``StripeClient`` (no global state), pointed at
``settings.STRIPE_API_BASE`` when set (stripe-mock in tests). A registration is confirmed only
by a verified ``checkout.session.completed`` webhook, never by the browser coming back.
"""

import json
import logging
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_cny

from .models import Registration, RoadshowSession, StripeEvent
from .payment_methods import stripe_configured
from .services import CHECKOUT_HOLD, RegistrationError, _tell_confirmed, fill_freed_seats, notify_person
from .voucher_uses import reclaim_voucher_use, release_voucher_use

logger = logging.getLogger(__name__)


class PaymentsNotConfigured(RegistrationError):
    pass


def payments_configured():
    """Whether Stripe has its keys (``payment_methods.offered_methods`` says what a session offers)."""
    return stripe_configured()


def stripe_client():
    if not payments_configured():
        raise PaymentsNotConfigured(
            _("Payment is not configured on this site, so paid sessions cannot be booked.")
        )
    base = getattr(settings, "STRIPE_API_BASE", "")
    options = {"base_addresses": {"api": base}} if base else {}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, max_network_retries=2, **options)


def amount_in_fen(amount):
    return int((Decimal(amount) * 100).quantize(Decimal(1)))


def start_checkout(*, registration, success_url, cancel_url, now=None):
    """Open a Stripe Checkout Session for a registration holding a seat while it pays.

    Side effects: calls Stripe, stores the checkout session id, extends the seat hold to the
    checkout's expiry. Returns the Checkout URL to redirect to.
    """
    now = now or timezone.now()
    if registration.status != Registration.Status.PENDING_PAYMENT:
        raise RegistrationError(_("There is nothing to pay for this registration."))
    session = registration.session
    expires_at = max(now + CHECKOUT_HOLD, registration.hold_expires_at or now)
    # Stripe accepts between 30 minutes and 24 hours.
    stripe_expiry = min(expires_at, now + timezone.timedelta(hours=23, minutes=55))
    checkout = stripe_client().v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "success_url": success_url,
            "cancel_url": cancel_url,
            "client_reference_id": str(registration.pk),
            "customer_email": registration.user.email,
            "expires_at": int(stripe_expiry.timestamp()),
            "metadata": {"registration": str(registration.pk), "session": str(session.pk)},
            "payment_intent_data": {"metadata": {"registration": str(registration.pk)}},
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": getattr(settings, "STRIPE_CURRENCY", "cny"),
                        "unit_amount": amount_in_fen(registration.amount_cny),
                        "product_data": {"name": str(session)},
                    },
                }
            ],
        },
        options={"idempotency_key": f"roadshow-checkout-{registration.pk}-{int(now.timestamp())}"},
    )
    Registration.objects.filter(pk=registration.pk).update(
        stripe_checkout_session_id=checkout.id, hold_expires_at=stripe_expiry + timezone.timedelta(minutes=5)
    )
    registration.stripe_checkout_session_id = checkout.id
    return checkout.url


def expire_checkout_session(*, checkout_session_id):
    """Close an open Checkout Session so nobody pays for a seat they gave up. Side effects: calls Stripe."""
    stripe_client().v1.checkout.sessions.expire(checkout_session_id)


def refund_registration(*, registration, now=None):
    """Refund a paid registration through Stripe and free its seat.

    Must run inside a transaction holding the session row lock. Side effects: a Stripe refund
    (idempotent per registration), the registration marked refunded, its voucher use given back, the waiting list filled
    (unless the session is cancelled), the person told.
    """
    now = now or timezone.now()
    refund = stripe_client().v1.refunds.create(
        params={
            "payment_intent": registration.stripe_payment_intent_id,
            "metadata": {"registration": str(registration.pk)},
        },
        options={
            "idempotency_key": f"roadshow-refund-{registration.pk}-{registration.stripe_payment_intent_id}"
        },
    )
    _mark_refunded(registration, now=now, refund_id=refund.id)


def _mark_refunded(registration, *, now, refund_id=""):
    registration.status = Registration.Status.REFUNDED
    registration.refunded_at = now
    registration.cancelled_at = registration.cancelled_at or now
    registration.stripe_refund_id = refund_id or registration.stripe_refund_id
    registration.save(update_fields=["status", "refunded_at", "cancelled_at", "stripe_refund_id"])
    release_voucher_use(registration=registration, now=now)
    session = registration.session
    notify_person(
        recipient=registration.user,
        kind="refunded",
        title=lambda: _("Refunded: %(name)s") % {"name": session.name},
        body=lambda: _("Your payment of %(amount)s is on its way back.")
        % {"amount": format_cny(registration.amount_cny)},
        url=session.get_absolute_url(),
        dedupe_key=f"roadshow:refunded:{registration.pk}",
    )
    if not session.is_cancelled:
        fill_freed_seats(session=session, now=now)


# --- Webhook ------------------------------------------------------------------------------------


class WebhookError(Exception):
    """The webhook body or signature is not acceptable (answer 400)."""


def construct_event(*, payload, signature):
    """Verify the Stripe-Signature header and parse the event as plain data.

    WebhookError when the signature does not verify or the body is not a well-formed event.
    """
    secret = getattr(settings, "STRIPE_WEBHOOK_SECRET", "")
    if not secret:
        raise WebhookError("Stripe webhooks are not configured.")
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature or "", secret, tolerance=stripe.Webhook.DEFAULT_TOLERANCE
        )
    except stripe.SignatureVerificationError as exc:
        raise WebhookError(str(exc)) from exc
    try:
        # Verified: read the body as plain data (the library's objects are not dicts).
        return _well_formed(json.loads(payload))
    except ValueError as exc:
        raise WebhookError(f"The body is not JSON: {exc}") from exc


def handle_webhook(*, payload, signature, now=None):
    """Verify, record once and apply a Stripe webhook event.

    Side effects: a StripeEvent row per event id (a replayed event changes nothing), and the
    registration changes the event calls for. Returns (StripeEvent, is_new).
    """
    event = construct_event(payload=payload, signature=signature)
    now = now or timezone.now()
    obj = event["data"]["object"]
    payment_intent = obj.get("payment_intent") if obj.get("object") != "payment_intent" else obj.get("id")
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(
                event_id=event["id"],
                type=event["type"],
                object_id=obj.get("id") or "",
                payment_intent_id=payment_intent or "",
                payload=event,
            )
            handler = HANDLERS.get(event["type"])
            record.outcome = handler(obj, now=now) if handler else "ignored: not a roadshow event"
            record.save(update_fields=["outcome"])
    except IntegrityError:
        return StripeEvent.objects.get(event_id=event["id"]), False
    logger.info("Stripe event %s %s: %s", record.type, record.event_id, record.outcome)
    return record, True


def _well_formed(event):
    """The event if it has the shape every handler relies on; WebhookError otherwise."""
    data = event.get("data") if isinstance(event, dict) else None
    obj = data.get("object") if isinstance(data, dict) else None

    def text(value, max_length):
        return isinstance(value, str) and len(value) <= max_length

    if not (
        isinstance(obj, dict)
        and text(event.get("id"), 255)
        and event["id"]
        and text(event.get("type"), 100)
        and all(text(obj.get(key) or "", 255) for key in ("id", "payment_intent", "client_reference_id"))
    ):
        raise WebhookError("The event is not a Stripe event object (id, type, data.object).")
    if event["type"].startswith("checkout.session.") and not obj.get("id"):
        raise WebhookError("A checkout session event without the session id.")
    return event


def _locked_registration(**lookup):
    registration = Registration.objects.filter(**lookup).first()
    if registration is None:
        return None, None
    session = RoadshowSession.objects.select_for_update().get(pk=registration.session_id)
    registration = Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)
    registration.session = session
    return registration, session


def _registration_for_checkout(obj):
    registration, session = _locked_registration(stripe_checkout_session_id=obj["id"])
    if registration is None and (obj.get("client_reference_id") or "").isdigit():
        registration, session = _locked_registration(pk=int(obj["client_reference_id"]))
    return registration, session


def _on_checkout_completed(obj, *, now):
    if obj.get("payment_status") not in ("paid", "no_payment_required"):
        return "awaiting an asynchronous payment"
    registration, session = _registration_for_checkout(obj)
    if registration is None:
        return "no registration for this checkout session"
    Status = Registration.Status
    payment_intent = obj.get("payment_intent") or ""
    if registration.status == Status.CONFIRMED:
        return "already confirmed"
    if registration.status == Status.REFUNDED:
        return "already refunded"
    expected = (amount_in_fen(registration.amount_cny), getattr(settings, "STRIPE_CURRENCY", "cny"))
    paid = (obj.get("amount_total"), str(obj.get("currency") or "").lower())
    if paid != expected:
        logger.warning(
            "Stripe checkout %s for registration %s paid %s %s, expected %s %s: not confirmed",
            obj["id"],
            registration.pk,
            *paid,
            *expected,
        )
        return f"refused: paid {paid[0]} {paid[1]}, expected {expected[0]} {expected[1]}"
    registration.stripe_payment_intent_id = payment_intent
    registration.stripe_checkout_session_id = obj["id"]
    registration.paid_at = now
    if (
        payment_intent
        and StripeEvent.objects.filter(type="charge.refunded", payment_intent_id=payment_intent).exists()
    ):
        # The refund arrived before the payment: the seat is not taken.
        registration.save(update_fields=["stripe_payment_intent_id", "stripe_checkout_session_id", "paid_at"])
        _mark_refunded(registration, now=now)
        return "refunded before completion arrived"
    holds_seat = registration.status == Status.PENDING_PAYMENT
    seat_free = holds_seat or (
        not session.is_cancelled
        and session.registrations.holding_seats().exclude(pk=registration.pk).count() < session.capacity
    )
    # After its hold expired the registration gave its code's use back: it needs it again.
    if seat_free and (holds_seat or reclaim_voucher_use(registration=registration)):
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.hold_expires_at = None
        registration.save()
        _tell_confirmed(registration)
        return "confirmed"
    # Paid after the hold ran out and the seat (or the code's last use) went to someone else: give
    # the money back.
    registration.save(update_fields=["stripe_payment_intent_id", "stripe_checkout_session_id", "paid_at"])
    if payment_intent:
        refund_registration(registration=registration, now=now)
        return "paid too late: refunded"
    return "paid too late: no payment intent to refund"


def _on_checkout_ended(obj, *, now):
    registration, session = _registration_for_checkout(obj)
    if registration is None:
        return "no registration for this checkout session"
    if (
        registration.status != Registration.Status.PENDING_PAYMENT
        or registration.stripe_checkout_session_id != obj["id"]
    ):
        return f"ignored: registration is {registration.status}"
    registration.status = Registration.Status.EXPIRED
    registration.save(update_fields=["status"])
    release_voucher_use(registration=registration, now=now)
    fill_freed_seats(session=session, now=now)
    notify_person(
        recipient=registration.user,
        kind="payment_not_completed",
        title=lambda: _("Payment not completed: %(name)s") % {"name": session.name},
        body=lambda: _("Your seat was released. You can register again if seats are left."),
        url=session.get_absolute_url(),
        dedupe_key=f"roadshow:expired:{registration.pk}:{obj['id']}",
    )
    return "seat released"


def _on_payment_failed(obj, *, now):
    # The person can retry inside Checkout until it expires, so the seat stays held.
    registration = Registration.objects.filter(stripe_payment_intent_id=obj["id"]).first()
    return f"payment failed; registration {registration.pk if registration else 'unknown'} keeps its hold"


def _on_charge_refunded(obj, *, now):
    payment_intent = obj.get("payment_intent") or ""
    if not payment_intent:
        return "no payment intent"
    registration, _session = _locked_registration(stripe_payment_intent_id=payment_intent)
    if registration is None:
        return "no registration yet; applied when the payment arrives"
    if registration.status == Registration.Status.REFUNDED:
        return "already refunded"
    _mark_refunded(registration, now=now)
    return "refunded; seat freed"


HANDLERS = {
    "checkout.session.completed": _on_checkout_completed,
    "checkout.session.async_payment_succeeded": _on_checkout_completed,
    "checkout.session.expired": _on_checkout_ended,
    "checkout.session.async_payment_failed": _on_checkout_ended,
    "payment_intent.payment_failed": _on_payment_failed,
    "charge.refunded": _on_charge_refunded,
}
