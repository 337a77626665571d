"""REST API under /api/v1/network/: public agencies, brokers and figures; brokerage requests for
their parties; disputes. The same services as the pages; their refusals become 400/403/429 answers
through core.api.exception_handler."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.threads import api as threads
from listings.models import Demand

from . import figures, services
from .models import Agency, BrokerageMessage, BrokerageRequest, BrokerProfile, ServiceKind


class AgencyResponseSerializer(serializers.Serializer):
    counted = serializers.IntegerField()
    answered = serializers.IntegerField()
    answered_in_time = serializers.IntegerField()
    share_in_time = serializers.FloatField(allow_null=True)
    median_hours = serializers.FloatField(allow_null=True)


class NetworkFiguresSerializer(serializers.Serializer):
    introductions = serializers.IntegerField()
    contracts = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2)
    response = AgencyResponseSerializer()


class AgencySerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    tracks = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    zone = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    services = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Agency
        fields = [
            "slug",
            "name_zh",
            "name_en",
            "description_zh",
            "description_en",
            "organisation",
            "tracks",
            "zone",
            "languages",
            "fee_model",
            "fee_detail_zh",
            "fee_detail_en",
            "services",
            "figures",
            "url",
        ]

    def get_services(self, agency) -> list[str]:
        return [service.kind for service in agency.services.all()]

    def get_figures(self, agency) -> NetworkFiguresSerializer:
        return NetworkFiguresSerializer(self.context["figures"][agency.pk]).data


class BrokerSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="user", read_only=True)
    agency = serializers.CharField(source="agency.slug", read_only=True)
    tracks = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    figures = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = BrokerProfile
        fields = [
            "id",
            "name",
            "agency",
            "headline_zh",
            "headline_en",
            "tracks",
            "years_of_experience",
            "figures",
            "url",
        ]

    def get_figures(self, profile) -> NetworkFiguresSerializer:
        return NetworkFiguresSerializer(self.context["figures"][profile.user_id]).data


def _published_agencies():
    return (
        Agency.objects.published()
        .select_related("organisation", "zone")
        .prefetch_related("tracks", "services")
    )


class AgencyListView(generics.ListAPIView):
    """Published agencies with their figures; filter with ?track=<slug>, ?service=<code>, ?zone=<slug>."""

    serializer_class = AgencySerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        params = self.request.query_params
        service = params.get("service", "")
        if service and service not in ServiceKind.values:
            raise ApiValidationError({"service": [f"Choose one of {', '.join(ServiceKind.values)}."]})
        return (
            _published_agencies()
            .filtered(track=params.get("track", ""), service=service, zone=params.get("zone", ""))
            .order_by("name_zh", "pk")
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        agencies = list(page if page is not None else queryset)
        serializer = AgencySerializer(
            agencies, many=True, context={"figures": figures.agency_figures(agencies)}
        )
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)


class AgencyDetailView(APIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = AgencySerializer

    def get(self, request, slug):
        agency = get_object_or_404(_published_agencies(), slug=slug)
        brokers = list(
            BrokerProfile.objects.active()
            .filter(agency=agency)
            .select_related("user", "agency")
            .prefetch_related("tracks")
        )
        data = AgencySerializer(agency, context={"figures": figures.agency_figures([agency])}).data
        broker_context = {"figures": figures.broker_figures([b.user_id for b in brokers], agency=agency)}
        data["brokers"] = BrokerSerializer(brokers, many=True, context=broker_context).data
        return Response(data)


class BrokerDetailView(APIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = BrokerSerializer

    def get(self, request, pk):
        profile = get_object_or_404(
            BrokerProfile.objects.active()
            .filter(agency__in=Agency.objects.published())
            .select_related("user", "agency"),
            pk=pk,
        )
        context = {"figures": figures.broker_figures([profile.user_id])}
        return Response(BrokerSerializer(profile, context=context).data)


class BrokerageRequestSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.slug", read_only=True)
    demand_ref = serializers.CharField(source="demand.ref", read_only=True)
    demand_title = serializers.CharField(source="demand.title", read_only=True)
    broker = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = BrokerageRequest
        fields = [
            "id",
            "agency",
            "demand_ref",
            "demand_title",
            "message",
            "services_wanted",
            "status",
            "response_deadline",
            "responded_at",
            "broker",
            "decline_reason",
            "decline_detail",
            "created_at",
        ]


class BrokerageRequestCreateSerializer(serializers.Serializer):
    agency = serializers.SlugField()
    demand_ref = serializers.CharField()
    message = serializers.CharField(max_length=4000)
    services_wanted = serializers.ListField(
        child=serializers.ChoiceField(choices=ServiceKind.choices), required=False, default=list
    )


class BrokerageRequestListCreateView(generics.ListAPIView):
    """Brokerage requests of your organisations (as enterprise or agency) or assigned to you; POST asks."""

    serializer_class = BrokerageRequestSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return BrokerageRequest.objects.involving(self.request.user).with_related()

    def post(self, request):
        serializer = BrokerageRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        demand = get_object_or_404(Demand, ref=data["demand_ref"])
        agency = Agency.objects.published().filter(slug=data["agency"]).first()
        brokerage_request = services.request_brokerage(
            requester=request.user,
            agency=agency,
            demand=demand,
            message=data["message"],
            services_wanted=data["services_wanted"],
        )
        return Response(BrokerageRequestSerializer(brokerage_request).data, status=status.HTTP_201_CREATED)


def _party_request(request, pk):
    return threads.participant_request(BrokerageRequest.objects.with_related(), request, pk)


class BrokerageRequestDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = BrokerageRequestSerializer

    def get(self, request, pk):
        return Response(BrokerageRequestSerializer(_party_request(request, pk)).data)


class BrokerageAnswerSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["accept", "decline", "withdraw"])
    broker = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text=_("The broker's user id (accept).")
    )
    reason = serializers.ChoiceField(choices=BrokerageRequest.DeclineReason.choices, required=False)
    detail = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class BrokerageAnswerView(APIView):
    """The agency answers {"action": "accept", "broker": <user id>} or {"action": "decline", "reason",
    "detail"}; the enterprise may {"action": "withdraw"} while it waits."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = BrokerageAnswerSerializer

    def post(self, request, pk):
        brokerage_request = _party_request(request, pk)
        serializer = BrokerageAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["action"] == "accept":
            broker = get_user_model().objects.filter(pk=data.get("broker")).first()
            result = services.accept_brokerage_request(
                brokerage_request=brokerage_request, user=request.user, broker=broker
            )
        elif data["action"] == "decline":
            result = services.decline_brokerage_request(
                brokerage_request=brokerage_request,
                user=request.user,
                reason=data.get("reason", ""),
                detail=data.get("detail", ""),
            )
        else:
            result = services.withdraw_brokerage_request(
                brokerage_request=brokerage_request, user=request.user
            )
        return Response(BrokerageRequestSerializer(result).data)


class BrokerageMessageSerializer(threads.ThreadMessageSerializer):
    class Meta(threads.ThreadMessageSerializer.Meta):
        model = BrokerageMessage


class BrokerageMessagesView(threads.ThreadMessagesView):
    """The private thread: the enterprise, the agency and the named broker only."""

    serializer_class = BrokerageMessageSerializer
    requests = BrokerageRequest.objects.with_related()

    def post_message(self, thread, author, body):
        return services.post_message(brokerage_request=thread, author=author, body=body)


class DisputeSerializer(serializers.Serializer):
    deal = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text=_("The id of a deal listed behind an agency's figures.")
    )
    reason = serializers.CharField(max_length=3000)
    id = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)


class DisputeCreateView(APIView):
    """Dispute a deal behind the figures; editors resolve it in the admin."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DisputeSerializer

    def post(self, request):
        serializer = DisputeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        deal = figures.public_deals().filter(pk=serializer.validated_data["deal"]).first()
        dispute = services.raise_dispute(
            match_request=deal, user=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(
            {
                "id": dispute.pk,
                "deal": dispute.match_request_id,
                "reason": dispute.reason,
                "status": dispute.status,
            },
            status=status.HTTP_201_CREATED,
        )


urlpatterns = [
    path("network/agencies/", AgencyListView.as_view(), name="network-api-agencies"),
    path("network/agencies/<slug:slug>/", AgencyDetailView.as_view(), name="network-api-agency"),
    path("network/brokers/<id:pk>/", BrokerDetailView.as_view(), name="network-api-broker"),
    path("network/requests/", BrokerageRequestListCreateView.as_view(), name="network-api-requests"),
    path("network/requests/<id:pk>/", BrokerageRequestDetailView.as_view(), name="network-api-request"),
    path("network/requests/<id:pk>/answer/", BrokerageAnswerView.as_view(), name="network-api-answer"),
    path("network/requests/<id:pk>/messages/", BrokerageMessagesView.as_view(), name="network-api-messages"),
    path("network/disputes/", DisputeCreateView.as_view(), name="network-api-disputes"),
]
