"""Roadshow API payloads. Read-only shapes; every write goes through ``roadshow.services``.

The join link is never a plain field: ``SessionDetailSerializer.get_join_url`` asks
``services.can_join``, the same rule the session page uses, so a session's stream link only ever
reaches a confirmed registrant from the moment the page would show it.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.services import absolute_url
from taxonomy.models import Track

from . import services
from .models import (
    BankTransfer,
    InvestorInterest,
    PitchApplication,
    Registration,
    RoadshowSeries,
    RoadshowSession,
)
from .payment_serializers import BankTransferSerializer, InvoiceRequestSerializer


def _absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request and url else url


def _now(context):
    return context.get("now") or timezone.now()


class TrackRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Track
        fields = ["slug", "name"]


class SeriesRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = RoadshowSeries
        fields = ["id", "slug", "name"]


class TechnologyRefSerializer(serializers.Serializer):
    ref = serializers.CharField()
    title = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")
    track = TrackRefSerializer()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return _absolute(self.context, obj.get_absolute_url())

    def get_api_url(self, obj) -> str:
        return _absolute(self.context, reverse("api-technology-detail", kwargs={"ref": obj.ref}))


class AgendaItemSerializer(serializers.ModelSerializer):
    """One pitch in the session's running order."""

    ask_label = serializers.CharField(source="get_ask_display", read_only=True)
    technology = TechnologyRefSerializer(read_only=True)

    class Meta:
        model = PitchApplication
        fields = ["id", "slot_order", "duration_minutes", "ask", "ask_label", "stage", "technology"]


class SessionSerializer(serializers.ModelSerializer):
    """A session as it appears in lists: schedule, seats, price, agenda; replay and slides once over."""

    name = serializers.CharField(read_only=True)
    series = SeriesRefSerializer(read_only=True)
    track = serializers.SerializerMethodField()
    timezone = serializers.SerializerMethodField()
    format_label = serializers.CharField(source="get_format_display", read_only=True)
    is_paid = serializers.BooleanField(read_only=True)
    is_online = serializers.BooleanField(read_only=True)
    is_over = serializers.SerializerMethodField()
    seats_left = serializers.SerializerMethodField()
    waitlist_count = serializers.SerializerMethodField()
    join_opens_at = serializers.DateTimeField(read_only=True)
    refund_deadline = serializers.DateTimeField(read_only=True)
    replay_url = serializers.SerializerMethodField()
    slides_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()
    agenda = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = RoadshowSession
        fields = [
            "id",
            "name",
            "series",
            "track",
            "starts_at",
            "ends_at",
            "timezone",
            "status",
            "cancel_reason",
            "format",
            "format_label",
            "is_online",
            "venue",
            "capacity",
            "seats_left",
            "waitlist_count",
            "price_cny",
            "is_paid",
            "refund_deadline",
            "join_opens_at",
            "is_over",
            "replay_url",
            "slides_url",
            "url",
            "api_url",
            "ics_url",
            "agenda",
        ]

    @extend_schema_field(TrackRefSerializer(allow_null=True))
    def get_track(self, obj):
        track = obj.track or (obj.series.track if obj.series_id else None)
        return TrackRefSerializer(track).data if track else None

    def get_timezone(self, obj) -> str:
        return obj.series.timezone if obj.series_id else "Asia/Shanghai"

    def get_is_over(self, obj) -> bool:
        return obj.is_over(_now(self.context))

    def get_seats_left(self, obj) -> int:
        taken = getattr(obj, "seats_held", None)
        if taken is None:
            taken = services.seats_taken(obj)
        return max(obj.capacity - taken, 0)

    def get_waitlist_count(self, obj) -> int:
        count = getattr(obj, "waitlist_count", None)
        return obj.registrations.waitlist().count() if count is None else count

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_replay_url(self, obj):
        if obj.replay_url and obj.is_over(_now(self.context)):
            return obj.replay_url
        return None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_slides_url(self, obj):
        if obj.slides_id and obj.is_over(_now(self.context)):
            return _absolute(self.context, obj.slides.url)
        return None

    def get_url(self, obj) -> str:
        return _absolute(self.context, obj.get_absolute_url())

    def get_api_url(self, obj) -> str:
        return _absolute(self.context, reverse("api-roadshow-session-detail", kwargs={"pk": obj.pk}))

    def get_ics_url(self, obj) -> str:
        return _absolute(self.context, reverse("roadshow_session_ics", kwargs={"pk": obj.pk}))


class MyRegistrationStateSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "status", "status_label", "hold_expires_at", "amount_cny"]


class SessionDetailSerializer(SessionSerializer):
    """One session, with what only the person asking may see: their registration and the join link."""

    join_url = serializers.SerializerMethodField(
        help_text=_(
            "Only for a confirmed registrant, from shortly before the start until the end; otherwise null."
        )
    )
    my_registration = serializers.SerializerMethodField()
    interest_open = serializers.SerializerMethodField()
    my_interest_pitch_ids = serializers.SerializerMethodField()

    class Meta(SessionSerializer.Meta):
        fields = [
            *SessionSerializer.Meta.fields,
            "join_url",
            "my_registration",
            "interest_open",
            "my_interest_pitch_ids",
        ]

    def _user(self):
        request = self.context.get("request")
        return request.user if request else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_join_url(self, obj):
        user = self._user()
        if services.can_join(session=obj, user=user, now=_now(self.context)):
            registration = obj.registrations.get(user=user)
            path = services.personal_join_path(registration=registration)
            request = self.context.get("request")
            return request.build_absolute_uri(path) if request else absolute_url(path)
        return None

    @extend_schema_field(MyRegistrationStateSerializer(allow_null=True))
    def get_my_registration(self, obj):
        user = self._user()
        if not (user and user.is_authenticated):
            return None
        registration = Registration.objects.filter(session=obj, user=user).first()
        if registration is None or not registration.is_active:
            return None
        return MyRegistrationStateSerializer(registration).data

    def get_interest_open(self, obj) -> bool:
        return services.interest_open(session=obj)

    def get_my_interest_pitch_ids(self, obj) -> list[int]:
        user = self._user()
        if not (user and user.is_authenticated):
            return []
        return sorted(
            InvestorInterest.objects.filter(investor=user, pitch__session=obj).values_list(
                "pitch_id", flat=True
            )
        )


class SeriesSerializer(serializers.ModelSerializer):
    """A recurring roadshow. The stream link is never here: it reaches people only per session."""

    name = serializers.CharField(read_only=True)
    track = TrackRefSerializer(read_only=True, allow_null=True)
    format_label = serializers.CharField(source="get_format_display", read_only=True)
    is_paid = serializers.SerializerMethodField()
    next_session_at = serializers.DateTimeField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    ics_url = serializers.SerializerMethodField()

    class Meta:
        model = RoadshowSeries
        fields = [
            "id",
            "slug",
            "name",
            "title",
            "title_en",
            "description",
            "track",
            "rrule",
            "first_start",
            "timezone",
            "duration_minutes",
            "format",
            "format_label",
            "venue",
            "capacity",
            "price_cny",
            "is_paid",
            "refund_window_hours",
            "is_active",
            "next_session_at",
            "url",
            "api_url",
            "ics_url",
        ]

    def get_is_paid(self, obj) -> bool:
        return obj.price_cny > 0

    def get_url(self, obj) -> str:
        return _absolute(self.context, obj.get_absolute_url())

    def get_api_url(self, obj) -> str:
        return _absolute(self.context, reverse("api-roadshow-series-detail", kwargs={"id_or_slug": obj.slug}))

    def get_ics_url(self, obj) -> str:
        return _absolute(self.context, reverse("roadshow_series_ics", kwargs={"slug": obj.slug}))


class SeriesDetailSerializer(SeriesSerializer):
    upcoming_sessions = serializers.SerializerMethodField()

    class Meta(SeriesSerializer.Meta):
        fields = [*SeriesSerializer.Meta.fields, "upcoming_sessions"]

    @extend_schema_field(SessionSerializer(many=True))
    def get_upcoming_sessions(self, obj):
        return SessionSerializer(
            self.context.get("upcoming_sessions", []), many=True, context=self.context
        ).data


class SessionRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = RoadshowSession
        fields = ["id", "name", "starts_at", "ends_at", "status", "url", "api_url"]

    def get_url(self, obj) -> str:
        return _absolute(self.context, obj.get_absolute_url())

    def get_api_url(self, obj) -> str:
        return _absolute(self.context, reverse("api-roadshow-session-detail", kwargs={"pk": obj.pk}))


class RegistrationSerializer(serializers.ModelSerializer):
    """Your place at a session. ``checkout_url`` is set only in the answer to a paid registration."""

    session = SessionRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    checkout_url = serializers.SerializerMethodField(
        help_text=_("Stripe Checkout address to pay for a held seat; null when there is nothing to pay.")
    )

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "status",
            "status_label",
            "amount_cny",
            "hold_expires_at",
            "created_at",
            "confirmed_at",
            "cancelled_at",
            "refunded_at",
            "checkout_url",
            "payment_method",
            "bank_transfer",
            "voucher_code",
            "invoice",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_checkout_url(self, obj):
        return getattr(obj, "checkout_url", None)

    payment_method = serializers.SerializerMethodField(
        help_text=_("bank_transfer, stripe, or null before a method is chosen (and for free passes).")
    )
    bank_transfer = serializers.SerializerMethodField()
    voucher_code = serializers.SerializerMethodField()
    invoice = serializers.SerializerMethodField()

    def _transfer(self, obj):
        try:
            return obj.bank_transfer
        except BankTransfer.DoesNotExist:
            return None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_payment_method(self, obj):
        if self._transfer(obj) is not None:
            return "bank_transfer"
        return "stripe" if obj.stripe_checkout_session_id else None

    @extend_schema_field(BankTransferSerializer(allow_null=True))
    def get_bank_transfer(self, obj):
        transfer = self._transfer(obj)
        return BankTransferSerializer(transfer, context=self.context).data if transfer else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_voucher_code(self, obj):
        redemption = getattr(obj, "voucher_redemption", None) if hasattr(obj, "voucher_redemption") else None
        return redemption.voucher.code if redemption else None

    @extend_schema_field(InvoiceRequestSerializer(allow_null=True))
    def get_invoice(self, obj):
        invoice = getattr(obj, "invoice_request", None) if hasattr(obj, "invoice_request") else None
        return InvoiceRequestSerializer(invoice).data if invoice else None


class InterestInputSerializer(serializers.Serializer):
    pitch = serializers.IntegerField(min_value=1, help_text=_("The id of a pitch on the session's agenda."))
    message = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text=_("Message to the pitcher (optional)"),
    )


class InterestSerializer(serializers.ModelSerializer):
    technology = TechnologyRefSerializer(source="pitch.technology", read_only=True)
    match_request = serializers.IntegerField(source="match_request_id", read_only=True, allow_null=True)

    class Meta:
        model = InvestorInterest
        fields = ["id", "pitch", "technology", "message", "match_request", "created_at"]
        read_only_fields = fields
