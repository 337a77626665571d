"""The roadshow's models: series, sessions, pitches, registrations and what belongs to them.

One module per concern (sessions and seats here; payments and vouchers beside it), re-exported so
that `roadshow.models.X` stays the one name for each model.
"""

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

__all__ = [
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
