from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import DevelopmentZone, Track


class TrackFilterSet(WagtailFilterSet):
    class Meta:
        model = Track
        fields = ["slug"]


class TrackViewSet(SnippetViewSet):
    """The eight tracks: the taxonomy listings, roadshows, products and indicators point at."""

    model = Track
    icon = "tag"
    menu_label = _("Tracks")
    list_display = ["name_zh", "name_en", "slug", "order"]
    filterset_class = TrackFilterSet
    search_fields = ["name_zh", "name_en", "slug"]
    # A handful of rows: plain ORM matching finds Chinese substrings, which word-based search misses.
    search_backend_name = None
    ordering = ["order", "slug"]


class DevelopmentZoneFilterSet(WagtailFilterSet):
    class Meta:
        model = DevelopmentZone
        fields = ["slug"]


class DevelopmentZoneViewSet(SnippetViewSet):
    """The development zones and parks of the Binhai New Area."""

    model = DevelopmentZone
    icon = "site"
    menu_label = _("Development zones")
    list_display = ["name_zh", "name_en", "slug", "order"]
    filterset_class = DevelopmentZoneFilterSet
    search_fields = ["name_zh", "name_en", "slug"]
    # A handful of rows: plain ORM matching finds Chinese substrings, which word-based search misses.
    search_backend_name = None
    ordering = ["order", "slug"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Tracks and zones")
    menu_icon = "tag"
    menu_order = 200
    items = (TrackViewSet, DevelopmentZoneViewSet)


register_snippet(TaxonomyViewSetGroup)
