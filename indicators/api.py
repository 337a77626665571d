"""The indicators as JSON: the same figures as the dashboard and the CSV."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from taxonomy.models import Track

from . import services


class IndicatorsSerializer(serializers.Serializer):
    scope = serializers.CharField(help_text=_("overall, or the track's slug"))
    as_of = serializers.DateField()
    months = serializers.ListField(child=serializers.CharField())
    targets = serializers.ListField(
        child=serializers.DictField(), help_text=_("target, actual, by_track, monthly")
    )
    funnel = serializers.ListField(child=serializers.DictField(), help_text=_("total, by_track, monthly"))


class IndicatorsQuerySerializer(serializers.Serializer):
    track = serializers.SlugField(required=False, help_text=_("track slug; omit for the whole programme"))


class IndicatorsView(GenericAPIView):
    """Targets against actual counts and the funnel totals, by track and month. Public."""

    permission_classes = [AllowAny]
    serializer_class = IndicatorsSerializer

    @extend_schema(parameters=[IndicatorsQuerySerializer])
    def get(self, request):
        # A slug is checked before it reaches the database: PostgreSQL refuses text with NUL in it.
        query = IndicatorsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        slug = query.validated_data.get("track")
        track = get_object_or_404(Track, slug=slug) if slug else None
        figures = services.compute_figures(track=track)
        data = {
            "scope": track.slug if track else "overall",
            "as_of": figures.today.isoformat(),
            "months": figures.months,
            "targets": [
                {
                    "indicator": t["key"],
                    "label": t["label"],
                    "target": t["target"],
                    "actual": t["actual"],
                    "by_track": {
                        e["slug"]: {"target": e["target"], "actual": e["actual"]} for e in t["by_track"]
                    },
                    "monthly": t["monthly"],
                }
                for t in figures.targets
            ],
            "funnel": [
                {
                    "indicator": f["key"],
                    "label": f["label"],
                    "unit": f["unit"],
                    "total": services.as_number(f["total"]),
                    "by_track": {k: services.as_number(v) for k, v in f["by_track"].items()},
                    "monthly": [services.as_number(v) for v in f["monthly"]],
                }
                for f in figures.funnel
            ],
        }
        return Response(data)


urlpatterns = [path("indicators/", IndicatorsView.as_view(), name="indicators")]
