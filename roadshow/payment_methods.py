"""Which ways to pay a session offers, and the site's payee account. No side effects.

Stripe needs the site's Stripe keys; bank transfer needs the payee account in the site settings
(Settings → Roadshow payments). Each series switches either off; one-off sessions offer both.
"""

from django.conf import settings
from wagtail.models import Site

from .models import PaymentMethod, RoadshowPaymentSettings


def stripe_configured():
    return bool(getattr(settings, "STRIPE_SECRET_KEY", "") and getattr(settings, "STRIPE_WEBHOOK_SECRET", ""))


def payment_settings():
    """The default site's payment settings (unsaved defaults when there is no site yet)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return RoadshowPaymentSettings()
    return RoadshowPaymentSettings.for_site(site)


def offered_methods(session):
    """The payment methods a paid session offers, Stripe first; empty when none is possible."""
    series = session.series if session.series_id else None
    methods = []
    if stripe_configured() and (series is None or series.accepts_stripe):
        methods.append(PaymentMethod.STRIPE)
    if (series is None or series.accepts_bank_transfer) and payment_settings().bank_transfer_ready:
        methods.append(PaymentMethod.BANK_TRANSFER)
    return methods
