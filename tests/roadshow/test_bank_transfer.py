"""Bank transfer (对公转账): the hold, the reference only the registrant sees, marking paid, expiry
promoting the waiting list in order, refunds recorded by editors, and the e-mails in both languages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from roadshow import banking, passes, services
from roadshow.models import BankTransfer, Registration
from tests.roadshow.payments_support import (
    PAYEE_ACCOUNT,
    PAYEE_NAME,
    default_site,
    enable_bank_transfer,
    investors,
    paid_session,
)

pytestmark = pytest.mark.django_db


def test_references_are_short_printable_and_their_check_character_catches_typos():
    references = {banking.new_reference() for _ in range(300)}
    assert len(references) == 300
    for reference in references:
        assert len(reference) == 9 and reference.startswith("RS")
        assert not set(reference[2:]) & set("01OIL")
        assert banking.is_valid_reference(reference)
        body = reference[2:]
        for i, char in enumerate(body):  # every single-character typo is caught
            for other in banking.ALPHABET:
                if other != char:
                    typo = "RS" + body[:i] + other + body[i + 1 :]
                    assert not banking.is_valid_reference(typo)
        for i in range(len(body) - 1):  # and every swap of neighbours, the check character included
            if body[i] != body[i + 1]:
                swapped = "RS" + body[:i] + body[i + 1] + body[i] + body[i + 2 :]
                assert not banking.is_valid_reference(swapped)
    reference = sorted(references)[0]
    spaced = f"路演费 {reference[:4].lower()}-{reference[4:].lower()} 钱投资"
    assert banking.find_reference(spaced) == reference
    assert banking.find_reference("no reference here") == ""


def test_bank_transfer_holds_the_seat_for_the_set_days_and_only_the_registrant_sees_the_reference(
    client, settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = ""  # the embedded default: no Stripe
    enable_bank_transfer(hold_days=3)
    starts = timezone.now() + dt.timedelta(days=10)
    session = paid_session(starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    buyer, other = investors(2)
    buyer.preferred_language = "en"
    buyer.save()
    client.force_login(buyer)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'name="method" value="bank_transfer"' in page
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roadshow:register", kwargs={"pk": session.pk}), {"method": "bank_transfer"})
    registration = Registration.objects.get(session=session, user=buyer)
    transfer = registration.bank_transfer
    assert registration.status == "pending_payment"
    assert transfer.amount_cny == Decimal("299.00") and transfer.status == "awaiting"
    assert before + dt.timedelta(days=3) <= transfer.due_at <= timezone.now() + dt.timedelta(days=3)
    assert registration.hold_expires_at == transfer.due_at
    page = client.get(session.get_absolute_url()).content.decode()
    assert transfer.reference in page and PAYEE_ACCOUNT in page and PAYEE_NAME in page
    # The e-mail in the person's language: payee, reference and deadline.
    (message,) = [m for m in mail.outbox if transfer.reference in m.body]
    assert message.to == [buyer.email]
    assert "Pay by bank transfer" in message.subject
    assert PAYEE_ACCOUNT in message.body and "¥299" in message.body
    assert f"{timezone.localtime(transfer.due_at, dt.timezone(dt.timedelta(hours=8))):%H:%M}" in message.body
    # Nobody else sees it: not another person, not the page signed out, not the API.
    client.force_login(other)
    assert transfer.reference not in client.get(session.get_absolute_url()).content.decode()
    api = client.get(reverse("api-roadshow-session-registrations", kwargs={"pk": session.pk}))
    assert api.status_code == 404
    client.logout()
    assert transfer.reference not in client.get(session.get_absolute_url()).content.decode()


def test_hold_never_runs_past_the_start_and_the_setting_changes_the_days(settings):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer(hold_days=5)
    soon = paid_session()  # starts in three days
    later_start = timezone.now() + dt.timedelta(days=20)
    later = paid_session(starts_at=later_start, ends_at=later_start + dt.timedelta(hours=2))
    (buyer,) = investors(1)
    first = passes.buy_pass(session=soon, user=buyer, method="bank_transfer")
    assert first.bank_transfer.due_at == soon.starts_at
    second = passes.buy_pass(session=later, user=buyer, method="bank_transfer")
    held_for = second.bank_transfer.due_at - second.created_at
    assert abs(held_for - dt.timedelta(days=5)) < dt.timedelta(seconds=5)


def test_without_a_payee_account_bank_transfer_is_not_offered(settings):
    settings.STRIPE_SECRET_KEY = ""
    session = paid_session()
    (buyer,) = investors(1)
    with pytest.raises(ValidationError):
        passes.buy_pass(session=session, user=buyer, method="bank_transfer")
    assert not Registration.objects.exists()


def test_only_editors_mark_paid_and_the_person_is_told(
    client, settings, editor, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session()
    buyer, intruder = investors(2)
    registration = passes.buy_pass(session=session, user=buyer, method="bank_transfer")
    transfer = registration.bank_transfer
    with pytest.raises(PermissionDenied):
        banking.mark_paid(transfer=transfer, by=intruder)
    client.force_login(intruder)
    assert client.get(reverse("roadshow:bank_transfers")).status_code == 403
    assert (
        client.post(
            reverse("roadshow:bank_transfers"), {"action": "mark_paid", "transfer": transfer.pk}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("api-roadshow-transfer-paid", kwargs={"reference": transfer.reference})
        ).status_code
        == 403
    )
    transfer.refresh_from_db()
    assert transfer.status == "awaiting"

    client.force_login(editor)
    desk = client.get(reverse("roadshow:bank_transfers")).content.decode()
    assert transfer.reference in desk
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roadshow:bank_transfers"), {"action": "mark_paid", "transfer": transfer.pk})
    registration.refresh_from_db()
    transfer.refresh_from_db()
    assert (registration.status, transfer.status, transfer.marked_paid_by) == ("confirmed", "paid", editor)
    assert registration.paid_at is not None and registration.hold_expires_at is None
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert transfer.reference in mail.outbox[0].body and "299元" in mail.outbox[0].body
    # Marking again changes nothing.
    assert banking.mark_paid(transfer=transfer, by=editor) == "already paid"


def test_bulk_mark_paid_confirms_each_chosen_transfer(client, settings, editor):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session()
    people = investors(3)
    transfers = [
        passes.buy_pass(session=session, user=p, method="bank_transfer").bank_transfer for p in people
    ]
    client.force_login(editor)
    client.post(
        reverse("roadshow:bank_transfers"),
        {"action": "mark_paid", "transfer": [transfers[0].pk, transfers[2].pk]},
    )
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses == {people[0].pk: "confirmed", people[1].pk: "pending_payment", people[2].pk: "confirmed"}


def test_unpaid_holds_expire_and_the_waiting_list_moves_up_in_order(
    settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session(capacity=2)
    a, b, c, d, e = investors(5)
    held = [passes.buy_pass(session=session, user=p, method="bank_transfer") for p in (a, b)]
    for person in (c, d, e):
        assert passes.buy_pass(session=session, user=person, method="bank_transfer").status == "waitlisted"
    later = max(r.bank_transfer.due_at for r in held) + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.release_expired_holds(now=later) == 2
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses == {
        a.pk: "expired",
        b.pk: "expired",
        c.pk: "pending_payment",
        d.pk: "pending_payment",
        e.pk: "waitlisted",
    }
    assert set(BankTransfer.objects.values_list("status", flat=True)) == {"expired"}
    (expired_mail,) = [m for m in mail.outbox if m.to == [a.email]]
    assert held[0].bank_transfer.reference in expired_mail.body
    assert "座位已释放" in expired_mail.subject


def test_a_late_transfer_takes_a_free_seat_or_becomes_a_refund(settings, editor):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session(capacity=1)
    a, b = investors(2)
    first = passes.buy_pass(session=session, user=a, method="bank_transfer")
    assert passes.buy_pass(session=session, user=b, method="bank_transfer").status == "waitlisted"
    services.release_expired_holds(now=first.bank_transfer.due_at + dt.timedelta(minutes=1))
    # b holds the seat now; a's money arrives late: a refund is due, the seat stays b's.
    assert banking.mark_paid(transfer=first.bank_transfer, by=editor) == "refund due"
    first.refresh_from_db()
    assert first.status == "expired" and first.bank_transfer.status == "refund_due"
    assert Registration.objects.get(user=b).status == "pending_payment"


def test_bank_refund_is_recorded_by_an_editor_with_the_transfer_reference(
    settings, editor, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session(capacity=1)
    buyer, waiting = investors(2)
    registration = passes.buy_pass(session=session, user=buyer, method="bank_transfer")
    passes.buy_pass(session=session, user=waiting, method="bank_transfer")
    banking.mark_paid(transfer=registration.bank_transfer, by=editor)
    # Cancelled in the refund window: the seat goes on, the money is due back.
    services.cancel_registration(registration=registration, user=buyer)
    transfer = BankTransfer.objects.get(registration=registration)
    assert transfer.status == "refund_due"
    assert Registration.objects.get(user=waiting).status == "pending_payment"
    with pytest.raises(PermissionDenied):
        banking.record_refund(transfer=transfer, refund_reference="HX20261126001", by=waiting)
    with pytest.raises(ValidationError):
        banking.record_refund(transfer=transfer, refund_reference="  ", by=editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        banking.record_refund(transfer=transfer, refund_reference="HX20261126001", by=editor)
    transfer.refresh_from_db()
    registration.refresh_from_db()
    assert (transfer.status, transfer.refund_reference, transfer.refunded_by) == (
        "refunded",
        "HX20261126001",
        editor,
    )
    assert registration.status == "refunded" and registration.refunded_at is not None
    (message,) = mail.outbox
    assert "HX20261126001" in message.body and "299元" in message.body


def test_the_demo_sells_a_paid_pass_by_bank_transfer_without_stripe(settings, client, tracks):
    from demo import roadshow as demo_roadshow  # noqa: PLC0415 — the demo is only loaded here
    from demo import roadshow_payments  # noqa: PLC0415 — the demo is only loaded here

    settings.STRIPE_SECRET_KEY = ""
    default_site()  # load_demo's site part makes it
    demo_roadshow.load()
    roadshow_payments.load()
    roadshow_payments.load()  # idempotent
    series = demo_roadshow.RoadshowSeries.objects.get(slug="investor-day-monthly")
    session = series.sessions.upcoming().first()
    (buyer,) = investors(1)
    client.force_login(buyer)
    client.post(reverse("roadshow:register", kwargs={"pk": session.pk}), {"method": "bank_transfer"})
    registration = Registration.objects.get(user=buyer)
    assert registration.status == "pending_payment" and registration.bank_transfer.amount_cny == Decimal(
        "299"
    )
    page = client.get(session.get_absolute_url()).content.decode()
    assert registration.bank_transfer.reference in page and "0302 0000 0000 0000 000" in page
