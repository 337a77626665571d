"""REST API under /api/v1/funding/: public programmes and products, applications for their two
sides (reviews only for the fund's side), and the matches both ways.

The same services as the pages; their refusals become 400/403 answers through core.api.exception_handler.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.bilingual import localized
from core.threads import api as threads
from listings.models import Technology

from . import queries, services
from .models import (
    Application,
    FinancialProduct,
    ProductMessage,
    ProductRequest,
    Programme,
    Review,
    Stage,
    Tranche,
)


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    max_points = serializers.IntegerField()


class ProgrammeSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    tracks = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    review_steps = serializers.ListField(source="steps", child=serializers.CharField(), read_only=True)
    documents = serializers.SerializerMethodField()
    criteria = CriterionSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Programme
        fields = [
            "slug", "title_zh", "title_en", "summary_zh", "summary_en", "organisation", "stage", "tracks",
            "ticket_min_cny", "ticket_max_cny", "min_trl", "ip_statuses", "applicant_kinds", "deadline",
            "documents", "review_steps", "criteria", "url",
        ]  # fmt: skip

    def get_documents(self, programme) -> list[str]:
        return [label for _index, label in programme.documents]


class ProgrammeListView(generics.ListAPIView):
    """Open programmes; filter with ?stage=poc|pilot|transfer|growth, ?track=<slug>, ?q=<words>."""

    serializer_class = ProgrammeSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        stage = self.request.query_params.get("stage", "")
        if stage and stage not in Stage.values:
            raise ApiValidationError({"stage": [f"Choose one of {', '.join(Stage.values)}."]})
        filters = {"stage": stage, "track": self.request.query_params.get("track", "")}
        programmes = queries.search_programmes(query=self.request.query_params.get("q", ""), filters=filters)
        return programmes.prefetch_related("criteria").order_by("deadline", "-published_at", "pk")


class ProgrammeDetailView(generics.RetrieveAPIView):
    serializer_class = ProgrammeSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Programme.objects.published()
            .select_related("organisation")
            .prefetch_related("tracks", "criteria")
        )


class FitSerializer(serializers.Serializer):
    ref = serializers.CharField()
    title = serializers.CharField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField()


def _fits(fits, ref):
    return [
        {
            "ref": ref(f.obj),
            "title": localized(f.obj, "title"),
            "score": f.score,
            "reasons": [str(r) for r in f.reasons],
            "url": f.obj.get_absolute_url(),
        }
        for f in fits
    ]


class ProgrammesForTechnologyView(APIView):
    """Open programmes that fit a published technology, best first, with reasons."""

    permission_classes = [permissions.AllowAny]
    serializer_class = FitSerializer

    def get(self, request, ref):
        technology = get_object_or_404(Technology.objects.published().select_related("track"), ref=ref)
        return Response(_fits(queries.programmes_for_technology(technology), lambda p: p.slug))


class TechnologiesForProgrammeView(APIView):
    """Published technologies that fit a programme: for the fund manager's members."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = FitSerializer

    def get(self, request, slug):
        programme = get_object_or_404(Programme, slug=slug)
        if not programme.is_manager(request.user):
            raise PermissionDenied(_("Only the fund manager's members see this list."))
        return Response(_fits(queries.technologies_for_programme(programme), lambda t: t.ref))


class TrancheSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tranche
        fields = ["id", "amount_cny", "milestone", "released_at", "evidence_note", "evidence_note_en"]


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(read_only=True)

    class Meta:
        model = Review
        fields = ["id", "reviewer", "step", "scores", "total", "comment", "recommendation", "updated_at"]


class ApplicationSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.slug", read_only=True)
    technology_ref = serializers.CharField(source="technology.ref", read_only=True)
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    tranches = TrancheSerializer(many=True, read_only=True)
    rounds = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id", "programme", "technology_ref", "amount_cny", "plan", "milestones", "team",
            "trl_at_application", "ip_status_at_application", "evidence", "status", "step", "decision_note",
            "amount_awarded_cny", "funded_stage", "decided_at", "tranches", "rounds", "created_at",
        ]  # fmt: skip

    def get_rounds(self, application) -> list[dict]:
        return [
            {"step": r.step, "question": r.question, "answer": r.answer, "answered_at": r.answered_at}
            for r in application.rounds.all()
        ]


class FundApplicationSerializer(ApplicationSerializer):
    """The fund's view: with the reviews and the conflict flag of the reader."""

    reviews = ReviewSerializer(many=True, read_only=True)
    conflict = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "reviews", "conflict"]

    def get_conflict(self, application) -> str:
        # A list asks once for all its applicants (``conflicts``); a single application asks for itself.
        if "conflicts" in self.context:
            return self.context["conflicts"].get(application.applicant_organisation_id, "")
        return services.conflict_of_interest(application=application, user=self.context["request"].user)


def _serialise(request, application, context=None):
    side = application.side_of(request.user)
    serializer = FundApplicationSerializer if side == "fund" else ApplicationSerializer
    return serializer(application, context={**(context or {}), "request": request}).data


class ApplicationCreateSerializer(serializers.Serializer):
    programme = serializers.SlugField()
    technology_ref = serializers.CharField()
    amount_cny = serializers.DecimalField(max_digits=14, decimal_places=2)
    plan = serializers.CharField(max_length=6000)
    milestones = serializers.CharField(max_length=4000)
    team = serializers.CharField(max_length=3000)
    evidence = serializers.ListField(child=serializers.IntegerField(), required=False)


class ApplicationListView(generics.ListAPIView):
    """Applications of your organisations (as applicant or fund); POST applies (multipart for documents:
    ``document_0``, ``document_1`` … in the order the programme lists them)."""

    serializer_class = ApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return (
            Application.objects.involving(self.request.user)
            .with_related()
            .prefetch_related("tranches", "rounds", "evidence", "reviews__reviewer")
        )

    def list(self, request, *args, **kwargs):
        applications = list(self.get_queryset())
        # One conflict check for every applicant organisation in the list, shared by the rows.
        conflicts = services.conflicts_of_interest(
            user=request.user, applicant_ids={a.applicant_organisation_id for a in applications}
        )
        return Response([_serialise(request, a, {"conflicts": conflicts}) for a in applications])

    def post(self, request):
        serializer = ApplicationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        programme = get_object_or_404(Programme.objects.published(), slug=data.pop("programme"))
        technology = get_object_or_404(Technology, ref=data.pop("technology_ref"))
        documents = {index: request.FILES.get(f"document_{index}") for index, _label in programme.documents}
        application = services.apply(
            applicant=request.user, programme=programme, technology=technology, documents=documents, **data
        )
        return Response(_serialise(request, application), status=status.HTTP_201_CREATED)


def _participant(request, pk):
    return threads.participant_request(Application.objects.with_related(), request, pk)


class ApplicationDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ApplicationSerializer

    def get(self, request, pk):
        return Response(_serialise(request, _participant(request, pk)))


class ReviewActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=["score", "advance", "questions", "fund", "decline", "answer", "withdraw"]
    )
    scores = serializers.DictField(child=serializers.IntegerField(), required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    recommendation = serializers.CharField(required=False, allow_blank=True)
    question = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    answer = serializers.CharField(required=False, allow_blank=True, max_length=6000)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    amount_awarded = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    tranches = serializers.ListField(child=serializers.ListField(min_length=2, max_length=2), required=False)


class ApplicationActionView(APIView):
    """One step of the review or of the applicant: {"action": "score", "scores": {criterion id: points},
    "comment", "recommendation"}, {"action": "advance"}, {"action": "questions", "question"},
    {"action": "fund", "note", "amount_awarded", "tranches": [[amount, milestone], …]},
    {"action": "decline", "note"}, {"action": "answer", "answer"}, {"action": "withdraw"}."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReviewActionSerializer

    def post(self, request, pk):
        application = _participant(request, pk)
        serializer = ReviewActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d, user = serializer.validated_data, request.user
        action = d["action"]
        if action == "score":
            services.score_application(
                application=application, reviewer=user, scores=d.get("scores", {}),
                comment=d.get("comment", ""), recommendation=d.get("recommendation", ""),
            )  # fmt: skip
        elif action == "advance":
            services.advance_application(application=application, user=user)
        elif action == "questions":
            services.ask_for_information(application=application, user=user, question=d.get("question", ""))
        elif action in ("fund", "decline"):
            services.decide_application(
                application=application, user=user, fund=action == "fund", note=d.get("note", ""),
                amount_awarded=d.get("amount_awarded"), tranches=d.get("tranches", []),
            )  # fmt: skip
        elif action == "answer":
            services.answer_information(application=application, user=user, answer=d.get("answer", ""))
        else:
            services.withdraw_application(application=application, user=user)
        return Response(_serialise(request, _participant(request, pk)))


class ProductSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    tracks = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = FinancialProduct
        fields = [
            "slug", "kind", "title_zh", "title_en", "summary_zh", "summary_en", "organisation", "tracks",
            "amount_min_cny", "amount_max_cny", "term_months", "rate_note", "min_trl", "ip_statuses", "url",
        ]  # fmt: skip


class ProductListView(generics.ListAPIView):
    """Published financial products; filter with ?kind=ip_pledge_loan|guarantee|insurance."""

    serializer_class = ProductSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        products = (
            FinancialProduct.objects.published().select_related("organisation").prefetch_related("tracks")
        )
        kind = self.request.query_params.get("kind")
        if kind:
            if kind not in FinancialProduct.Kind.values:
                raise ApiValidationError(
                    {"kind": [f"Choose one of {', '.join(FinancialProduct.Kind.values)}."]}
                )
            products = products.filter(kind=kind)
        return products


class ProductRequestSerializer(serializers.ModelSerializer):
    product = serializers.CharField(source="product.slug", read_only=True)
    technology_ref = serializers.CharField(source="technology.ref", read_only=True)

    class Meta:
        model = ProductRequest
        fields = [
            "id",
            "product",
            "technology_ref",
            "amount_cny",
            "purpose",
            "trl_at_request",
            "status",
            "answer",
            "created_at",
        ]


class ProductRequestCreateSerializer(serializers.Serializer):
    product = serializers.SlugField()
    technology_ref = serializers.CharField()
    amount_cny = serializers.DecimalField(max_digits=14, decimal_places=2)
    purpose = serializers.CharField(max_length=4000)


class ProductRequestListView(generics.ListAPIView):
    """Requests for financial products of your organisations (as owner or provider); POST asks for one."""

    serializer_class = ProductRequestSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return ProductRequest.objects.involving(self.request.user).with_related()

    def post(self, request):
        serializer = ProductRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        product = get_object_or_404(FinancialProduct.objects.published(), slug=data.pop("product"))
        technology = get_object_or_404(Technology, ref=data.pop("technology_ref"))
        product_request = services.request_product(
            requester=request.user, product=product, technology=technology, **data
        )
        return Response(ProductRequestSerializer(product_request).data, status=status.HTTP_201_CREATED)


class ProductMessageSerializer(threads.ThreadMessageSerializer):
    class Meta(threads.ThreadMessageSerializer.Meta):
        model = ProductMessage


class ProductMessagesView(threads.ThreadMessagesView):
    """The private thread of a product request: the technology's organisation and the bank or insurer only."""

    serializer_class = ProductMessageSerializer
    requests = ProductRequest.objects.with_related()

    def post_message(self, thread, author, body):
        return services.post_product_message(product_request=thread, author=author, body=body)


urlpatterns = [
    path("funding/programmes/", ProgrammeListView.as_view(), name="funding-api-programmes"),
    path("funding/programmes/<slug:slug>/", ProgrammeDetailView.as_view(), name="funding-api-programme"),
    path(
        "funding/programmes/<slug:slug>/technologies/",
        TechnologiesForProgrammeView.as_view(),
        name="funding-api-programme-fits",
    ),
    path(
        "funding/technologies/<str:ref>/programmes/",
        ProgrammesForTechnologyView.as_view(),
        name="funding-api-technology-fits",
    ),
    path("funding/applications/", ApplicationListView.as_view(), name="funding-api-applications"),
    path("funding/applications/<id:pk>/", ApplicationDetailView.as_view(), name="funding-api-application"),
    path(
        "funding/applications/<id:pk>/actions/",
        ApplicationActionView.as_view(),
        name="funding-api-application-action",
    ),
    path("funding/products/", ProductListView.as_view(), name="funding-api-products"),
    path("funding/product-requests/", ProductRequestListView.as_view(), name="funding-api-product-requests"),
    path(
        "funding/product-requests/<id:pk>/messages/",
        ProductMessagesView.as_view(),
        name="funding-api-product-messages",
    ),
]
