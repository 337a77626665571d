"""REST API for the roadshow under /api/v1/roadshow/: the same services and payments code as the pages.

Series and sessions are public to read. Registering, cancelling and marking interest need a signed-in
person and go through ``roadshow.services`` (and ``roadshow.payments`` for Stripe Checkout), so the
API and the site produce the same state and refuse with the same messages (``core.api`` turns the
services' refusals into 400/403). The join link follows ``services.can_join``.
"""

import django_filters
import stripe
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.fields import BooleanField
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import UserRateThrottle

from accounts.models import Organisation

from . import checkin, interest, queries, services
from .models import (
    Format,
    InvestorInterest,
    PaymentMethod,
    PitchApplication,
    Registration,
    RoadshowSeries,
    RoadshowSession,
)
from .passes import buy_pass
from .payment_methods import offered_methods
from .payment_serializers import PassInputSerializer
from .payments import PaymentsNotConfigured, start_checkout
from .serializers import (
    CheckInInputSerializer,
    CheckInSerializer,
    InterestInputSerializer,
    InterestSerializer,
    MatchRequestInputSerializer,
    MatchRequestRefSerializer,
    MyRegistrationSerializer,
    RegistrationSerializer,
    SeriesDetailSerializer,
    SeriesSerializer,
    SessionDetailSerializer,
    SessionSerializer,
    TeamPitchSerializer,
)

# --- Errors and throttling ------------------------------------------------------------------------


class PaymentNotConfiguredError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "payment_not_configured"
    default_detail = _("Payment is not configured on this site, so paid sessions cannot be booked.")


class PaymentProviderError(APIException):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_code = "payment_provider_error"
    default_detail = _("The payment provider could not be reached. Your seat is held; try again shortly.")


def _is_payment_not_configured(exc):
    # services.register refuses with a plain RegistrationError carrying the payments message.
    if isinstance(exc, PaymentsNotConfigured):
        return True
    return isinstance(exc, DjangoValidationError) and exc.messages == [
        str(PaymentNotConfiguredError.default_detail)
    ]


def _flag(request, name):
    """A boolean query parameter (1/0, true/false); 400 on anything else."""
    try:
        return BooleanField(required=False).run_validation(request.query_params.get(name, False))
    except ApiValidationError as exc:
        raise ApiValidationError({name: exc.detail}) from None


class RoadshowWriteThrottle(UserRateThrottle):
    """Registrations and interest open Stripe sessions and match requests: a tighter rate per person.

    The rate is the ``roadshow`` entry of DEFAULT_THROTTLE_RATES, 30/minute while settings lack one.
    """

    scope = "roadshow"

    def get_rate(self):
        return self.THROTTLE_RATES.get(self.scope) or "30/minute"


class WriteThrottleMixin:
    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method not in permissions.SAFE_METHODS:
            throttles.append(RoadshowWriteThrottle())
        return throttles


# --- Filters --------------------------------------------------------------------------------------


class SessionFilterSet(django_filters.FilterSet):
    track = django_filters.CharFilter(
        method="filter_track", help_text=_("Track slug (the session's or its series' track).")
    )
    series = django_filters.CharFilter(method="filter_series", help_text=_("Series id or slug."))
    # Not "format": DRF reserves ?format= for choosing the renderer.
    session_format = django_filters.ChoiceFilter(
        choices=Format.choices,
        method="filter_format",
        help_text=_("online and venue include sessions held both ways."),
    )
    price = django_filters.ChoiceFilter(
        choices=[("free", _("Free")), ("paid", _("Paid"))], method="filter_price"
    )

    class Meta:
        model = RoadshowSession
        fields = ["track", "series", "session_format", "price"]

    def filter_track(self, queryset, name, value):
        return queryset.filter(Q(track__slug=value) | Q(series__track__slug=value))

    def filter_series(self, queryset, name, value):
        if value.isdigit():
            return queryset.filter(Q(series__slug=value) | Q(series_id=int(value)))
        return queryset.filter(series__slug=value)

    def filter_format(self, queryset, name, value):
        if value == Format.BOTH:
            return queryset.filter(format=Format.BOTH)
        return queryset.filter(format__in=[value, Format.BOTH])

    def filter_price(self, queryset, name, value):
        return queryset.filter(price_cny__gt=0) if value == "paid" else queryset.filter(price_cny=0)


# "from" and "to" are Python keywords, so these two are added after the class is built.
for _name, _lookup, _help in (
    ("from", "date__gte", _("Sessions starting on or after this date (Beijing time).")),
    ("to", "date__lte", _("Sessions starting on or before this date (Beijing time).")),
):
    SessionFilterSet.base_filters[_name] = django_filters.DateFilter(
        field_name="starts_at", lookup_expr=_lookup, help_text=_help
    )


def _with_seats(sessions):
    """List cards plus the seats held (confirmed or awaiting payment) and the slides document."""
    return (
        queries.session_cards(sessions)
        .annotate(
            seats_held=Count("registrations", filter=Q(registrations__status__in=Registration.SEAT_STATUSES))
        )
        .select_related("slides")
    )


# --- Series ---------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Active roadshow series", description="With the start of each one's next session."
    ),
    retrieve=extend_schema(
        summary="One roadshow series by id or slug, with its next sessions",
        parameters=[OpenApiParameter("id_or_slug", OpenApiTypes.STR, OpenApiParameter.PATH)],
    ),
)
class RoadshowSeriesViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.AllowAny]
    lookup_url_kwarg = "id_or_slug"
    lookup_value_regex = r"[-\w]+"
    filter_backends = [DjangoFilterBackend]
    filterset_fields = {"track__slug": ["exact"]}

    def get_queryset(self):
        now = timezone.now()
        queryset = RoadshowSeries.objects.select_related("track").annotate(
            next_session_at=Min(
                "sessions__starts_at",
                filter=Q(sessions__ends_at__gte=now) & ~Q(sessions__status=RoadshowSession.Status.CANCELLED),
            )
        )
        if self.action == "list":
            return queryset.filter(is_active=True).order_by("title")
        return queryset

    def get_serializer_class(self):
        return SeriesDetailSerializer if self.action == "retrieve" else SeriesSerializer

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg]
        queryset = self.get_queryset()
        series = queryset.filter(slug=value).first()
        if series is None and value.isdigit():
            series = queryset.filter(pk=int(value)).first()
        if series is None:
            raise NotFound(_("No roadshow series with this id or slug."))
        self.check_object_permissions(self.request, series)
        return series

    def retrieve(self, request, *args, **kwargs):
        series = self.get_object()
        now = timezone.now()
        upcoming = list(_with_seats(series.sessions.upcoming(now))[:12])
        context = {**self.get_serializer_context(), "now": now, "upcoming_sessions": upcoming}
        return Response(SeriesDetailSerializer(series, context=context).data)


# --- Sessions -------------------------------------------------------------------------------------


REGISTRATION_ERRORS = {
    400: OpenApiResponse(description="Refused: the session is over or cancelled; the message says why."),
    403: OpenApiResponse(description="Not signed in, or not allowed."),
    404: OpenApiResponse(description="No such session."),
}


@extend_schema_view(
    list=extend_schema(
        summary="Roadshow sessions: upcoming first, or the archive with ?past=1",
        parameters=[
            OpenApiParameter(
                "past",
                OpenApiTypes.BOOL,
                description="1 for the archive of past sessions (newest first); upcoming by default.",
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One session with its agenda",
        description=(
            "join_url is set only for a confirmed registrant from shortly before the start until the end; "
            "replay_url and slides_url once the session is over."
        ),
    ),
)
class RoadshowSessionViewSet(WriteThrottleMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    lookup_value_regex = r"\d+"
    filter_backends = [DjangoFilterBackend]
    filterset_class = SessionFilterSet

    def get_queryset(self):
        if self.action == "list":
            sessions = (
                RoadshowSession.objects.past()
                if _flag(self.request, "past")
                else RoadshowSession.objects.upcoming()
            )
            return _with_seats(sessions)
        return _with_seats(RoadshowSession.objects.all())

    def get_serializer_class(self):
        return SessionDetailSerializer if self.action == "retrieve" else SessionSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    def _session(self, pk):
        return get_object_or_404(RoadshowSession.objects.select_related("series"), pk=pk)

    # Registrations ------------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        summary="Your registration for this session",
        responses={200: RegistrationSerializer, 404: OpenApiResponse(description="You are not registered.")},
    )
    @extend_schema(
        methods=["POST"],
        request=PassInputSerializer,
        summary="Register for this session",
        description=(
            "Free sessions confirm at once, or put you on the waiting list when full. Paid sessions hold a "
            "seat: with payment_method stripe (the default where offered) the answer has checkout_url "
            "(Stripe Checkout) and Stripe's webhook confirms the seat; with bank_transfer it has "
            "bank_transfer (payee account, reference, deadline) and an editor confirms the seat when the "
            "money arrives. voucher_code takes a voucher or invitation code off the price; a 100 % code "
            "confirms at once. Posting again while awaiting payment gives a fresh checkout_url. 409 when "
            "no payment method is offered on this site."
        ),
        responses={
            201: RegistrationSerializer,
            200: OpenApiResponse(RegistrationSerializer, description="You were already registered."),
            409: OpenApiResponse(description="Payment is not configured on this site."),
            502: OpenApiResponse(description="Stripe could not be reached; the seat stays held."),
            **REGISTRATION_ERRORS,
        },
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        summary="Cancel your registration",
        description=(
            "Paid registrations cancelled before the refund deadline are refunded through Stripe. "
            "Refused (400) once the session is over."
        ),
        responses={200: RegistrationSerializer, **REGISTRATION_ERRORS},
    )
    @action(detail=True, methods=["get", "post", "delete"], permission_classes=[permissions.IsAuthenticated])
    def registrations(self, request, pk=None):
        session = self._session(pk)
        if request.method == "POST":
            return self._register(request, session)
        registration = Registration.objects.filter(session=session, user=request.user).first()
        if registration is None or not registration.is_active:
            raise NotFound(_("You are not registered for this session."))
        if request.method == "GET":
            return Response(self._registration_data(registration))
        return self._cancel(request, session, registration)

    def _registration_data(self, registration):
        return RegistrationSerializer(registration, context=self.get_serializer_context()).data

    def _register(self, request, session):
        already = Registration.objects.filter(
            session=session, user=request.user, status__in=Registration.ACTIVE_STATUSES
        ).exists()
        data = PassInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        method = data.validated_data.get("payment_method") or ""
        offered = offered_methods(session) if session.is_paid else []
        if not method and offered:
            method = offered[0]
        try:
            registration = buy_pass(
                session=session,
                user=request.user,
                method=method,
                voucher_code=data.validated_data.get("voucher_code", ""),
            )
        except DjangoValidationError as exc:
            if _is_payment_not_configured(exc):
                raise PaymentNotConfiguredError(exc.messages[0]) from None
            raise
        if registration.status == Registration.Status.PENDING_PAYMENT and method == PaymentMethod.STRIPE:
            registration.checkout_url = self._checkout(request, registration)
        return Response(
            self._registration_data(registration),
            status=status.HTTP_200_OK if already else status.HTTP_201_CREATED,
        )

    def _checkout(self, request, registration):
        session = registration.session
        success = request.build_absolute_uri(reverse("roadshow:payment_return", kwargs={"pk": session.pk}))
        cancel = request.build_absolute_uri(session.get_absolute_url())
        try:
            return start_checkout(registration=registration, success_url=success, cancel_url=cancel)
        except PaymentsNotConfigured as exc:
            raise PaymentNotConfiguredError(exc.messages[0]) from None
        except stripe.StripeError:
            raise PaymentProviderError() from None

    def _cancel(self, request, session, registration):
        try:
            registration = services.cancel_registration(registration=registration, user=request.user)
        except PaymentsNotConfigured as exc:
            raise PaymentNotConfiguredError(exc.messages[0]) from None
        except stripe.StripeError:
            raise PaymentProviderError(
                _("The payment provider could not be reached, so nothing was cancelled. Try again shortly.")
            ) from None
        return Response(self._registration_data(registration))

    # Interest -----------------------------------------------------------------------------------

    @extend_schema(
        summary="Mark interest in a pitched technology",
        description=(
            "Tells the pitching team, once per person and pitch. Open from the moment the pitch is "
            "scheduled, during and after the session; closed when the session is cancelled. Marking again "
            "returns the existing interest. Turn it into a match request with "
            "POST /api/v1/roadshow/interests/{id}/match-request/."
        ),
        request=InterestInputSerializer,
        responses={
            201: InterestSerializer,
            200: OpenApiResponse(InterestSerializer, description="You had already marked interest."),
            400: OpenApiResponse(description="Not on the agenda, session cancelled, or your own technology."),
            403: OpenApiResponse(description="Not signed in."),
            404: OpenApiResponse(description="No such session."),
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def interest(self, request, pk=None):
        session = self._session(pk)
        serializer = InterestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        pitch = (
            PitchApplication.objects.select_related("technology")
            .filter(pk=data["pitch"], session=session)
            .first()
        )
        if pitch is None:
            raise ApiValidationError({"pitch": [_("This pitch is not on the session's agenda.")]})
        already = InvestorInterest.objects.filter(pitch=pitch, investor=request.user).exists()
        marked = interest.mark_interest(pitch=pitch, investor=request.user, message=data.get("message", ""))
        return Response(
            InterestSerializer(marked, context=self.get_serializer_context()).data,
            status=status.HTTP_200_OK if already else status.HTTP_201_CREATED,
        )

    # Door check-in ------------------------------------------------------------------------------

    @extend_schema(
        summary="Check a person in at the door (editors)",
        description=(
            "The door code from the person's QR code or typed. Refused (400, the message says why) for an "
            "unknown code, a code of another session, a registration that is not confirmed, a cancelled "
            "session, or a code already used."
        ),
        request=CheckInInputSerializer,
        responses={200: CheckInSerializer, 400: OpenApiResponse(description="Refused."), 403: None},
    )
    @action(
        detail=True, methods=["post"], url_path="check-in", permission_classes=[permissions.IsAuthenticated]
    )
    def check_in(self, request, pk=None):
        session = self._session(pk)
        serializer = CheckInInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        done = checkin.check_in(session=session, code=serializer.validated_data["code"], by=request.user)
        return Response(CheckInSerializer(done).data)


# --- Interest into a match request -----------------------------------------------------------------


class InterestMatchRequestView(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MatchRequestInputSerializer

    @extend_schema(
        summary="Turn your interest in a pitch into a match request",
        description=(
            "Opens a match request for the pitch's technology (source roadshow), with the interest's "
            "message and the cooperation the pitch asks for unless you give others; a second call returns "
            "the request already opened (200)."
        ),
        request=MatchRequestInputSerializer,
        responses={201: MatchRequestRefSerializer, 200: MatchRequestRefSerializer, 404: None},
    )
    def post(self, request, pk):
        mine = get_object_or_404(
            InvestorInterest.objects.select_related("pitch__technology"), pk=pk, investor=request.user
        )
        serializer = MatchRequestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        already = bool(mine.match_request_id)
        organisation = None
        if data.get("organisation"):
            organisation = get_object_or_404(Organisation, pk=data["organisation"])
        match_request = interest.request_match(
            interest=mine,
            by=request.user,
            message=data.get("message"),
            cooperation_mode=data.get("cooperation_mode"),
            organisation=organisation,
            non_confidential_accepted=data["non_confidential"],
        )
        return Response(
            MatchRequestRefSerializer(match_request, context={"request": request}).data,
            status=status.HTTP_200_OK if already else status.HTTP_201_CREATED,
        )


# --- Your registrations ---------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="Your roadshow registrations, next session first",
        parameters=[
            OpenApiParameter(
                "active", OpenApiTypes.BOOL, description="1 for registrations still holding a place."
            )
        ],
    )
)
class MyRegistrationsView(generics.ListAPIView):
    serializer_class = MyRegistrationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        registrations = Registration.objects.filter(user=self.request.user).select_related(
            "session", "session__series", "bank_transfer", "invoice_request"
        )  # the same rows as the "My registrations" page (roadshow.registrations)
        if _flag(self.request, "active"):
            registrations = registrations.filter(status__in=Registration.ACTIVE_STATUSES)
        return registrations.order_by("-session__starts_at", "-pk")


@extend_schema_view(get=extend_schema(summary="Your team's pitches and who is interested in each"))
class MyPitchesView(generics.ListAPIView):
    """The same pitches as the "My pitches" page (roadshow.interest.team_pitches)."""

    serializer_class = TeamPitchSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return interest.team_pitches(self.request.user).select_related(
            "technology__organisation", "technology__track"
        )


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("roadshow/series", RoadshowSeriesViewSet, basename="api-roadshow-series")
router.register("roadshow/sessions", RoadshowSessionViewSet, basename="api-roadshow-session")

urlpatterns = [
    path("roadshow/my-registrations/", MyRegistrationsView.as_view(), name="api-roadshow-my-registrations"),
    path("roadshow/my-pitches/", MyPitchesView.as_view(), name="api-roadshow-my-pitches"),
    path(
        "roadshow/interests/<id:pk>/match-request/",
        InterestMatchRequestView.as_view(),
        name="api-roadshow-interest-match-request",
    ),
    path("", include("roadshow.payment_api")),
    path("", include(router.urls)),
]
