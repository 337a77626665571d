from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from core.admin import ServiceSaveMixin, WithoutActionsPolicy

from . import services
from .models import (
    ApplicationScenario,
    ExpertPanel,
    FeedConsumer,
    InnovationProduct,
    ProcurementCategory,
    RecommendationBatch,
    ScenarioSelection,
)

# A product is created by its enterprise (create_product) and never deleted, only withdrawn.
register_permission_policy(
    InnovationProduct, WithoutActionsPolicy(InnovationProduct, without=("add", "delete"))
)


class InnovationProductEditView(ServiceSaveMixin, EditView):
    def save_instance(self):
        """Through ``services.update_product``: the same editability rule and clean-up as the site."""
        product = InnovationProduct.objects.get(pk=self.form.instance.pk)
        data = {
            name: value for name, value in self.form.cleaned_data.items() if name in services.PRODUCT_FIELDS
        }
        return services.update_product(product=product, user=self.request.user, data=data)


class InnovationProductFilterSet(WagtailFilterSet):
    class Meta:
        model = InnovationProduct
        fields = ["status", "track", "batch", "category"]


class InnovationProductViewSet(SnippetViewSet):
    """Editors follow products here; evaluation, recommendation and decisions are on the product's page."""

    model = InnovationProduct
    icon = "tag"
    menu_label = _("Innovation products")
    list_display = ["ref", "name", "organisation", "track", "status", "batch", "catalogue_entry_number"]
    filterset_class = InnovationProductFilterSet
    search_fields = ["name", "name_en", "ref", "summary"]
    ordering = ["-created_at"]
    list_per_page = 50
    inspect_view_enabled = True
    edit_view_class = InnovationProductEditView
    copy_view_enabled = False
    # The workflow fields move only through procurement.services (the product's page on the site).
    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("summary"),
        FieldPanel("summary_en"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        FieldPanel("track"),
        FieldPanel("category"),
        FieldPanel("specifications"),
        FieldPanel("specifications_en"),
        FieldPanel("price_cny"),
        FieldPanel("price_unit"),
        FieldPanel("status", read_only=True),
        FieldPanel("batch", read_only=True),
        FieldPanel("catalogue_entry_number", read_only=True),
    ]

    def get_queryset(self, request):
        return InnovationProduct.objects.select_related("organisation", "track", "batch")


class ExpertPanelFilterSet(WagtailFilterSet):
    class Meta:
        model = ExpertPanel
        fields = ["is_open", "track"]


class ExpertPanelViewSet(SnippetViewSet):
    model = ExpertPanel
    icon = "group"
    menu_label = _("Expert panels")
    list_display = ["name", "track", "is_open", "created_at"]
    filterset_class = ExpertPanelFilterSet
    search_fields = ["name"]
    ordering = ["-created_at"]


class RecommendationBatchViewSet(SnippetViewSet):
    model = RecommendationBatch
    icon = "list-ul"
    menu_label = _("Recommendation batches")
    list_display = ["title", "code", "recommended_on"]
    search_fields = ["title", "code"]
    ordering = ["-recommended_on"]


class ProcurementCategoryViewSet(SnippetViewSet):
    model = ProcurementCategory
    icon = "folder-open-inverse"
    menu_label = _("Procurement categories")
    list_display = ["code", "name_zh", "name_en"]
    search_fields = ["code", "name_zh", "name_en"]
    ordering = ["code"]


class FeedConsumerViewSet(SnippetViewSet):
    model = FeedConsumer
    icon = "key"
    menu_label = _("Feed consumers")
    list_display = ["name", "contact", "key_prefix", "is_active", "last_used_at"]
    search_fields = ["name", "contact"]
    ordering = ["name"]


class ApplicationScenarioFilterSet(WagtailFilterSet):
    class Meta:
        model = ApplicationScenario
        fields = ["is_published", "is_typical", "year", "tracks"]


class ApplicationScenarioViewSet(SnippetViewSet):
    model = ApplicationScenario
    icon = "site"
    menu_label = _("Application scenarios")
    list_display = ["title", "site", "year", "is_typical", "is_published"]
    filterset_class = ApplicationScenarioFilterSet
    search_fields = ["title", "title_en", "site"]
    ordering = ["-year", "title"]


class ScenarioSelectionViewSet(SnippetViewSet):
    model = ScenarioSelection
    icon = "pick"
    menu_label = _("Outstanding cases")
    list_display = ["title", "year", "announced_on", "is_published"]
    search_fields = ["title", "title_en"]
    ordering = ["-year"]


class ProcurementViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Products and scenarios")
    menu_icon = "tag"
    menu_order = 230
    items = (
        InnovationProductViewSet,
        ExpertPanelViewSet,
        RecommendationBatchViewSet,
        ApplicationScenarioViewSet,
        ScenarioSelectionViewSet,
        ProcurementCategoryViewSet,
        FeedConsumerViewSet,
    )


register_snippet(ProcurementViewSetGroup)


@hooks.register("after_create_snippet")
def show_new_feed_key(request, instance):
    """The consumer's key is shown once, right after creation; only its hash is kept."""
    key = getattr(instance, "new_key", None)
    if isinstance(instance, FeedConsumer) and key:
        messages.warning(
            request,
            _("API key for %(name)s (shown only now; send it securely): %(key)s")
            % {"name": instance.name, "key": key},
        )


@hooks.register("register_snippet_listing_buttons")
def procurement_listing_buttons(snippet, user, next_url=None):
    """Evaluation, recommendation and the catalogue decision happen on the product's page on the site."""
    if isinstance(snippet, InnovationProduct):
        return [
            Button(_("Evaluate and recommend"), snippet.get_absolute_url(), icon_name="tasks", priority=5)
        ]
    if isinstance(snippet, ExpertPanel):
        return [
            Button(
                _("Ranking"),
                reverse("procurement:panel_ranking", args=[snippet.pk]),
                icon_name="list-ol",
                priority=5,
            )
        ]
    if isinstance(snippet, RecommendationBatch):
        return [
            Button(
                _("Download XLSX"),
                reverse("procurement:batch_export", args=[snippet.code]),
                icon_name="download",
                priority=5,
            )
        ]
    return []
