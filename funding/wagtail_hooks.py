"""Editors' view of funding in the Wagtail admin: programmes and financial products (editors may
write and publish them for a verified fund manager, bank or insurer), every application read only,
and the requests for products."""

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from accounts.models import Organisation
from core.admin import EditorPolicy, service_save_views
from listings.models import Technology

from . import services
from .models import Application, FinancialProduct, ProductRequest, Programme, ReviewStep

register_permission_policy(Programme, EditorPolicy(Programme, ("view", "add", "change")))
register_permission_policy(FinancialProduct, EditorPolicy(FinancialProduct, ("view", "add", "change")))
register_permission_policy(Application, EditorPolicy(Application))
register_permission_policy(ProductRequest, EditorPolicy(ProductRequest))

CHECKBOXES = forms.CheckboxSelectMultiple


class ProgrammeAdminForm(WagtailAdminModelForm):
    ip_statuses = forms.MultipleChoiceField(
        label=_("IP status accepted"), choices=Technology.IPStatus.choices, widget=CHECKBOXES, required=False
    )
    applicant_kinds = forms.MultipleChoiceField(
        label=_("Organisations that may apply"),
        choices=Organisation.Kind.choices,
        widget=CHECKBOXES,
        required=False,
    )
    review_steps = forms.MultipleChoiceField(
        label=_("Review steps"), choices=ReviewStep.choices, widget=CHECKBOXES, required=False
    )


class ProductAdminForm(WagtailAdminModelForm):
    ip_statuses = forms.MultipleChoiceField(
        label=_("IP status accepted"), choices=Technology.IPStatus.choices, widget=CHECKBOXES, required=False
    )


ProgrammeCreateView, ProgrammeEditView = service_save_views(services.save_programme, instance="programme")


class ProgrammeFilterSet(WagtailFilterSet):
    class Meta:
        model = Programme
        fields = ["is_published", "stage", "tracks", "organisation"]


class ProgrammeViewSet(ModelViewSet):
    """Funding programmes of the fund managers; they write their own on the site, editors may help here."""

    model = Programme
    name = "funding_programmes"
    url_prefix = "funding/programmes"
    icon = "pick"
    menu_label = _("Programmes")
    add_view_class = ProgrammeCreateView
    edit_view_class = ProgrammeEditView
    form_fields = [
        "organisation", "slug", "title_zh", "title_en", "summary_zh", "summary_en", "stage", "tracks",
        "ticket_min_cny", "ticket_max_cny", "min_trl", "ip_statuses", "applicant_kinds", "deadline",
        "documents_zh", "documents_en", "review_steps", "is_published",
    ]  # fmt: skip
    list_display = ["title_zh", "organisation", "stage", "deadline", "is_published"]
    filterset_class = ProgrammeFilterSet
    search_fields = ["title_zh", "title_en", "summary_zh", "summary_en"]
    ordering = ["-published_at"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=ProgrammeAdminForm,
            fields=self.form_fields,
            formfield_callback=self.formfield_for_dbfield,
        )


ProductCreateView, ProductEditView = service_save_views(services.save_product, instance="product")


class ProductFilterSet(WagtailFilterSet):
    class Meta:
        model = FinancialProduct
        fields = ["is_published", "kind", "organisation"]


class FinancialProductViewSet(ModelViewSet):
    """IP-pledge loans, guarantees and technology insurance offered by verified banks and insurers."""

    model = FinancialProduct
    name = "funding_products"
    url_prefix = "funding/products"
    icon = "tag"
    menu_label = _("Financial products")
    add_view_class = ProductCreateView
    edit_view_class = ProductEditView
    form_fields = [
        "organisation", "slug", "kind", "title_zh", "title_en", "summary_zh", "summary_en", "tracks",
        "amount_min_cny", "amount_max_cny", "term_months", "rate_note", "min_trl", "ip_statuses", "is_published",
    ]  # fmt: skip
    list_display = ["title_zh", "organisation", "kind", "is_published"]
    filterset_class = ProductFilterSet
    search_fields = ["title_zh", "title_en", "summary_zh"]
    ordering = ["kind", "title_zh"]

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=ProductAdminForm,
            fields=self.form_fields,
            formfield_callback=self.formfield_for_dbfield,
        )


class ApplicationFilterSet(WagtailFilterSet):
    class Meta:
        model = Application
        fields = ["status", "step", "funded_stage", "programme"]


class ApplicationViewSet(ModelViewSet):
    """Every funding application, read only: the fund reviews on the site. Reviews are not shown here."""

    model = Application
    name = "funding_applications"
    url_prefix = "funding/applications"
    icon = "form"
    menu_label = _("Applications")
    form_fields = []
    list_display = ["__str__", "step", "status", "amount_cny", "amount_awarded_cny", "created_at"]
    filterset_class = ApplicationFilterSet
    search_fields = ["plan"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "programme", "technology", "applicant_organisation", "amount_cny", "trl_at_application",
        "ip_status_at_application", "status", "step", "amount_awarded_cny", "funded_stage", "decided_at",
    ]  # fmt: skip
    list_export = [
        "pk",
        "programme",
        "technology",
        "status",
        "step",
        "amount_cny",
        "amount_awarded_cny",
        "funded_stage",
    ]


class ProductRequestViewSet(ModelViewSet):
    """Requests for financial products, read only."""

    model = ProductRequest
    name = "funding_product_requests"
    url_prefix = "funding/product-requests"
    icon = "mail"
    menu_label = _("Product requests")
    form_fields = []
    list_display = ["__str__", "amount_cny", "status", "created_at"]
    search_fields = ["purpose"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = ["product", "technology", "owner_organisation", "amount_cny", "status", "answer"]


class FundingViewSetGroup(ViewSetGroup):
    menu_label = _("Funding")
    menu_icon = "pick"
    menu_order = 235
    items = (ProgrammeViewSet, FinancialProductViewSet, ApplicationViewSet, ProductRequestViewSet)


@hooks.register("register_admin_viewset")
def register_viewset():
    return FundingViewSetGroup()
