"""REST API for deal flow under /api/v1/deals/: the same services as the pages.

The services' refusals reach the client through ``core.api.exception_handler`` (400, 403, 429).
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation
from core.threads import api as threads
from listings.models import Demand, Technology

from . import queries, services
from .models import Challenge, CooperationMode, MatchRequest, ThreadMessage


class MatchRequestSerializer(serializers.ModelSerializer):
    listing_ref = serializers.CharField(source="listing.ref", read_only=True)
    listing_title = serializers.CharField(source="listing.display_title", read_only=True)
    owner_organisation = serializers.CharField(read_only=True)
    requester_organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    decline_reason_label = serializers.CharField(source="get_decline_reason_display", read_only=True)

    class Meta:
        model = MatchRequest
        fields = [
            "id",
            "listing_ref",
            "listing_title",
            "owner_organisation",
            "requester_organisation",
            "message",
            "cooperation_mode",
            "source",
            "status",
            "stage",
            "response_deadline",
            "responded_at",
            "decline_reason",
            "decline_reason_label",
            "decline_detail",
            "created_at",
        ]


class MatchRequestCreateSerializer(serializers.Serializer):
    technology_ref = serializers.CharField(required=False, allow_blank=True)
    demand_ref = serializers.CharField(required=False, allow_blank=True)
    organisation = serializers.SlugField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy(
            "Slug of the organisation you file for, one you are a member of. Leave it out when you "
            "belong to one organisation (it is used) or to none (you file as an individual)."
        ),
    )
    message = serializers.CharField(max_length=4000)
    cooperation_mode = serializers.ChoiceField(choices=CooperationMode.choices)
    non_confidential = serializers.BooleanField()


class MatchRequestListCreateView(generics.ListAPIView):
    """Requests you take part in; POST asks for an introduction."""

    serializer_class = MatchRequestSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return MatchRequest.objects.involving(self.request.user).with_related()

    def post(self, request):
        serializer = MatchRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        technology = demand = None
        if data.get("demand_ref"):
            demand = get_object_or_404(Demand.objects.published(), ref=data["demand_ref"])
        if data.get("technology_ref"):
            technology = get_object_or_404(Technology.objects.published(), ref=data["technology_ref"])
        organisation = None
        if data.get("organisation"):
            organisation = Organisation.objects.filter(slug=data["organisation"]).first()
            if organisation is None:
                # The same refusal the service gives for someone else's organisation.
                message = _("You are not a member of %(organisation)s: choose one of your own organisations.")
                raise ValidationError({"organisation": message % {"organisation": data["organisation"]}})
        match_request = services.request_introduction(
            requester=request.user,
            technology=technology,
            demand=demand,
            organisation=organisation,
            message=data["message"],
            cooperation_mode=data["cooperation_mode"],
            non_confidential_accepted=data["non_confidential"],
        )
        return Response(MatchRequestSerializer(match_request).data, status=status.HTTP_201_CREATED)


def _participant_request(request, pk):
    return threads.participant_request(MatchRequest.objects.with_related(), request, pk)


class MatchRequestDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MatchRequestSerializer

    def get(self, request, pk):
        return Response(MatchRequestSerializer(_participant_request(request, pk)).data)


class DeclineSerializer(serializers.Serializer):
    """Only the shape of the answer; who may decline and which reasons count are the service's rules."""

    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=", ".join(MatchRequest.DeclineReason.values),
    )
    detail = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AnswerSerializer(DeclineSerializer):
    # The body is checked as a whole first: a JSON null or list is a 400, and so is an unknown action
    # (it used to be read as "decline").
    action = serializers.ChoiceField(choices=["accept", "decline"], default="decline")


class AnswerView(APIView):
    """POST {"action": "accept"} or {"action": "decline", "reason": ..., "detail": ...}."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AnswerSerializer

    def post(self, request, pk):
        match_request = _participant_request(request, pk)
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = serializer.validated_data
        if answer["action"] == "accept":
            match_request = services.accept_match_request(match_request=match_request, user=request.user)
        else:
            match_request = services.decline_match_request(
                match_request=match_request,
                user=request.user,
                reason=answer.get("reason", ""),
                detail=answer.get("detail", ""),
            )
        return Response(MatchRequestSerializer(match_request).data)


class ThreadMessageSerializer(threads.ThreadMessageSerializer):
    class Meta(threads.ThreadMessageSerializer.Meta):
        model = ThreadMessage


class ThreadMessagesView(threads.ThreadMessagesView):
    """The private thread: only the two sides and the assigned broker."""

    serializer_class = ThreadMessageSerializer
    requests = MatchRequest.objects.with_related()

    def post_message(self, thread, author, body):
        return services.post_message(match_request=thread, author=author, body=body)


class NdaSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=gettext_lazy("The NDA as a PDF."))


class NdaView(APIView):
    """POST a PDF (multipart, field ``file``) to attach the NDA; refused once both sides acknowledged one."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NdaSerializer

    def post(self, request, pk):
        match_request = _participant_request(request, pk)
        serializer = NdaSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        match_request = services.attach_nda(
            match_request=match_request, user=request.user, upload=serializer.validated_data["file"]
        )
        return Response(MatchRequestSerializer(match_request).data)


class ChallengeSerializer(serializers.ModelSerializer):
    demand_ref = serializers.CharField(source="demand.ref")
    title = serializers.CharField(source="demand.title")
    organisation = serializers.CharField(source="demand.organisation.name")
    proposal_count = serializers.IntegerField()

    class Meta:
        model = Challenge
        fields = [
            "id",
            "demand_ref",
            "title",
            "organisation",
            "brief",
            "deadline",
            "status",
            "proposal_count",
        ]


class ChallengeListView(generics.ListAPIView):
    """Open challenges, public; proposals are never listed here."""

    serializer_class = ChallengeSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return queries.open_challenges()


class FiguresSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    responsiveness = serializers.DictField()
    evaluations = serializers.DictField()


class OrganisationFiguresView(APIView):
    """Public responsiveness and evaluation figures of an organisation."""

    permission_classes = [permissions.AllowAny]
    serializer_class = FiguresSerializer

    def get(self, request, slug):
        organisation = get_object_or_404(Organisation, slug=slug)
        return Response(
            {
                "organisation": organisation.slug,
                "responsiveness": queries.responsiveness(organisation),
                "evaluations": queries.evaluation_figures(organisation),
            }
        )


urlpatterns = [
    path("deals/requests/", MatchRequestListCreateView.as_view(), name="dealflow-api-requests"),
    path("deals/requests/<id:pk>/", MatchRequestDetailView.as_view(), name="dealflow-api-request"),
    path("deals/requests/<id:pk>/answer/", AnswerView.as_view(), name="dealflow-api-answer"),
    path("deals/requests/<id:pk>/messages/", ThreadMessagesView.as_view(), name="dealflow-api-messages"),
    path("deals/requests/<id:pk>/nda/", NdaView.as_view(), name="dealflow-api-nda"),
    path("deals/challenges/", ChallengeListView.as_view(), name="dealflow-api-challenges"),
    path(
        "deals/organisations/<slug:slug>/figures/",
        OrganisationFiguresView.as_view(),
        name="dealflow-api-figures",
    ),
]
