"""Vouchers and invitation codes: discounts, a free pass without payment, expiry, scope, one per
registration, and never beyond the limit, also when many people use a code at the same moment."""

import contextlib
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from roadshow import passes, vouchers
from roadshow.models import Registration, RoadshowSession, Voucher, VoucherRedemption
from tests.factories.roadshow import RoadshowSeriesFactory
from tests.roadshow.payments_support import enable_bank_transfer, investors, paid_session


def refusal(exc_info):
    return exc_info.value.message_dict["voucher_code"]


@pytest.mark.django_db
def test_percent_and_amount_codes_lower_the_price_and_the_bank_transfer(settings):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session(price="300")
    Voucher.objects.create(code="TOUZI-50", kind="percent", value=50, max_uses=5)
    Voucher.objects.create(code="MINUS-120", kind="amount", value=120, max_uses=5)
    a, b = investors(2)
    half = passes.buy_pass(session=session, user=a, method="bank_transfer", voucher_code=" touzi-50 ")
    assert half.amount_cny == Decimal("150.00") and half.bank_transfer.amount_cny == Decimal("150.00")
    less = passes.buy_pass(session=session, user=b, method="bank_transfer", voucher_code="MINUS-120")
    assert less.bank_transfer.amount_cny == Decimal("180.00")
    assert dict(Voucher.objects.values_list("code", "used_count")) == {"TOUZI-50": 1, "MINUS-120": 1}


@pytest.mark.django_db
def test_a_100_percent_invitation_confirms_without_payment(
    client, settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session()
    Voucher.objects.create(code="BINHAI-INVITE", kind="percent", value=100, max_uses=2)
    (guest,) = investors(1)
    client.force_login(guest)
    client.post(
        reverse("roadshow:register", kwargs={"pk": session.pk}),
        {"method": "bank_transfer", "voucher_code": "binhai-invite"},
    )
    registration = Registration.objects.get(user=guest)
    assert (registration.status, registration.amount_cny) == ("confirmed", Decimal("0"))
    assert not hasattr(registration, "bank_transfer") or registration.bank_transfer is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("voucher", "message"),
    [
        ({"is_active": False}, "此代码无效。"),
        ({"valid_until": timezone.now() - dt.timedelta(minutes=1)}, "此代码已过期。"),
        ({"max_uses": 1, "used_count": 1}, "此代码已用完。"),
    ],
)
def test_unusable_codes_refuse_before_anything_changes(settings, voucher, message):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session()
    Voucher.objects.create(code="CODE", kind="percent", value=50, **{"max_uses": 3, **voucher})
    (person,) = investors(1)
    with pytest.raises(ValidationError) as error:
        passes.buy_pass(session=session, user=person, method="bank_transfer", voucher_code="CODE")
    assert refusal(error) == [message]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_codes_keep_to_their_series_or_session_and_one_per_registration(settings):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    series = RoadshowSeriesFactory()
    start = timezone.now() + dt.timedelta(days=5)
    in_series = paid_session(series=series, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    elsewhere = paid_session()
    Voucher.objects.create(code="SERIES", kind="percent", value=20, max_uses=9, series=series)
    Voucher.objects.create(code="OTHER", kind="percent", value=30, max_uses=9, session=elsewhere)
    (person,) = investors(1)
    with pytest.raises(ValidationError) as error:
        passes.buy_pass(session=elsewhere, user=person, voucher_code="SERIES")
    assert refusal(error) == ["此代码不适用于本场次。"]
    registration = passes.buy_pass(session=in_series, user=person, voucher_code="SERIES")
    assert registration.amount_cny == Decimal("239.20")
    with pytest.raises(ValidationError) as error:
        vouchers.redeem_voucher(registration=registration, code="OTHER")
    assert refusal(error) == ["每个报名只能使用一个代码。"]
    # The same code again is not a second use.
    vouchers.redeem_voucher(registration=registration, code="series")
    assert Voucher.objects.get(code="SERIES").used_count == 1


@pytest.mark.django_db
def test_the_api_registers_with_a_code_and_bank_transfer(client, settings):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session(price="300")
    Voucher.objects.create(code="API-10", kind="amount", value=10, max_uses=1)
    (person,) = investors(1)
    client.force_login(person)
    url = reverse("api-roadshow-session-registrations", kwargs={"pk": session.pk})
    response = client.post(
        url, {"payment_method": "bank_transfer", "voucher_code": "api-10"}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["amount_cny"], body["voucher_code"], body["payment_method"]) == (
        "pending_payment",
        "290.00",
        "API-10",
        "bank_transfer",
    )
    transfer = body["bank_transfer"]
    assert transfer["amount_cny"] == "290.00" and transfer["payee_account"] == "1234 5678 9012 3456"
    assert transfer["reference"] == Registration.objects.get().bank_transfer.reference
    assert body["checkout_url"] is None


VOUCHER_USES, PEOPLE, WORKERS = 5, 40, 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_code_is_never_used_beyond_its_limit_under_concurrency(settings):
    assert connection.vendor == "postgresql", "run with DATABASE_URL pointing at PostgreSQL"
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    # Four sessions, so the voucher row is the only thing the attempts share (no session lock).
    sessions = [paid_session(capacity=100) for _ in range(4)]
    Voucher.objects.create(code="RUSH", kind="percent", value=100, max_uses=VOUCHER_USES)
    users = User.objects.bulk_create([User(email=f"voucher{i}@example.test") for i in range(PEOPLE)])
    start = threading.Barrier(WORKERS)
    errors, refused = [], []

    def attempt(user):
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=5)
            registration = Registration.objects.filter(user=user).first()
            registration = registration or passes.buy_pass(
                session=RoadshowSession(pk=sessions[user.pk % 4].pk), user=user
            )
            vouchers.redeem_voucher(registration=registration, code="RUSH")
            return "used"
        except ValidationError as exc:
            refused.append(exc.message_dict["voucher_code"])
            return "refused"
        except Exception as exc:  # collected and asserted below
            errors.append(repr(exc))
            raise
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(attempt, users))

    assert errors == []
    assert outcomes.count("used") == VOUCHER_USES
    assert Voucher.objects.get(code="RUSH").used_count == VOUCHER_USES
    assert VoucherRedemption.objects.count() == VOUCHER_USES
    assert Registration.objects.filter(status="confirmed", amount_cny=0).count() == VOUCHER_USES
    assert all(message == ["此代码已用完。"] for message in refused)
