"""Counting a voucher's uses: one taken when a code is used, given back when the registration ends.

A use is taken with one conditional UPDATE (``used_count < max_uses``) under the database's check
constraint, so a code is never used beyond its limit. It is given back when the registration that
used it expires unpaid, is cancelled or is refunded: every path that ends a registration (the page,
the API, the admin's desk, the Stripe webhook and the expiry worker) calls ``release_voucher_use``.
The redemption row is the token: only the caller whose conditional UPDATE marks it released lowers
the count, so a use is given back exactly once even when expiry and a cancellation race.

This module imports only models, so ``services``, ``payments`` and ``banking`` can all use it.
"""

from django.db.models import F
from django.utils import timezone

from core.services import audit

from .models import Voucher, VoucherRedemption


def take_voucher_use(*, voucher):
    """Count one use of ``voucher`` if it has one left. Returns whether it was counted.

    Side effects: raises the voucher's ``used_count`` by one (never beyond ``max_uses``).
    """
    return bool(
        Voucher.objects.filter(pk=voucher.pk, is_active=True, used_count__lt=F("max_uses")).update(
            used_count=F("used_count") + 1
        )
    )


def current_redemption(registration):
    """The code used by this registration since it last registered (a registration row is reused when
    a person registers again), or None. No side effects."""
    redemption = (
        VoucherRedemption.objects.filter(registration_id=registration.pk).select_related("voucher").first()
    )
    if redemption is None or redemption.created_at < registration.created_at:
        return None
    return redemption


def release_voucher_use(*, registration, now=None):
    """Give back the voucher use of a registration that ended (expired, cancelled or refunded).

    Exactly once per use, whatever the number of callers: the redemption is marked released by a
    conditional UPDATE and only the caller that marked it lowers the count. Returns whether a use was
    given back. Side effects: marks the VoucherRedemption released, lowers the voucher's
    ``used_count`` by one, an audit entry on the voucher.
    """
    now = now or timezone.now()
    released = VoucherRedemption.objects.filter(
        registration_id=registration.pk, released_at__isnull=True
    ).update(released_at=now)
    if not released:
        return False
    voucher_id = VoucherRedemption.objects.filter(registration_id=registration.pk).values_list(
        "voucher_id", flat=True
    )[0]
    Voucher.objects.filter(pk=voucher_id, used_count__gt=0).update(used_count=F("used_count") - 1)
    audit(
        subject=Voucher(pk=voucher_id),
        action="voucher_use_released",
        to_state=registration.status,
        note=f"registration {registration.pk}",
    )
    return True


def reclaim_voucher_use(*, registration):
    """A registration whose use was given back is confirmed after all (a payment that arrived late):
    count its use again if the code has one left.

    Returns True when nothing needs counting or the use was counted again, False when the code is
    used up (the caller then refunds). Side effects: raises ``used_count`` by one, clears the
    redemption's release, an audit entry on the voucher.
    """
    redemption = current_redemption(registration)
    if redemption is None or redemption.released_at is None:
        return True
    counted = Voucher.objects.filter(pk=redemption.voucher_id, used_count__lt=F("max_uses")).update(
        used_count=F("used_count") + 1
    )
    if not counted:
        return False
    VoucherRedemption.objects.filter(pk=redemption.pk).update(released_at=None)
    audit(
        subject=Voucher(pk=redemption.voucher_id),
        action="voucher_use_reclaimed",
        note=f"registration {registration.pk}",
    )
    return True
