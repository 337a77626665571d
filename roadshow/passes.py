"""Buying a roadshow pass: register, use a code, choose how to pay. The one path for page and API.

Stripe Checkout needs the caller's return addresses, so the caller opens it (``payments.start_checkout``)
when the registration is still awaiting payment and Stripe was chosen.
"""

from django.utils.translation import gettext as _

from . import services
from .banking import choose_bank_transfer
from .models import PaymentMethod, Registration
from .payment_methods import offered_methods
from .services import RegistrationError
from .vouchers import find_voucher, normalise_code, redeem_voucher


def _check_method(session, method):
    if session.is_paid and method and method not in offered_methods(session):
        raise RegistrationError(_("This session does not take this payment method."))


def buy_pass(*, session, user, method="", voucher_code="", now=None):
    """Register for a session, then use the code and the payment method given.

    A wrong code or method refuses before anything changes. Without a free seat the person joins the
    waiting list and the code waits until a seat is offered. Side effects: those of
    ``services.register``, ``vouchers.redeem_voucher`` and ``banking.choose_bank_transfer``.
    Returns the registration.
    """
    code = normalise_code(voucher_code)
    _check_method(session, method)
    if code and user and user.is_authenticated:
        find_voucher(code=code, session=session, now=now)
    registration = services.register(session=session, user=user, now=now)
    return pay_registration(registration=registration, user=user, method=method, voucher_code=code, now=now)


def pay_registration(*, registration, user, method="", voucher_code="", now=None):
    """Use a code and/or choose bank transfer on a registration holding a seat for payment.

    Side effects: as ``buy_pass`` after registering. Returns the registration (refreshed).
    """
    if registration.status != Registration.Status.PENDING_PAYMENT:
        return registration
    _check_method(registration.session, method)
    code = normalise_code(voucher_code)
    if code:
        registration = redeem_voucher(registration=registration, code=code, now=now)
    if registration.status == Registration.Status.PENDING_PAYMENT and method == PaymentMethod.BANK_TRANSFER:
        choose_bank_transfer(registration=registration, user=user, now=now)
        registration.refresh_from_db()
    return registration
