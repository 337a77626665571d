"""The recommendation feed for the procurement catalogue: products recommended and accepted, by batch.

Consumers authenticate with their own key (``Authorization: Api-Key <key>``); editors may use
their session or a DRF token.
"""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from .authentication import FeedKeyAuthentication, IsFeedConsumerOrEditor
from .models import InnovationProduct, ProductCertification, RecommendationBatch
from .queries import feed_products
from .views import xlsx_response


class CertificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductCertification
        fields = ["kind", "title", "issuer", "number", "issued_on"]


class BatchSerializer(serializers.ModelSerializer):
    product_count = serializers.SerializerMethodField()

    class Meta:
        model = RecommendationBatch
        fields = ["code", "title", "recommended_on", "product_count"]

    def get_product_count(self, batch) -> int:
        return batch.product_count


class RecommendedProductSerializer(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="organisation.name")
    enterprise_credit_code = serializers.CharField(source="organisation.unified_credit_code")
    track = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    category_code = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.name_zh")
    batch = serializers.CharField(source="batch.code", default=None)
    batch_date = serializers.DateField(source="batch.recommended_on", default=None)
    certifications = CertificationSerializer(many=True)
    technologies = serializers.SlugRelatedField(slug_field="ref", many=True, read_only=True)
    deal_registration_numbers = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = InnovationProduct
        fields = [
            "ref",
            "name",
            "name_en",
            "summary",
            "enterprise",
            "enterprise_credit_code",
            "track",
            "category_code",
            "category_name",
            "specifications",
            "price_cny",
            "price_unit",
            "certifications",
            "technologies",
            "deal_registration_numbers",
            "batch",
            "batch_date",
            "status",
            "catalogue_entry_number",
            "recommended_at",
            "decided_at",
            "url",
        ]

    def get_deal_registration_numbers(self, product) -> list[str]:
        return [deal.registration_number for deal in product.deals.all() if deal.registration_number]

    def get_url(self, product) -> str:
        return self.context["request"].build_absolute_uri(product.get_absolute_url())


FEED_AUTH = [FeedKeyAuthentication, TokenAuthentication, SessionAuthentication]


class RecommendationQuerySerializer(serializers.Serializer):
    batch = serializers.SlugField(required=False, help_text=_("batch code"))
    status = serializers.CharField(
        required=False, help_text=_("recommended or accepted; anything else: both")
    )
    track = serializers.SlugField(required=False, help_text=_("track slug"))


class RecommendationListView(generics.ListAPIView):
    """Recommended and accepted products, newest recommendation first; filter by batch, status, track."""

    serializer_class = RecommendedProductSerializer
    authentication_classes = FEED_AUTH
    permission_classes = [IsFeedConsumerOrEditor]

    @extend_schema(
        parameters=[
            OpenApiParameter("batch", str, description="batch code"),
            OpenApiParameter("status", str, enum=["recommended", "accepted"]),
            OpenApiParameter("track", str, description="track slug"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = feed_products()
        # Codes and slugs are checked before they reach the database (PostgreSQL refuses NUL in text).
        query = RecommendationQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if params.get("batch"):
            queryset = queryset.filter(batch__code=params["batch"])
        if params.get("status") in InnovationProduct.PUBLIC_STATUSES:
            queryset = queryset.filter(status=params["status"])
        if params.get("track"):
            queryset = queryset.filter(track__slug=params["track"])
        return queryset


class BatchListView(generics.ListAPIView):
    serializer_class = BatchSerializer
    authentication_classes = FEED_AUTH
    permission_classes = [IsFeedConsumerOrEditor]

    def get_queryset(self):
        # An aggregate drops the model's default ordering, and pages need one.
        return (
            RecommendationBatch.objects.annotate(
                product_count=Count(
                    "products", filter=Q(products__status__in=InnovationProduct.PUBLIC_STATUSES)
                )
            )
            .filter(product_count__gt=0)
            .order_by("-recommended_on", "-id")
        )


class BatchExportView(generics.GenericAPIView):
    """The batch as XLSX in the documented column layout (procurement/exports.py)."""

    authentication_classes = FEED_AUTH
    permission_classes = [IsFeedConsumerOrEditor]

    @extend_schema(
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): bytes}
    )
    def get(self, request, code):
        return xlsx_response(get_object_or_404(RecommendationBatch, code=code))


urlpatterns = [
    path(
        "procurement/recommendations/", RecommendationListView.as_view(), name="procurement-recommendations"
    ),
    path("procurement/batches/", BatchListView.as_view(), name="procurement-batches"),
    path(
        "procurement/batches/<slug:code>/export.xlsx",
        BatchExportView.as_view(),
        name="procurement-batch-export",
    ),
]
