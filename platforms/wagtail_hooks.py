"""Editors' view of the platforms part in the Wagtail admin: centres and their rates, every slot
request, and the validation reports whose supported TRL awaits review."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from core.admin import EditorPolicy, ServiceSaveMixin, service_save_views

from . import services
from .models import CentreRate, SlotRequest, ValidationReport, VerificationCentre

register_permission_policy(VerificationCentre, EditorPolicy(VerificationCentre, ("view", "add", "change")))
register_permission_policy(CentreRate, EditorPolicy(CentreRate, ("view", "add", "change", "delete")))
register_permission_policy(SlotRequest, EditorPolicy(SlotRequest))
register_permission_policy(ValidationReport, EditorPolicy(ValidationReport, ("view", "change")))


CentreCreateView, CentreEditView = service_save_views(services.save_centre, instance="centre")


class CentreFilterSet(WagtailFilterSet):
    class Meta:
        model = VerificationCentre
        fields = ["is_published", "covers_research", "covers_pilot", "covers_scenario", "tracks"]


class VerificationCentreViewSet(ModelViewSet):
    """Verification centres and pilot platforms; publish one once its organisation is verified."""

    model = VerificationCentre
    name = "platforms_centres"
    url_prefix = "platforms/centres"
    icon = "site"
    menu_label = _("Centres")
    add_view_class = CentreCreateView
    edit_view_class = CentreEditView
    form_fields = [
        "organisation",
        "slug",
        "name_zh",
        "name_en",
        "summary_zh",
        "summary_en",
        "covers_research",
        "covers_pilot",
        "covers_scenario",
        "tracks",
        "equipment",
        "capacity",
        "lead_time_days",
        "location",
        "contact_email",
        "is_published",
    ]
    list_display = ["name_zh", "name_en", "organisation", "lead_time_days", "is_published"]
    filterset_class = CentreFilterSet
    search_fields = ["name_zh", "name_en", "summary_zh", "summary_en", "equipment"]
    ordering = ["name_zh"]
    inspect_view_enabled = True


class RateFilterSet(WagtailFilterSet):
    class Meta:
        model = CentreRate
        fields = ["centre", "user_type"]


class CentreRateViewSet(ModelViewSet):
    """What a centre charges each kind of client for each service."""

    model = CentreRate
    name = "platforms_rates"
    url_prefix = "platforms/rates"
    icon = "tag"
    menu_label = _("Rates")
    form_fields = ["centre", "service_zh", "service_en", "user_type", "price_cny", "unit_zh", "unit_en"]
    list_display = ["service_zh", "centre", "user_type", "price_cny", "unit_zh"]
    filterset_class = RateFilterSet
    search_fields = ["service_zh", "service_en"]
    ordering = ["centre", "service_zh"]


class SlotRequestFilterSet(WagtailFilterSet):
    class Meta:
        model = SlotRequest
        fields = ["status", "stage", "centre"]


class SlotRequestViewSet(ModelViewSet):
    """Every slot request, read only: the two sides answer on the site."""

    model = SlotRequest
    name = "platforms_requests"
    url_prefix = "platforms/requests"
    icon = "calendar"
    menu_label = _("Slot requests")
    form_fields = []
    list_display = ["__str__", "stage", "status", "response_deadline", "responded_at", "scheduled_start"]
    filterset_class = SlotRequestFilterSet
    search_fields = ["what_to_test"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "centre",
        "technology",
        "requester",
        "owner_organisation",
        "stage",
        "earliest_start",
        "latest_end",
        "budget_cny",
        "trl_at_request",
        "ip_status_at_request",
        "status",
        "response_deadline",
        "responded_at",
        "scheduled_start",
        "price_cny",
        "decline_reason",
        "decline_detail",
    ]
    list_export = ["pk", "centre", "technology", "stage", "status", "response_deadline", "responded_at"]


class TrlReviewForm(WagtailAdminModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Raise the listing's TRL")), ("reject", _("Keep the listing's TRL"))],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ValidationReport
        fields = ["trl_review_note"]


class TrlReviewEditView(ServiceSaveMixin, EditView):
    def save_instance(self):
        """Through the service, so the TRL change is audited, indexed and the owner told."""
        return services.review_trl(
            report=self.object,
            editor=self.request.user,
            approve=self.form.cleaned_data["decision"] == "approve",
            note=self.form.cleaned_data["trl_review_note"],
        )


class ReportFilterSet(WagtailFilterSet):
    class Meta:
        model = ValidationReport
        fields = ["trl_review", "is_public", "outcome"]


class ValidationReportViewSet(ModelViewSet):
    """Validation reports; editing one is the TRL review of a public report that supports a higher TRL."""

    model = ValidationReport
    name = "platforms_reports"
    url_prefix = "platforms/reports"
    icon = "doc-full"
    menu_label = _("Validation reports")
    form_fields = ["trl_review_note"]
    edit_view_class = TrlReviewEditView
    list_display = ["title", "technology", "centre", "outcome", "trl_supported", "is_public", "trl_review"]
    filterset_class = ReportFilterSet
    search_fields = ["title", "findings"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "findings",
        "outcome",
        "trl_supported",
        "is_public",
        "trl_review",
        "trl_review_note",
    ]

    def get_form_class(self, for_update=False):
        return TrlReviewForm if for_update else super().get_form_class(for_update)


class PlatformsViewSetGroup(ViewSetGroup):
    menu_label = _("Verification centres")
    menu_icon = "site"
    menu_order = 230
    items = (VerificationCentreViewSet, CentreRateViewSet, SlotRequestViewSet, ValidationReportViewSet)


@hooks.register("register_admin_viewset")
def register_viewset():
    return PlatformsViewSetGroup()
