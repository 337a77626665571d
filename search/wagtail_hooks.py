"""The editors' glossary in the admin (Snippets → Search glossary)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryTerm


class GlossaryTermFilterSet(WagtailFilterSet):
    class Meta:
        model = GlossaryTerm
        fields = ["track"]


class GlossaryTermViewSet(SnippetViewSet):
    """Bilingual terms of the eight tracks: what search and matching read as one concept."""

    model = GlossaryTerm
    icon = "openquote"
    menu_label = _("Search glossary")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["chinese", "english", "track", "updated_at"]
    filterset_class = GlossaryTermFilterSet
    search_fields = ["chinese", "english"]
    # A few hundred rows: plain ORM matching finds Chinese substrings, which word-based search misses.
    search_backend_name = None
    ordering = ["track__order", "chinese"]


register_snippet(GlossaryTermViewSet)
