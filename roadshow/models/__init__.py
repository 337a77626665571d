"""The roadshow's models: series, sessions, pitches, registrations and what belongs to them.

One module per concern (sessions and seats here; payments and vouchers beside it), re-exported so
that `roadshow.models.X` stays the one name for each model.
"""

from roadshow.models.payments import (
    BankColumnMapping,
    BankStatementImport,
    BankTransfer,
    InvoiceRequest,
    PaymentMethod,
    RoadshowPaymentSettings,
)
from roadshow.models.sessions import (
    CalendarToken,
    Format,
    HttpsURLField,
    InvestorInterest,
    PitchApplication,
    Registration,
    RegistrationQuerySet,
    ReminderSent,
    RoadshowSeries,
    RoadshowSession,
    SessionQuerySet,
    StripeEvent,
    new_calendar_token,
)
from roadshow.models.vouchers import Voucher, VoucherRedemption

__all__ = [
    "BankColumnMapping",
    "BankStatementImport",
    "BankTransfer",
    "InvoiceRequest",
    "PaymentMethod",
    "RoadshowPaymentSettings",
    "Voucher",
    "VoucherRedemption",
    "CalendarToken",
    "Format",
    "HttpsURLField",
    "InvestorInterest",
    "PitchApplication",
    "Registration",
    "RegistrationQuerySet",
    "ReminderSent",
    "RoadshowSeries",
    "RoadshowSession",
    "SessionQuerySet",
    "StripeEvent",
    "new_calendar_token",
]
