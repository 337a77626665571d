"""A code's use goes back when the registration that used it ends: an unpaid hold expires, the person
cancels (page or API), a refund is recorded on the desk or comes from Stripe. Exactly once, also when
the expiry worker and a cancellation race; a late payment takes the use again or is refunded."""

import contextlib
import datetime as dt
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import stripe
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from roadshow import banking, passes, services
from roadshow.models import BankTransfer, Registration, Voucher, VoucherRedemption
from roadshow.voucher_uses import release_voucher_use
from tests.roadshow.payments_support import enable_bank_transfer, investors, paid_session


def used(code):
    return Voucher.objects.get(code=code).used_count


def releases():
    return AuditEntry.objects.filter(action="voucher_use_released").count()


@pytest.fixture
def bank_only(settings):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()


@pytest.mark.django_db
def test_an_expired_hold_gives_the_use_back_and_the_next_person_can_use_the_code(bank_only):
    session = paid_session(price="300", capacity=5)
    Voucher.objects.create(code="ONCE", kind="percent", value=50, max_uses=1)
    slow, next_person = investors(2)
    held = passes.buy_pass(session=session, user=slow, method="bank_transfer", voucher_code="ONCE")
    with pytest.raises(ValidationError) as refused:
        passes.buy_pass(session=session, user=next_person, voucher_code="ONCE")
    assert refused.value.message_dict["voucher_code"] == ["此代码已用完。"]

    assert services.release_expired_holds(now=held.bank_transfer.due_at + dt.timedelta(minutes=1)) == 1
    redemption = VoucherRedemption.objects.get(registration=held)
    assert redemption.released_at is not None and used("ONCE") == 0
    entry = AuditEntry.objects.get(action="voucher_use_released")
    assert (entry.object_id, entry.to_state, entry.note) == (
        redemption.voucher_id,
        "expired",
        f"registration {held.pk}",
    )
    # The worker running again gives nothing back twice.
    services.release_expired_holds(now=held.bank_transfer.due_at + dt.timedelta(hours=1))
    assert used("ONCE") == 0 and releases() == 1

    registration = passes.buy_pass(session=session, user=next_person, voucher_code="once")
    assert (registration.amount_cny, used("ONCE")) == (Decimal("150.00"), 1)


@pytest.mark.django_db
def test_cancelling_on_the_page_or_by_the_api_gives_the_use_back(bank_only, client):
    session = paid_session(price="300")
    Voucher.objects.create(code="TWO", kind="amount", value=100, max_uses=2)
    by_page, by_api = investors(2)
    on_page = passes.buy_pass(session=session, user=by_page, method="bank_transfer", voucher_code="TWO")
    passes.buy_pass(session=session, user=by_api, method="bank_transfer", voucher_code="TWO")
    assert used("TWO") == 2

    client.force_login(by_page)
    client.post(reverse("roadshow:registration_cancel", kwargs={"pk": on_page.pk}))
    assert used("TWO") == 1
    client.force_login(by_api)
    response = client.delete(reverse("api-roadshow-session-registrations", kwargs={"pk": session.pk}))
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert used("TWO") == 0
    assert set(BankTransfer.objects.values_list("status", flat=True)) == {"cancelled"}
    assert VoucherRedemption.objects.filter(released_at__isnull=False).count() == 2


@pytest.mark.django_db
def test_a_refund_recorded_on_the_desk_gives_the_use_back_once(bank_only, client, editor):
    session = paid_session(price="300", refund_window_hours=24)
    Voucher.objects.create(code="HALF", kind="percent", value=50, max_uses=2)
    leaving, staying = investors(2)
    registration = passes.buy_pass(session=session, user=leaving, method="bank_transfer", voucher_code="HALF")
    passes.buy_pass(session=session, user=staying, method="bank_transfer", voucher_code="HALF")
    banking.mark_paid(transfer=registration.bank_transfer, by=editor)
    # Cancelled inside the refund window: the money is due back, the use is already given back.
    services.cancel_registration(registration=registration, user=leaving)
    assert used("HALF") == 1
    client.force_login(editor)
    client.post(
        reverse("roadshow:bank_transfers") + "?status=refund_due",
        {"action": "refund", "transfer": [registration.bank_transfer.pk], "refund_reference": "HX2026-7"},
    )
    registration.refresh_from_db()
    assert registration.status == "refunded"
    assert (used("HALF"), releases()) == (1, 1)


@pytest.mark.django_db
def test_a_late_transfer_takes_the_use_again_or_is_refunded_when_the_code_is_gone(bank_only, editor):
    session = paid_session(price="300", capacity=5)
    Voucher.objects.create(code="LATE", kind="percent", value=50, max_uses=1)
    first, second, third = investors(3)
    early = passes.buy_pass(session=session, user=first, method="bank_transfer", voucher_code="LATE")
    services.release_expired_holds(now=early.bank_transfer.due_at + dt.timedelta(minutes=1))
    assert used("LATE") == 0
    # The money arrives after the hold expired; a seat and the code's use are still free.
    assert banking.mark_paid(transfer=early.bank_transfer, by=editor) == "paid"
    early.refresh_from_db()
    assert (early.status, used("LATE")) == ("confirmed", 1)
    assert VoucherRedemption.objects.get(registration=early).released_at is None

    Voucher.objects.filter(code="LATE").update(max_uses=2)
    late = passes.buy_pass(session=session, user=second, method="bank_transfer", voucher_code="LATE")
    services.release_expired_holds(now=late.bank_transfer.due_at + dt.timedelta(minutes=1))
    # Meanwhile the last use went to someone else: the late transfer is refunded, the limit holds.
    passes.buy_pass(session=session, user=third, method="bank_transfer", voucher_code="LATE")
    assert banking.mark_paid(transfer=BankTransfer.objects.get(registration=late), by=editor) == "refund due"
    late.refresh_from_db()
    assert (late.status, late.bank_transfer.status, used("LATE")) == ("expired", "refund_due", 2)


@pytest.mark.django_db
def test_registering_again_uses_the_code_afresh(bank_only):
    session = paid_session(price="300")
    Voucher.objects.create(code="AGAIN", kind="percent", value=10, max_uses=1)
    (person,) = investors(1)
    registration = passes.buy_pass(session=session, user=person, voucher_code="AGAIN")
    services.cancel_registration(registration=registration, user=person)
    assert used("AGAIN") == 0
    again = passes.buy_pass(session=session, user=person, voucher_code="AGAIN")
    assert again.pk == registration.pk and again.amount_cny == Decimal("270.00")
    redemption = VoucherRedemption.objects.get(registration=again)
    assert (redemption.released_at, used("AGAIN")) == (None, 1)


@pytest.mark.django_db
def _stripe_event(client, secret, event_id, event_type, obj):
    payload = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "data": {"object": obj},
        }
    )
    return client.post(
        reverse("roadshow_stripe_webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe.WebhookSignature.generate_signature_header(payload, secret),
    )


@pytest.mark.django_db
def test_an_expired_stripe_checkout_gives_the_use_back_and_a_late_payment_takes_it_again(client, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_roadshow"
    settings.STRIPE_WEBHOOK_SECRET = secret = "whsec_vouchers"
    session = paid_session(price="300")
    Voucher.objects.create(code="CARD", kind="percent", value=20, max_uses=3)
    (person,) = investors(1)
    registration = passes.buy_pass(session=session, user=person, voucher_code="CARD")
    Registration.objects.filter(pk=registration.pk).update(stripe_checkout_session_id="cs_test_card")
    checkout = {"id": "cs_test_card", "object": "checkout.session", "payment_status": "unpaid"}
    response = _stripe_event(client, secret, "evt_card_expired", "checkout.session.expired", checkout)
    assert response.content == b"recorded: seat released"
    assert (Registration.objects.get(pk=registration.pk).status, used("CARD")) == ("expired", 0)
    # The payment completes after all; a seat and a use of the code are free: confirmed, counted again.
    paid = checkout | {
        "payment_status": "paid",
        "payment_intent": "pi_card_late",
        "client_reference_id": str(registration.pk),
        "amount_total": 24000,
        "currency": "cny",
    }
    response = _stripe_event(client, secret, "evt_card_paid", "checkout.session.completed", paid)
    assert response.content == b"recorded: confirmed"
    assert (Registration.objects.get(pk=registration.pk).status, used("CARD")) == ("confirmed", 1)


RACED, WORKERS = 10, 16


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_expiry_and_cancellation_racing_give_each_use_back_exactly_once(settings):
    assert connection.vendor == "postgresql", "run with DATABASE_URL pointing at PostgreSQL"
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    sessions = [paid_session(price="300", capacity=50) for _ in range(2)]
    Voucher.objects.create(code="RACE", kind="percent", value=50, max_uses=RACED + 1)
    people = investors(RACED + 1)
    keeper = passes.buy_pass(session=sessions[0], user=people[0], method="bank_transfer", voucher_code="RACE")
    raced = [
        passes.buy_pass(session=sessions[i % 2], user=p, method="bank_transfer", voucher_code="RACE")
        for i, p in enumerate(people[1:])
    ]
    past = timezone.now() - dt.timedelta(minutes=1)
    Registration.objects.filter(pk__in=[r.pk for r in raced]).update(hold_expires_at=past)
    assert used("RACE") == RACED + 1
    start = threading.Barrier(WORKERS)
    errors = []

    def run(job):
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=5)
            job()
        except Exception as exc:  # collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    jobs = [services.release_expired_holds] * 3
    jobs += [lambda r=r: services.cancel_registration(registration=r, user=r.user) for r in raced]
    # And the release itself, called directly without any lock, for the same registrations.
    jobs += [lambda r=r: release_voucher_use(registration=r) for r in raced[:3]]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(run, jobs))

    assert errors == []
    assert set(
        Registration.objects.filter(pk__in=[r.pk for r in raced]).values_list("status", flat=True)
    ) <= {
        "expired",
        "cancelled",
    }
    assert used("RACE") == 1  # the keeper's use only
    assert VoucherRedemption.objects.filter(released_at__isnull=False).count() == RACED
    assert releases() == RACED
    assert VoucherRedemption.objects.get(registration=keeper).released_at is None
