"""Bank transfer (对公转账) for paid roadshow passes: references, holds, marking paid, refunds.

A registration awaiting payment chooses bank transfer: it gets a short reference (no look-alike
characters, a check character that catches a mistyped or swapped character), and its seat is held
for the days in the site settings. An editor marks it paid (one, several at once, or from the
bank's statement through ``roadshow.statements``); unpaid holds expire with the other holds in
``services.release_expired_holds`` and the waiting list moves up. A bank-transfer refund is
recorded by an editor with the reference of the transfer that sent the money back.

Locks are always taken session first, then registration, as everywhere in the roadshow.
"""

import re
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_cny, format_datetime
from core.services import audit

from .models import BankTransfer, PaymentMethod, Registration, RoadshowSession
from .payment_methods import offered_methods, payment_settings
from .services import RegistrationError, _tell_confirmed, fill_freed_seats, notify_person
from .voucher_uses import reclaim_voucher_use, release_voucher_use

# No 0/O, 1/I/L: a reference is read off a screen and typed into a banking app. 31 characters, a prime.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PREFIX = "RS"
BODY_LENGTH = 6
REFERENCE_PATTERN = re.compile(rf"{PREFIX}[{ALPHABET}]{{{BODY_LENGTH + 1}}}")


def check_character(body):
    """The check character for ``body``: weighted sum modulo 31 (a prime), weights all different.

    Any single wrong character and any swap of two neighbours (the check character included)
    changes the sum, so such a typo never gives a valid reference.
    """
    n = len(ALPHABET)
    total = sum((position + 2) * ALPHABET.index(char) for position, char in enumerate(body))
    return ALPHABET[(-total) % n]


def new_reference():
    """A fresh reference such as RS7K4M9QX: prefix, six random characters, one check character."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return f"{PREFIX}{body}{check_character(body)}"


def is_valid_reference(reference):
    body, check = reference[len(PREFIX) : -1], reference[-1:]
    return bool(REFERENCE_PATTERN.fullmatch(reference)) and check_character(body) == check


def find_reference(text):
    """The first well-formed reference in a purpose line ('路演 rs7k-4m9q x' counts), or ''.

    Spaces and dashes are ignored and case does not matter; a reference whose check character does
    not fit (a typo) is not returned. No side effects.
    """
    squeezed = re.sub(r"[\s\-_/.]", "", str(text or "")).upper()
    for match in REFERENCE_PATTERN.finditer(squeezed):
        if is_valid_reference(match.group()):
            return match.group()
    return ""


def _require_editor(user):
    if not (user and user.is_authenticated and user.is_editor):
        raise PermissionDenied(_("Only editors can record bank transfers and refunds."))


def _locked(registration_id):
    registration = Registration.objects.get(pk=registration_id)
    session = RoadshowSession.objects.select_for_update().get(pk=registration.session_id)
    registration = Registration.objects.select_for_update().select_related("user").get(pk=registration.pk)
    registration.session = session
    return registration, session


def payee():
    """The payee account shown with every bank transfer (a dict of name, bank, account)."""
    values = payment_settings()
    return {"name": values.payee_name, "bank": values.payee_bank, "account": values.payee_account}


def choose_bank_transfer(*, registration, user, now=None):
    """Pay a registration awaiting payment by bank transfer: a reference and a hold of N days.

    N is the site setting (3 days by default), never beyond the session's start. Choosing again
    keeps the same reference. Side effects: creates the BankTransfer, extends the seat hold, sends
    the person the payee account, reference and deadline (in-site and e-mail).
    """
    if registration.user_id != getattr(user, "pk", None):
        raise PermissionDenied(_("This is not your registration."))
    now = now or timezone.now()
    with transaction.atomic():
        registration, session = _locked(registration.pk)
        if registration.status != Registration.Status.PENDING_PAYMENT:
            raise RegistrationError(_("There is nothing to pay for this registration."))
        if PaymentMethod.BANK_TRANSFER not in offered_methods(session):
            raise RegistrationError(_("This session does not take bank transfers."))
        due = min(now + timedelta(days=payment_settings().hold_days), session.starts_at)
        transfer = BankTransfer.objects.filter(registration=registration).first()
        if transfer is not None and transfer.status == BankTransfer.Status.AWAITING:
            return transfer
        if transfer is not None and transfer.status == BankTransfer.Status.REFUND_DUE:
            raise RegistrationError(
                _(
                    "Your earlier transfer for this session is still being refunded; the organisers will contact you."
                )
            )
        if transfer is not None:
            # An earlier hold that expired, was cancelled or refunded (its audit entries stay):
            # the new hold gets a new reference.
            transfer.delete()
        transfer = _create_transfer(registration, due)
        registration.hold_expires_at = due
        registration.save(update_fields=["hold_expires_at"])
        _tell_transfer_instructions(transfer)
    return transfer


def _create_transfer(registration, due):
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return BankTransfer.objects.create(
                    registration=registration,
                    reference=new_reference(),
                    amount_cny=registration.amount_cny,
                    due_at=due,
                )
        except IntegrityError:  # the same reference drawn twice: draw again
            continue
    raise RegistrationError(_("No reference could be made; try again."))


def _tell_transfer_instructions(transfer):
    registration, account = transfer.registration, payee()
    session = registration.session
    notify_person(
        recipient=registration.user,
        kind="bank_transfer_hold",
        title=lambda: _("Pay by bank transfer: %(name)s") % {"name": session.name},
        body=lambda: _(
            "Transfer %(amount)s to %(payee)s, %(bank)s, account %(account)s, and write the reference "
            "%(reference)s in the purpose line (附言). Your seat is held until %(due)s (Beijing time)."
        )
        % {
            "amount": format_cny(transfer.amount_cny),
            "payee": account["name"],
            "bank": account["bank"],
            "account": account["account"],
            "reference": transfer.reference,
            "due": format_datetime(transfer.due_at),
        },
        url=session.get_absolute_url(),
        dedupe_key=f"roadshow:bank:{transfer.reference}:hold",
    )


def mark_paid(*, transfer, by, now=None, payer="", statement=None, line=None):
    """An editor records that a bank transfer arrived: the registration is confirmed.

    A transfer that arrives after its hold expired still confirms when a seat is free (and, when
    it used a code, the code has a use left, since the expiry gave the use back); otherwise it is
    marked refund due. Side effects: updates the transfer and registration, an audit entry, and
    a notice to the person. Returns the outcome: "paid", "already paid" or "refund due".
    """
    _require_editor(by)
    now = now or timezone.now()
    with transaction.atomic():
        registration, session = _locked(transfer.registration_id)
        transfer = BankTransfer.objects.select_for_update().get(pk=transfer.pk)
        Status = BankTransfer.Status
        if transfer.status in (Status.PAID, Status.REFUND_DUE, Status.REFUNDED):
            return "already paid"
        transfer.paid_at, transfer.marked_paid_by = now, by
        transfer.payer = (payer or "")[:200]
        transfer.statement, transfer.statement_line = statement, line
        seat_free = registration.status == Registration.Status.PENDING_PAYMENT or (
            not session.is_cancelled
            and not session.is_over(now)
            and session.registrations.holding_seats().exclude(pk=registration.pk).count() < session.capacity
        )
        given_up = transfer.status == Status.CANCELLED or registration.status in (
            Registration.Status.CANCELLED,
            Registration.Status.REFUNDED,
            Registration.Status.CONFIRMED,
        )
        refused = given_up or not seat_free
        if not refused and registration.status != Registration.Status.PENDING_PAYMENT:
            # An expired hold gave its code's use back: a late transfer needs the use again.
            refused = not reclaim_voucher_use(registration=registration)
        if refused:
            transfer.status = Status.REFUND_DUE
            transfer.save()
            audit(subject=transfer, action="bank_transfer_late", actor=by, to_state=transfer.status)
            return "refund due"
        transfer.status = Status.PAID
        transfer.save()
        registration.status = Registration.Status.CONFIRMED
        registration.paid_at = registration.confirmed_at = now
        registration.hold_expires_at = None
        registration.save(update_fields=["status", "paid_at", "confirmed_at", "hold_expires_at"])
        audit(subject=transfer, action="bank_transfer_paid", actor=by, from_state="awaiting", to_state="paid")
        notify_person(
            recipient=registration.user,
            kind="bank_transfer_paid",
            title=lambda: _("Transfer received: you are registered for %(name)s") % {"name": session.name},
            body=lambda: _(
                "We received %(amount)s (reference %(reference)s). The session starts at %(when)s "
                "(Beijing time); the join link appears on the session page shortly before."
            )
            % {
                "amount": format_cny(transfer.amount_cny),
                "reference": transfer.reference,
                "when": format_datetime(session.starts_at),
            },
            url=session.get_absolute_url(),
            dedupe_key=f"roadshow:bank:{transfer.reference}:paid",
        )
    return "paid"


def mark_many_paid(*, transfers, by, now=None):
    """The bulk action: mark each transfer paid. Returns {outcome: [references]}. Side effects: as mark_paid."""
    _require_editor(by)
    outcomes = {}
    for transfer in transfers:
        outcomes.setdefault(mark_paid(transfer=transfer, by=by, now=now), []).append(transfer.reference)
    return outcomes


def tell_transfer_expired(*, transfer, now):
    """Called by ``services.release_expired_holds`` inside its lock: the transfer expired unpaid.

    Side effects: marks the transfer expired; tells the person their seat was released.
    """
    transfer.status = BankTransfer.Status.EXPIRED
    transfer.save(update_fields=["status"])
    registration = transfer.registration
    session = registration.session
    notify_person(
        recipient=registration.user,
        kind="bank_transfer_expired",
        title=lambda: _("Seat released: %(name)s") % {"name": session.name},
        body=lambda: _(
            "No transfer with the reference %(reference)s arrived by %(due)s (Beijing time), so your seat "
            "went to the next person. You can register again if seats are left."
        )
        % {"reference": transfer.reference, "due": format_datetime(transfer.due_at)},
        url=session.get_absolute_url(),
        dedupe_key=f"roadshow:bank:{transfer.reference}:expired",
    )


def mark_refund_due(*, registration, now=None):
    """A bank-paid registration is cancelled in the refund window (or its session is): the seat is
    given up and the money is to be sent back by an editor.

    Must run inside the session lock. Side effects: registration cancelled, transfer refund due,
    the voucher use given back.
    """
    now = now or timezone.now()
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    BankTransfer.objects.filter(registration=registration, status=BankTransfer.Status.PAID).update(
        status=BankTransfer.Status.REFUND_DUE
    )
    release_voucher_use(registration=registration, now=now)


def record_refund(*, transfer, refund_reference, by, now=None):
    """An editor records the bank transfer that sent a bank-paid pass's money back.

    Side effects: transfer and registration marked refunded (the seat, if still held, goes to the
    waiting list; a voucher use not yet given back goes back), an audit entry, and a notice to the person with the refund's reference.
    """
    _require_editor(by)
    refund_reference = (refund_reference or "").strip()
    if not refund_reference:
        raise ValidationError({"refund_reference": _("Give the reference of the refund transfer.")})
    now = now or timezone.now()
    with transaction.atomic():
        registration, session = _locked(transfer.registration_id)
        transfer = BankTransfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status == BankTransfer.Status.REFUNDED:
            return transfer
        if transfer.status not in (BankTransfer.Status.PAID, BankTransfer.Status.REFUND_DUE):
            raise ValidationError(_("Only a paid bank transfer can be refunded."))
        held = registration.holds_seat
        transfer.status, transfer.refund_reference = BankTransfer.Status.REFUNDED, refund_reference[:100]
        transfer.refunded_at, transfer.refunded_by = now, by
        transfer.save()
        registration.status, registration.refunded_at = Registration.Status.REFUNDED, now
        registration.cancelled_at = registration.cancelled_at or now
        registration.save(update_fields=["status", "refunded_at", "cancelled_at"])
        release_voucher_use(registration=registration, now=now)
        audit(
            subject=transfer,
            action="bank_transfer_refunded",
            actor=by,
            to_state="refunded",
            note=refund_reference,
        )
        notify_person(
            recipient=registration.user,
            kind="refunded",
            title=lambda: _("Refunded: %(name)s") % {"name": session.name},
            body=lambda: _("We transferred %(amount)s back to you (transfer reference %(reference)s).")
            % {"amount": format_cny(transfer.amount_cny), "reference": refund_reference},
            url=session.get_absolute_url(),
            dedupe_key=f"roadshow:bank:{transfer.reference}:refunded",
        )
        if held and not session.is_cancelled:
            fill_freed_seats(session=session, now=now)
    return transfer


def confirm_without_payment(registration, *, now):
    """A 100 % voucher: the seat is confirmed at once. Must run inside the session lock."""
    registration.status = Registration.Status.CONFIRMED
    registration.confirmed_at = now
    registration.hold_expires_at = None
    registration.save(update_fields=["status", "confirmed_at", "hold_expires_at", "amount_cny"])
    BankTransfer.objects.filter(registration=registration, status=BankTransfer.Status.AWAITING).update(
        status=BankTransfer.Status.CANCELLED
    )
    _tell_confirmed(registration)
