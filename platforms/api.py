"""REST API under /api/v1/platforms/: public centres, and slot requests for their two sides.

The same services as the pages: every rule and notice lives in platforms.services, and their
refusals become 400/403/429 answers through core.api.exception_handler.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.threads import api as threads
from listings.models import Technology

from . import queries, services
from .models import CentreRate, SlotMessage, SlotRequest, Stage, ValidationReport, VerificationCentre


class RateSerializer(serializers.ModelSerializer):
    class Meta:
        model = CentreRate
        fields = ["service_zh", "service_en", "user_type", "price_cny", "unit_zh", "unit_en"]


class CentreSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    stages = serializers.ListField(child=serializers.CharField(), read_only=True)
    tracks = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = VerificationCentre
        fields = [
            "slug",
            "name_zh",
            "name_en",
            "summary_zh",
            "summary_en",
            "organisation",
            "stages",
            "tracks",
            "lead_time_days",
            "url",
        ]


class CentreDetailSerializer(CentreSerializer):
    rates = RateSerializer(many=True, read_only=True)
    responsiveness = serializers.SerializerMethodField()

    class Meta(CentreSerializer.Meta):
        fields = [
            *CentreSerializer.Meta.fields,
            "equipment",
            "capacity",
            "location",
            "rates",
            "responsiveness",
        ]

    def get_responsiveness(self, centre) -> dict:
        return queries.responsiveness(centre)


class CentreListView(generics.ListAPIView):
    """Published centres; filter with ?stage=research|pilot|scenario and ?track=<slug>."""

    serializer_class = CentreSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        centres = (
            VerificationCentre.objects.published().select_related("organisation").prefetch_related("tracks")
        )
        stage = self.request.query_params.get("stage")
        if stage:
            if stage not in Stage.values:
                raise ApiValidationError({"stage": [f"Choose one of {', '.join(Stage.values)}."]})
            centres = centres.covering(stage)
        track = self.request.query_params.get("track")
        if track:
            centres = centres.filter(tracks__slug=track)
        return centres.distinct().order_by("name_zh", "pk")


class CentreDetailView(generics.RetrieveAPIView):
    serializer_class = CentreDetailSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return (
            VerificationCentre.objects.published()
            .select_related("organisation")
            .prefetch_related("tracks", "rates")
        )


class ReportSerializer(serializers.ModelSerializer):
    download_url = serializers.CharField(source="get_download_url", read_only=True)

    class Meta:
        model = ValidationReport
        fields = [
            "id",
            "title",
            "findings",
            "outcome",
            "trl_supported",
            "is_public",
            "trl_review",
            "download_url",
        ]


class SlotRequestSerializer(serializers.ModelSerializer):
    technology_ref = serializers.CharField(source="technology.ref", read_only=True)
    technology_title = serializers.CharField(source="technology.title", read_only=True)
    centre = serializers.CharField(source="centre.slug", read_only=True)
    report = serializers.SerializerMethodField()

    class Meta:
        model = SlotRequest
        fields = [
            "id",
            "technology_ref",
            "technology_title",
            "centre",
            "stage",
            "what_to_test",
            "sample",
            "earliest_start",
            "latest_end",
            "budget_cny",
            "trl_at_request",
            "ip_status_at_request",
            "status",
            "response_deadline",
            "responded_at",
            "scheduled_start",
            "price_cny",
            "decline_reason",
            "decline_detail",
            "report",
            "created_at",
        ]

    def get_report(self, slot_request) -> dict | None:
        report = (
            getattr(slot_request, "report", None)
            if slot_request.status == SlotRequest.Status.REPORTED
            else None
        )
        return ReportSerializer(report).data if report else None


class SlotRequestCreateSerializer(serializers.Serializer):
    technology_ref = serializers.CharField()
    centre = serializers.SlugField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    what_to_test = serializers.CharField(max_length=4000)
    sample = serializers.CharField(max_length=2000)
    earliest_start = serializers.DateField()
    latest_end = serializers.DateField()
    budget_cny = serializers.DecimalField(max_digits=12, decimal_places=2)


class SlotRequestListCreateView(generics.ListAPIView):
    """Slot requests of your organisations (as technology owner or centre); POST asks for a slot."""

    serializer_class = SlotRequestSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return SlotRequest.objects.involving(self.request.user).with_related()

    def post(self, request):
        serializer = SlotRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        technology = get_object_or_404(Technology, ref=data.pop("technology_ref"))
        centre = VerificationCentre.objects.published().filter(slug=data.pop("centre")).first()
        slot_request = services.request_slot(
            requester=request.user, technology=technology, centre=centre, **data
        )
        return Response(SlotRequestSerializer(slot_request).data, status=status.HTTP_201_CREATED)


def _participant_request(request, pk):
    return threads.participant_request(SlotRequest.objects.with_related(), request, pk)


class SlotRequestDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = SlotRequestSerializer

    def get(self, request, pk):
        return Response(SlotRequestSerializer(_participant_request(request, pk)).data)


class SlotAnswerSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["accept", "decline", "questions"])
    start_date = serializers.DateField(required=False)
    price_cny = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    reason = serializers.ChoiceField(choices=SlotRequest.DeclineReason.choices, required=False)
    detail = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    question = serializers.CharField(required=False, max_length=5000)


class AnswerView(APIView):
    """The centre answers: {"action": "accept", "start_date", "price_cny"}, {"action": "decline",
    "reason", "detail"} or {"action": "questions", "question"}."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = SlotAnswerSerializer

    def post(self, request, pk):
        slot_request = _participant_request(request, pk)
        serializer = SlotAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        action = data["action"]
        if action == "accept":
            slot_request = services.accept_slot_request(
                slot_request=slot_request,
                user=request.user,
                start_date=data.get("start_date"),
                price_cny=data.get("price_cny"),
            )
        elif action == "decline":
            slot_request = services.decline_slot_request(
                slot_request=slot_request,
                user=request.user,
                reason=data.get("reason", ""),
                detail=data.get("detail", ""),
            )
        else:
            slot_request = services.ask_for_information(
                slot_request=slot_request,
                user=request.user,
                question=data.get("question", ""),
            )
        return Response(SlotRequestSerializer(slot_request).data)


class SlotMessageSerializer(threads.ThreadMessageSerializer):
    class Meta(threads.ThreadMessageSerializer.Meta):
        model = SlotMessage


class SlotMessagesView(threads.ThreadMessagesView):
    """The private thread: the technology's organisation and the centre's only."""

    serializer_class = SlotMessageSerializer
    requests = SlotRequest.objects.with_related()

    def post_message(self, thread, author, body):
        return services.post_message(slot_request=thread, author=author, body=body)


urlpatterns = [
    path("platforms/centres/", CentreListView.as_view(), name="platforms-api-centres"),
    path("platforms/centres/<slug:slug>/", CentreDetailView.as_view(), name="platforms-api-centre"),
    path("platforms/requests/", SlotRequestListCreateView.as_view(), name="platforms-api-requests"),
    path("platforms/requests/<id:pk>/", SlotRequestDetailView.as_view(), name="platforms-api-request"),
    path("platforms/requests/<id:pk>/answer/", AnswerView.as_view(), name="platforms-api-answer"),
    path("platforms/requests/<id:pk>/messages/", SlotMessagesView.as_view(), name="platforms-api-messages"),
]
