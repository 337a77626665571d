"""Matches and search over the REST API (``/api/v1/``); the same services as the pages."""

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services, sitewide
from .backends.base import FACETS, SORTS

NOT_FOUND = {
    "technology": gettext_lazy("No published technology with ref %(ref)s."),
    "demand": gettext_lazy("No published demand with ref %(ref)s."),
}


class MatchSerializer(serializers.Serializer):
    ref = serializers.CharField()
    score = serializers.FloatField()
    band = serializers.ChoiceField(
        choices=["strong", "possible"],
        help_text=gettext_lazy("Confidence: strong or possible (calibrated on the score)"),
    )
    title = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    kind = serializers.CharField()
    track = serializers.CharField()
    url = serializers.CharField()


class MatchesQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=100, default=10)


class MatchesView(APIView):
    """Ranked matches for one published listing, best first (same items as ``manage.py match``).

    An empty list means no listing answers this one well enough yet (the ranking abstains).
    """

    permission_classes = [AllowAny]
    kind = None

    @extend_schema(parameters=[MatchesQuerySerializer], responses=MatchSerializer(many=True))
    def get(self, request, ref):
        query = MatchesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        listing = services.find_listing(kind=self.kind, ref=ref)
        if listing is None or not (listing.is_published or listing.can_edit(request.user)):
            raise NotFound(NOT_FOUND[self.kind] % {"ref": ref})
        matches = services.match_listing(
            listing=listing, limit=query.validated_data["limit"], user=request.user
        )
        response = Response([m.as_dict() for m in matches])
        response["X-Search-Backend"] = matches.backend
        response["X-Search-Degraded"] = "1" if matches.degraded else "0"
        return response


class SearchQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=services.KINDS,
        help_text=gettext_lazy(
            "technology, demand, or a kind other parts register: product, pitch, policy, news"
        ),
    )
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    sort = serializers.ChoiceField(choices=list(SORTS), default="relevance")
    page = serializers.IntegerField(min_value=1, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=services.MAX_PER_PAGE, default=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [name for name, _label in sitewide.all_kinds()]


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    ref = serializers.CharField(
        help_text=gettext_lazy("The listing's ref; for other kinds their own reference or ''")
    )
    title = serializers.CharField()
    summary = serializers.CharField()
    track = serializers.CharField(help_text=gettext_lazy("The (first) track's slug, or ''"))
    tracks = serializers.ListField(child=serializers.CharField())
    language = serializers.CharField()
    url = serializers.CharField()
    score = serializers.FloatField()
    highlight = serializers.DictField(
        child=serializers.CharField(), help_text=gettext_lazy("HTML with <mark> around matches")
    )


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    degraded = serializers.BooleanField(
        help_text=gettext_lazy("True when Elasticsearch was down and the embedded backend answered")
    )
    backend = serializers.CharField()
    results = SearchResultSerializer(many=True)
    facets = serializers.DictField(child=FacetOptionSerializer(many=True))
    kinds = FacetOptionSerializer(
        many=True, help_text=gettext_lazy("Every kind with its count for the same words")
    )


class SearchView(APIView):
    """Search what the public may see, one kind at a time, with facets and every kind's count:
    ``?kind=technology&q=...&track=...&trl=4-6``; ``kind`` may also be product, pitch, policy or news
    (their only facet is the track)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[SearchQuerySerializer]
        + [OpenApiParameter(f.name, str, many=True, description=str(f.label)) for f in FACETS],
        responses=SearchResponseSerializer,
    )
    def get(self, request):
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        listing = data["kind"] in services.KINDS
        if (
            (data["kind"] not in SORTS[data["sort"]][1])
            if listing
            else data["sort"] not in ("relevance", "newest")
        ):
            kind = dict(sitewide.all_kinds())[data["kind"]]
            message = _("%(kind)s cannot be sorted by %(sort)s.") % {"kind": kind, "sort": data["sort"]}
            raise ValidationError({"sort": [message]})
        filters = {
            f.name: request.query_params.getlist(f.name)
            for f in FACETS
            if request.query_params.getlist(f.name)
        }
        result = sitewide.search_site(
            kind=data["kind"], query=data["q"], filters=filters, sort=data["sort"], page=data["page"],
            per_page=data["page_size"],
        )  # fmt: skip
        return Response(
            {
                "count": result.total,
                "page": result.page,
                "num_pages": result.num_pages,
                "degraded": result.degraded,
                "backend": result.backend,
                "results": [_result(hit) for hit in result.results],
                "facets": {
                    facet.name: [
                        {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                        for o in facet.options
                    ]
                    for facet in result.facets
                },
                "kinds": [
                    {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                    for o in result.kinds
                ],
            }
        )


def _result(hit):
    """One hit as the API gives it: a listing (as before) or an item of another kind."""
    highlight = {"title": str(hit.title_html), "summary": str(hit.snippet_html)}
    if not isinstance(hit, sitewide.SiteHit):
        listing = hit.listing
        return {
            "kind": listing.kind,
            "ref": listing.ref,
            "title": listing.title,
            "summary": listing.summary,
            "track": listing.track.slug,
            "tracks": [listing.track.slug],
            "language": listing.language,
            "url": listing.get_absolute_url(),
            "score": round(hit.score, 4),
            "highlight": highlight,
        }
    tracks = [track["slug"] for track in hit.tracks]
    return {
        "kind": hit.kind,
        "ref": hit.ref,
        "title": str(hit.title),
        "summary": str(hit.summary),
        "track": tracks[0] if tracks else "",
        "tracks": tracks,
        "language": hit.title.lang,
        "url": hit.url,
        "score": round(hit.score, 4),
        "highlight": highlight,
    }


urlpatterns = [
    path(
        "technologies/<str:ref>/matches/",
        MatchesView.as_view(kind="technology"),
        name="search-technology-matches",
    ),
    path("demands/<str:ref>/matches/", MatchesView.as_view(kind="demand"), name="search-demand-matches"),
    path("search/", SearchView.as_view(), name="search-listings"),
]
