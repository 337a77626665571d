"""REST API for listings: public read of published ones, create and edit for their owners.

``/api/v1/technologies/`` and ``/api/v1/demands/``, looked up by ``ref``. Writes go through
``listings.services`` like the web forms; its refusals become 400/403 in ``core.api``. The matches endpoint lives in ``search.api``.
"""

import django_filters
from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from accounts.models import Organisation
from core.richtext import clean_source, render_markdown
from taxonomy.models import DevelopmentZone, Track

from . import services, tallies
from .forms import MAX_PATENTS
from .models import Demand, Listing, Patent, Technology, TransferMode


class PlainTextParser(BaseParser):
    """JSON Lines (or plain text) request bodies, decoded as UTF-8."""

    media_type = "application/x-ndjson"

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return stream.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError({"detail": _("The body is not valid UTF-8.")}) from None


# --- Filters ------------------------------------------------------------------------------------


class ListingFilterSet(django_filters.FilterSet):
    track = django_filters.CharFilter(method="filter_track", help_text=_("Track slugs, comma-separated."))
    language = django_filters.ChoiceFilter(choices=[("zh", "zh"), ("en", "en")])
    organisation_kind = django_filters.ChoiceFilter(
        field_name="organisation__kind", choices=Organisation.Kind.choices
    )
    q = django_filters.CharFilter(method="filter_q", help_text=_("Words in the title, summary or keywords."))
    published_after = django_filters.DateFilter(field_name="published_at", lookup_expr="date__gte")

    def filter_track(self, queryset, name, value):
        return queryset.filter(track__slug__in=[slug.strip() for slug in value.split(",") if slug.strip()])

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(keywords__icontains=word)
            )
        return queryset


class TechnologyFilterSet(ListingFilterSet):
    trl_min = django_filters.NumberFilter(field_name="trl", lookup_expr="gte")
    trl_max = django_filters.NumberFilter(field_name="trl", lookup_expr="lte")
    transfer_mode = django_filters.ChoiceFilter(choices=TransferMode.choices, method="filter_transfer_mode")

    class Meta:
        model = Technology
        fields = ["track", "language", "organisation_kind", "trl_min", "trl_max", "transfer_mode", "q"]

    def filter_transfer_mode(self, queryset, name, value):
        # JSON text match works on SQLite and PostgreSQL alike.
        return queryset.filter(transfer_modes__icontains=f'"{value}"')


class DemandFilterSet(ListingFilterSet):
    budget_min = django_filters.NumberFilter(
        method="filter_budget_min", help_text=_("Budget reaches at least this.")
    )
    budget_max = django_filters.NumberFilter(
        method="filter_budget_max", help_text=_("Budget starts at most at this.")
    )
    zone = django_filters.CharFilter(field_name="development_zone__slug")
    deadline_after = django_filters.DateFilter(field_name="deadline", lookup_expr="gte")

    class Meta:
        model = Demand
        fields = ["track", "language", "organisation_kind", "budget_min", "budget_max", "zone", "q"]

    def filter_budget_min(self, queryset, name, value):
        return queryset.filter(budget_max_cny__gte=value)

    def filter_budget_max(self, queryset, name, value):
        return queryset.filter(
            Q(budget_min_cny__lte=value) | Q(budget_min_cny__isnull=True, budget_max_cny__lte=value)
        )


# --- Serializers ------------------------------------------------------------------------------


class PatentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Patent
        fields = ["number", "type", "legal_status"]


class TranslationSerializer(serializers.Serializer):
    """The title and summary in the listing's other language (the exchange format's `translation`)."""

    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ListingSerializer(serializers.ModelSerializer):
    translation = TranslationSerializer(required=False)
    description_html = serializers.SerializerMethodField(
        help_text=_("The description (Markdown) rendered and sanitised, ready to show.")
    )
    track = serializers.SlugRelatedField(slug_field="slug", queryset=Track.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    organisation_kind = serializers.CharField(source="organisation.kind", read_only=True)
    keywords = serializers.ListField(
        child=serializers.CharField(max_length=50), max_length=20, required=False
    )
    url = serializers.SerializerMethodField()
    kind = serializers.CharField(read_only=True)

    common_fields = [
        "ref",
        "kind",
        "url",
        "title",
        "summary",
        "description",
        "description_html",
        "translation",
        "track",
        "keywords",
        "language",
        "organisation",
        "organisation_name",
        "organisation_kind",
        "status",
        "rejection_reason",
        "published_at",
        "updated_at",
    ]
    read_only_common = ["ref", "status", "rejection_reason", "published_at", "updated_at"]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url

    def get_description_html(self, obj) -> str:
        return str(render_markdown(obj.description))

    def validate_organisation(self, organisation):
        user = self.context["request"].user
        if not user.is_editor and organisation.pk not in user.organisation_ids:
            raise ValidationError(_("You can only publish listings for organisations you belong to."))
        return organisation

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user if "request" in self.context else None
        if not instance.can_edit(user):
            data.pop("rejection_reason", None)
        return data

    def _save(self, instance, validated_data):
        patents = validated_data.pop("patents", None)
        translation = validated_data.pop("translation", None)
        if translation is not None:
            instance.translated_title = translation.get("title", "").strip()
            instance.translated_summary = translation.get("summary", "").strip()
            instance.translated_description = clean_source(translation.get("description", ""))
        for name, value in validated_data.items():
            setattr(instance, name, value)
        if patents is not None:
            instance.patents = [Patent(**patent) for patent in patents]
        return services.save_listing(listing=instance, user=self.context["request"].user)

    def create(self, validated_data):
        return self._save(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance.get_latest_revision_as_object(), validated_data)


class TechnologySerializer(ListingSerializer):
    transfer_modes = serializers.ListField(
        child=serializers.ChoiceField(choices=TransferMode.choices), required=False
    )
    patents = PatentSerializer(many=True, required=False, max_length=MAX_PATENTS)

    class Meta:
        model = Technology
        fields = [
            *ListingSerializer.common_fields,
            "trl",
            "development_stage",
            "advantages",
            "application_scenarios",
            "ip_status",
            "patents",
            "transfer_modes",
            "price_cny",
            "price_negotiable",
            "contact_person",
        ]
        read_only_fields = ListingSerializer.read_only_common


class DemandSerializer(ListingSerializer):
    development_zone = serializers.SlugRelatedField(
        slug_field="slug", queryset=DevelopmentZone.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Demand
        fields = [
            *ListingSerializer.common_fields,
            "scenario",
            "required_capabilities",
            "budget_min_cny",
            "budget_max_cny",
            "deadline",
            "development_zone",
            "location",
        ]
        read_only_fields = ListingSerializer.read_only_common


# --- Views ------------------------------------------------------------------------------------


class CanEditListing(permissions.BasePermission):
    message = _("Only members of the owning organisation can change this listing.")

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or obj.can_edit(request.user)


class TalliedPaginator(Paginator):
    """Counts from the maintained tally when the list is every published listing (``known_count``)."""

    @property
    def count(self):
        known = getattr(self.object_list, "known_count", None)
        return known if known is not None else super().count


class ListingPagination(PageNumberPagination):
    django_paginator_class = TalliedPaginator


# Query parameters that do not narrow the list: the tally's count holds.
UNFILTERED_PARAMS = {"page", "format", "lang"}


class ListingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "ref"
    lookup_value_regex = r"[A-Za-z0-9][A-Za-z0-9._-]*"
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanEditListing]
    filter_backends = [DjangoFilterBackend]
    model = None

    pagination_class = ListingPagination

    def paginate_queryset(self, queryset):
        if self.action == "list" and not set(self.request.query_params) - UNFILTERED_PARAMS:
            queryset.known_count = tallies.published_count(self.model)
        return super().paginate_queryset(queryset)

    def get_queryset(self):
        queryset = self.model.objects.select_related("track", "organisation")
        if self.model is Technology:
            queryset = queryset.prefetch_related("patents")
        else:
            queryset = queryset.select_related("development_zone")
        if self.action == "list":
            # The public list shows published listings only, even to their owners.
            return queryset.published().order_by("-published_at", "-id")
        user = self.request.user
        visible = Q(status=Listing.Status.PUBLISHED)
        if user.is_authenticated and not user.is_editor:
            visible |= Q(organisation_id__in=user.organisation_ids)
        elif user.is_authenticated:
            visible = Q()
        return queryset.filter(visible)

    def _lifecycle(self, request, service):
        listing = service(listing=self.get_object(), user=request.user)
        listing.refresh_from_db()
        return Response(self.get_serializer(listing).data)

    @extend_schema(request=None, summary="Submit the listing for moderation")
    @action(detail=True, methods=["post"])
    def submit(self, request, ref=None):
        return self._lifecycle(request, services.submit_listing)

    @extend_schema(request=None, summary="Withdraw the listing from the marketplace")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, ref=None):
        return self._lifecycle(request, services.withdraw_listing)

    @extend_schema(request=None, summary="Close the listing (licensed, solved)")
    @action(detail=True, methods=["post"])
    def close(self, request, ref=None):
        return self._lifecycle(request, services.close_listing)


@extend_schema_view(
    list=extend_schema(summary="Published technologies", description="Filter like the search page."),
    retrieve=extend_schema(summary="One technology by ref (drafts only for their owners)"),
    create=extend_schema(summary="Offer a technology (saved as a draft)"),
    update=extend_schema(summary="Change a technology (owners and editors)"),
    partial_update=extend_schema(summary="Change some fields of a technology"),
)
class TechnologyViewSet(ListingViewSet):
    model = Technology
    serializer_class = TechnologySerializer
    filterset_class = TechnologyFilterSet


@extend_schema_view(
    list=extend_schema(summary="Published demands", description="Filter like the search page."),
    retrieve=extend_schema(summary="One demand by ref (drafts only for their owners)"),
    create=extend_schema(summary="Post a demand (saved as a draft)"),
    update=extend_schema(summary="Change a demand (owners and editors)"),
    partial_update=extend_schema(summary="Change some fields of a demand"),
)
class DemandViewSet(ListingViewSet):
    model = Demand
    serializer_class = DemandSerializer
    filterset_class = DemandFilterSet


class ImportReportSerializer(serializers.Serializer):
    lines = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    failed = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.DictField())


class IsEditor(permissions.BasePermission):
    message = _("Only editors import listings.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_editor)


class ImportListingsView(APIView):
    """Editors import JSON Lines (PRODUCT.md format) as the body or an uploaded ``file``."""

    permission_classes = [IsEditor]
    parser_classes = [PlainTextParser, MultiPartParser]

    @extend_schema(
        summary="Import listings from JSON Lines",
        description="Same rules as `manage.py import_listings`: bad lines are reported with their number and "
        "reason and the good ones kept; `?publish=true` publishes the imported listings.",
        request={"application/x-ndjson": OpenApiTypes.STR, "multipart/form-data": OpenApiTypes.BINARY},
        responses={200: ImportReportSerializer},
    )
    def post(self, request):
        if "file" in request.FILES:
            lines = request.FILES["file"]
        elif isinstance(request.data, str) and request.data.strip():
            lines = request.data.splitlines()
        else:
            raise ValidationError(
                {"detail": _("Send JSON Lines as the request body or as a file named “file”.")}
            )
        publish = request.query_params.get("publish", "").lower() in ("1", "true", "yes")
        report = services.import_listings(lines, publish=publish)
        return Response(report.as_dict())


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("technologies", TechnologyViewSet, basename="api-technology")
router.register("demands", DemandViewSet, basename="api-demand")

urlpatterns = [
    path("listings/import/", ImportListingsView.as_view(), name="api-listings-import"),
    path("", include(router.urls)),
]
