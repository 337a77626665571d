"""Editors moderate and curate listings under "Marketplace" in the Wagtail admin."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import ListingTermsMixin
from .models import Demand, Listing, Technology


class ListingAdminForm(ListingTermsMixin, WagtailAdminModelForm):
    """Editors' changes meet the same listing terms as the owners' (``services.check_listing_terms``)."""


class TechnologyFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Listing.Status.choices, label=_("Status"))

    class Meta:
        model = Technology
        fields = ["status", "track", "language", "trl", "organisation__kind"]


class DemandFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Listing.Status.choices, label=_("Status"))

    class Meta:
        model = Demand
        fields = ["status", "track", "language", "development_zone", "organisation__kind"]


COMMON_PANELS = [
    FieldPanel("ref"),
    FieldPanel("title"),
    FieldPanel("summary"),
    FieldPanel("description"),
    FieldPanel("translated_title"),
    FieldPanel("translated_summary"),
    FieldPanel("translated_description"),
    FieldRowPanel([FieldPanel("track"), FieldPanel("language")]),
    FieldPanel("keywords"),
    FieldPanel("organisation"),
]


class TechnologyViewSet(SnippetViewSet):
    """Technologies offered by universities and institutes; submissions arrive in the workflow."""

    model = Technology
    icon = "pick"
    menu_label = _("Technologies")
    list_display = ["ref", "title", "track", "organisation", "status", "trl", "updated_at"]
    filterset_class = TechnologyFilterSet
    list_per_page = 50
    search_fields = ["ref", "title", "summary"]
    ordering = ["-updated_at"]
    edit_handler = ObjectList(
        [
            *COMMON_PANELS,
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("trl"), FieldPanel("development_stage")]),
                    FieldPanel("advantages"),
                    FieldPanel("application_scenarios"),
                ],
                heading=_("Maturity and benefit"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("ip_status"),
                    InlinePanel("patents", label=_("Patents")),
                    FieldPanel("transfer_modes"),
                    FieldRowPanel([FieldPanel("price_cny"), FieldPanel("price_negotiable")]),
                    FieldPanel("contact_person"),
                ],
                heading=_("Rights and terms"),
            ),
        ],
        base_form_class=ListingAdminForm,
    )

    def get_queryset(self, request):
        return Technology.objects.select_related("track", "organisation")


class DemandViewSet(SnippetViewSet):
    """Scenario demands set by enterprises; submissions arrive in the workflow."""

    model = Demand
    icon = "help"
    menu_label = _("Demands")
    list_display = ["ref", "title", "track", "organisation", "status", "deadline", "updated_at"]
    filterset_class = DemandFilterSet
    list_per_page = 50
    search_fields = ["ref", "title", "summary"]
    ordering = ["-updated_at"]
    edit_handler = ObjectList(
        [
            *COMMON_PANELS,
            FieldPanel("scenario"),
            FieldPanel("required_capabilities"),
            FieldRowPanel(
                [FieldPanel("budget_min_cny"), FieldPanel("budget_max_cny"), FieldPanel("deadline")]
            ),
            FieldRowPanel([FieldPanel("development_zone"), FieldPanel("location")]),
        ],
        base_form_class=ListingAdminForm,
    )

    def get_queryset(self, request):
        return Demand.objects.select_related("track", "organisation")


class MarketplaceViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Marketplace")
    menu_icon = "pick"
    menu_order = 200
    items = (TechnologyViewSet, DemandViewSet)


register_snippet(MarketplaceViewSetGroup)
