"""The never-ending roadshow (永不落幕的路演): recurring pitch sessions fed by a rolling pitch pool.

A ``RoadshowSeries`` carries an RFC 5545 recurrence rule; the generator keeps its next weeks of
``RoadshowSession`` rows in the database, each keyed by the occurrence's original start, so an
editor can move, cancel or re-price one session without touching the rule. Pitches come from an
always-open pool (``PitchApplication``) and are placed into session slots. People register
(``Registration``), paid sessions through Stripe Checkout, confirmed only by a verified webhook
(``StripeEvent`` records each event once).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bilingual import localized
from roadshow.recurrence import validate_rrule, validate_timezone


class HttpsURLField(models.URLField):
    """A link field whose form assumes https:// when the scheme is left out."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Format(models.TextChoices):
    ONLINE = "online", _("Online")
    VENUE = "venue", _("At the venue")
    BOTH = "both", _("Online and at the venue")


class RoadshowSeries(models.Model):
    """A recurring roadshow, for example a weekly session per track or a monthly investor day.

    The recurrence rule (RRULE) is read in the series' time zone from the first start, so
    "every Thursday at 14:00" stays 14:00 in Beijing time. Sessions for the next weeks are
    generated automatically; change a single session in the session list, not here.
    """

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    description_en = models.TextField(_("English description"), blank=True, max_length=5000)
    track = models.ForeignKey(
        "taxonomy.Track",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roadshow_series",
        verbose_name=_("track"),
        help_text=_("Leave empty for a cross-track series such as an investor day."),
    )
    rrule = models.CharField(
        _("recurrence rule"),
        max_length=500,
        validators=[validate_rrule],
        help_text=_("RFC 5545 RRULE, for example FREQ=WEEKLY;BYDAY=TH or FREQ=MONTHLY;BYDAY=-1FR."),
    )
    first_start = models.DateTimeField(_("first session starts"))
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_timezone]
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.ONLINE)
    stream_url = HttpsURLField(_("stream link"), blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    venue_en = models.CharField(_("English venue"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=100)
    price_cny = models.DecimalField(
        _("price (CNY)"), max_digits=10, decimal_places=2, default=0, help_text=_("0 for a free session.")
    )
    refund_window_hours = models.PositiveSmallIntegerField(
        _("refund window (hours before start)"),
        default=24,
        help_text=_("Paid registrations cancelled earlier than this are refunded."),
    )
    join_opens_minutes = models.PositiveSmallIntegerField(
        _("join link opens (minutes before start)"), default=15
    )
    weeks_ahead = models.PositiveSmallIntegerField(_("weeks of sessions kept generated"), default=8)
    accepts_stripe = models.BooleanField(
        _("online payment (Stripe)"),
        default=True,
        help_text=_("Offered only when the site has Stripe keys."),
    )
    accepts_bank_transfer = models.BooleanField(
        _("bank transfer (对公转账)"),
        default=True,
        help_text=_("Offered when the payee account is filled in the site settings (Roadshow payments)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("roadshow series")
        verbose_name_plural = _("roadshow series")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roadshow:series_detail", kwargs={"slug": self.slug})

    @property
    def name(self):
        """The title in the reader's language (the Chinese one marked as such when no English exists)."""
        return localized(self, "title")


class SessionQuerySet(models.QuerySet):
    def visible(self):
        return self.exclude(status=RoadshowSession.Status.CANCELLED)

    def upcoming(self, now=None):
        return self.visible().filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.visible().filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")


class RoadshowSession(models.Model):
    """One dated roadshow session: its agenda of pitches, registrations, links and replay.

    Sessions of a series are generated from its rule; ``original_start`` is the occurrence they
    stand for, so moving a session keeps its place in the series. Sessions without a series are
    one-off extras added by editors.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(
        RoadshowSeries,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("series"),
    )
    original_start = models.DateTimeField(
        _("occurrence in the series"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The start the recurrence rule gave; identifies the occurrence."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    track = models.ForeignKey(
        "taxonomy.Track",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roadshow_sessions",
        verbose_name=_("track"),
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.ONLINE)
    stream_url = HttpsURLField(_("join link"), blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    venue_en = models.CharField(_("English venue"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=100)
    price_cny = models.DecimalField(_("price (CNY)"), max_digits=10, decimal_places=2, default=0)
    refund_window_hours = models.PositiveSmallIntegerField(
        _("refund window (hours before start)"), default=24
    )
    join_opens_minutes = models.PositiveSmallIntegerField(
        _("join link opens (minutes before start)"), default=15
    )
    replay_url = HttpsURLField(_("replay link"), blank=True)
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("slides"),
    )
    is_modified = models.BooleanField(
        _("changed by an editor"),
        default=False,
        editable=False,
        help_text=_("The generator leaves changed sessions alone."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("roadshow session")
        verbose_name_plural = _("roadshow sessions")
        constraints = [
            models.UniqueConstraint(fields=["series", "original_start"], name="roadshow_unique_occurrence"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="roadshow_ends_after_start"
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.name} · {local:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("roadshow:session_detail", kwargs={"pk": self.pk})

    @property
    def name(self):
        if self.title:
            return localized(self, "title")
        if self.series_id:
            return self.series.name
        return str(_("Roadshow"))

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_paid(self):
        return self.price_cny > 0

    @property
    def is_online(self):
        return self.format in (Format.ONLINE, Format.BOTH)

    @property
    def join_opens_at(self):
        return self.starts_at - timedelta(minutes=self.join_opens_minutes)

    @property
    def refund_deadline(self):
        return self.starts_at - timedelta(hours=self.refund_window_hours)

    @property
    def agenda(self):
        """Accepted pitches in slot order (prefetched by ``queries.with_agenda`` on list pages)."""
        if hasattr(self, "prefetched_agenda"):
            return self.prefetched_agenda
        from roadshow.queries import agenda_queryset  # noqa: PLC0415 — circular: queries import these models

        return list(agenda_queryset().filter(session=self))

    def is_over(self, now=None):
        return (now or timezone.now()) >= self.ends_at


class PitchApplication(models.Model):
    """An application in the rolling pitch pool: a researcher asks to pitch a published technology.

    Editors accept, decline (with a reason) or waitlist it, and place accepted pitches into a
    session slot with an order and a duration. Moving a pitch to another session tells the pitcher.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("On the waiting list")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Ask(models.TextChoices):
        INVESTMENT = "investment", _("Investment")
        LICENSEE = "licensee", _("A licensee or buyer")
        PARTNER = "partner", _("A development partner")
        PILOT = "pilot", _("A pilot site or first customer")

    technology = models.ForeignKey(
        "listings.Technology", on_delete=models.CASCADE, related_name="pitches", verbose_name=_("technology")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pitches", verbose_name=_("pitcher")
    )
    ask = models.CharField(_("what you are looking for"), max_length=20, choices=Ask.choices)
    ask_details = models.TextField(_("the ask in your words"), max_length=1000, blank=True)
    ask_details_en = models.TextField(_("the ask in English"), max_length=1000, blank=True)
    stage = models.CharField(_("stage"), max_length=300)
    stage_en = models.CharField(_("stage in English"), max_length=300, blank=True)
    team = models.TextField(_("team"), max_length=2000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    decision_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    session = models.ForeignKey(
        RoadshowSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pitches",
        verbose_name=_("session"),
    )
    slot_order = models.PositiveSmallIntegerField(_("order in the session"), default=1)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=15)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")

    def __str__(self):
        return f"{self.technology.title} ({self.get_status_display()})"


class RegistrationQuerySet(models.QuerySet):
    def holding_seats(self):
        return self.filter(status__in=Registration.SEAT_STATUSES)

    def waitlist(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")


class Registration(models.Model):
    """A person's place at a session: confirmed, waiting for payment, on the waiting list or gone.

    A seat is held while confirmed or while a payment is pending (until the hold expires). Paid
    registrations are confirmed only by a verified Stripe webhook.
    """

    class Status(models.TextChoices):
        PENDING_PAYMENT = "pending_payment", _("Awaiting payment")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")
        EXPIRED = "expired", _("Payment not completed")

    SEAT_STATUSES = (Status.PENDING_PAYMENT, Status.CONFIRMED)
    ACTIVE_STATUSES = (Status.PENDING_PAYMENT, Status.CONFIRMED, Status.WAITLISTED)

    session = models.ForeignKey(
        RoadshowSession, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roadshow_registrations",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    amount_cny = models.DecimalField(_("amount (CNY)"), max_digits=10, decimal_places=2, default=0)
    hold_expires_at = models.DateTimeField(_("seat held until"), null=True, blank=True)
    stripe_checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["session", "created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="roadshow_one_registration_per_person")
        ]

    def __str__(self):
        return f"{self.user} · {self.session} · {self.get_status_display()}"

    @property
    def holds_seat(self):
        return self.status in self.SEAT_STATUSES

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES


class InvestorInterest(models.Model):
    """An investor's interest in a pitched technology; it opens a match request to the owner."""

    pitch = models.ForeignKey(
        PitchApplication, on_delete=models.CASCADE, related_name="interests", verbose_name=_("pitch")
    )
    investor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roadshow_interests",
        verbose_name=_("investor"),
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    match_request_id = models.PositiveBigIntegerField(
        _("match request"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("investor interest")
        verbose_name_plural = _("investor interest")
        constraints = [
            models.UniqueConstraint(fields=["pitch", "investor"], name="roadshow_one_interest_per_pitch")
        ]

    def __str__(self):
        return f"{self.investor} → {self.pitch.technology.title}"


class StripeEvent(models.Model):
    """A Stripe webhook event, stored once by its id so a replay changes nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=255, blank=True, db_index=True)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    payload = models.JSONField()
    outcome = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.type} {self.event_id}"


class ReminderSent(models.Model):
    """Which reminder went to whom, so each goes once per person."""

    class Kind(models.TextChoices):
        DAY = "day", _("A day before")
        HOUR = "hour", _("An hour before")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="roadshow_reminder_once")
        ]

    def __str__(self):
        return f"{self.registration_id}:{self.kind}"


def new_calendar_token():
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a person's personal calendar feed address; replacing it revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roadshow_calendar"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user}"
