"""Vouchers and invitation codes on roadshow registrations.

A code takes a percentage or an amount off a paid pass (100 % is a free invitation), is limited to
a series or a session if the organiser says so, expires, and can be used a set number of times. The
use is counted with one conditional UPDATE (``used_count < max_uses``) and the database's check
constraint, so concurrent registrations never use a code beyond its limit; the use goes back to the
code when the registration expires, is cancelled or refunded (``roadshow.voucher_uses``).
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .banking import _locked, confirm_without_payment
from .models import BankTransfer, Registration, Voucher, VoucherRedemption
from .voucher_uses import current_redemption, release_voucher_use, take_voucher_use


def normalise_code(code):
    """Codes are read without spaces and case: ' touzi-50 ' is TOUZI-50."""
    return re.sub(r"\s", "", str(code or "")).upper()[:32]


def _refuse(message):
    raise ValidationError({"voucher_code": [message]})


def find_voucher(*, code, session, now=None):
    """The voucher for ``code`` if it can be used on ``session`` now; ValidationError saying why not.

    No side effects.
    """
    now = now or timezone.now()
    voucher = Voucher.objects.filter(code=normalise_code(code)).first()
    if voucher is None or not voucher.is_active:
        _refuse(_("This code is not valid."))
    if voucher.valid_until and voucher.valid_until < now:
        _refuse(_("This code has expired."))
    if (voucher.session_id and voucher.session_id != session.pk) or (
        voucher.series_id and voucher.series_id != session.series_id
    ):
        _refuse(_("This code is not valid for this session."))
    if not session.is_paid:
        _refuse(_("This session is free; no code is needed."))
    if voucher.used_count >= voucher.max_uses:
        _refuse(_("This code has been used up."))
    return voucher


def discount_for(voucher, price):
    """The discount in yuan on ``price``, never more than the price. No side effects."""
    price = Decimal(price)
    if voucher.kind == Voucher.Kind.PERCENT:
        discount = (price * voucher.value / 100).quantize(Decimal("0.01"))
    else:
        discount = voucher.value
    return min(discount, price)


def redeem_voucher(*, registration, code, now=None):
    """Use a code on a registration holding a seat for payment (one code per registration).

    Side effects: counts one use of the voucher (refused once its uses are gone, also under
    concurrency), records the VoucherRedemption, lowers the amount to pay; a 100 % code confirms
    the seat at once (confirmation notice). Returns the registration.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration, session = _locked(registration.pk)
        if registration.status != Registration.Status.PENDING_PAYMENT:
            _refuse(_("A code applies only to a seat held for payment."))
        existing = current_redemption(registration)
        if existing is not None:
            if existing.voucher.code == normalise_code(code):
                return registration
            _refuse(_("A registration takes one code only."))
        earlier = VoucherRedemption.objects.filter(registration=registration).first()
        if earlier is not None:
            # Left from an earlier registration for this session: its use goes back (once) first.
            release_voucher_use(registration=registration, now=now)
            earlier.delete()
        if BankTransfer.objects.filter(
            registration=registration, status=BankTransfer.Status.AWAITING
        ).exists():
            _refuse(_("Enter the code before choosing bank transfer."))
        voucher = find_voucher(code=code, session=session, now=now)
        if not take_voucher_use(voucher=voucher):
            _refuse(_("This code has been used up."))
        discount = discount_for(voucher, session.price_cny)
        VoucherRedemption.objects.create(voucher=voucher, registration=registration, discount_cny=discount)
        registration.amount_cny = session.price_cny - discount
        if registration.amount_cny <= 0:
            registration.amount_cny = Decimal(0)
            confirm_without_payment(registration, now=now)
        else:
            registration.save(update_fields=["amount_cny"])
    return registration
