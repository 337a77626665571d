"""Editors' view of the transfer network in the Wagtail admin: agencies and their services, brokers,
every brokerage request, and the disputes about the deals behind the figures (resolved here)."""

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
from .models import LANGUAGES, Agency, AgencyService, BrokerageRequest, BrokerProfile, FigureDispute

register_permission_policy(Agency, EditorPolicy(Agency, ("view", "add", "change")))
register_permission_policy(AgencyService, EditorPolicy(AgencyService, ("view", "add", "change", "delete")))
register_permission_policy(BrokerProfile, EditorPolicy(BrokerProfile, ("view", "add", "change")))
register_permission_policy(BrokerageRequest, EditorPolicy(BrokerageRequest))
register_permission_policy(FigureDispute, EditorPolicy(FigureDispute, ("view", "change")))


class AgencyForm(WagtailAdminModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Working languages"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Agency
        fields = [
            "organisation",
            "slug",
            "name_zh",
            "name_en",
            "description_zh",
            "description_en",
            "tracks",
            "zone",
            "languages",
            "fee_model",
            "fee_detail_zh",
            "fee_detail_en",
            "contact_email",
            "is_published",
        ]


AgencyCreateView, AgencyEditView = service_save_views(services.save_agency, instance="agency")


class AgencyFilterSet(WagtailFilterSet):
    class Meta:
        model = Agency
        fields = ["is_published", "fee_model", "tracks", "zone"]


class AgencyViewSet(ModelViewSet):
    """Technology-transfer agencies; publish one once its organisation is verified."""

    model = Agency
    name = "network_agencies"
    url_prefix = "network/agencies"
    icon = "group"
    menu_label = _("Agencies")
    add_view_class = AgencyCreateView
    edit_view_class = AgencyEditView
    list_display = ["name_zh", "name_en", "organisation", "fee_model", "is_published"]
    filterset_class = AgencyFilterSet
    search_fields = ["name_zh", "name_en", "description_zh", "description_en"]
    ordering = ["name_zh"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return AgencyForm


class AgencyServiceFilterSet(WagtailFilterSet):
    class Meta:
        model = AgencyService
        fields = ["agency", "kind"]


class AgencyServiceViewSet(ModelViewSet):
    """The services each agency offers and what they include."""

    model = AgencyService
    name = "network_services"
    url_prefix = "network/services"
    icon = "list-ul"
    menu_label = _("Agency services")
    form_fields = ["agency", "kind", "detail_zh", "detail_en"]
    list_display = ["kind", "agency", "detail_zh"]
    filterset_class = AgencyServiceFilterSet
    search_fields = ["detail_zh", "detail_en"]
    ordering = ["agency", "kind"]


BrokerCreateView, BrokerEditView = service_save_views(services.save_broker, instance="profile")


class BrokerFilterSet(WagtailFilterSet):
    class Meta:
        model = BrokerProfile
        fields = ["agency", "is_listed"]


class BrokerProfileViewSet(ModelViewSet):
    """Brokers shown on their agency's page: broker role and an accepted membership of the agency."""

    model = BrokerProfile
    name = "network_brokers"
    url_prefix = "network/brokers"
    icon = "user"
    menu_label = _("Brokers")
    add_view_class = BrokerCreateView
    edit_view_class = BrokerEditView
    form_fields = [
        "user",
        "agency",
        "headline_zh",
        "headline_en",
        "bio_zh",
        "bio_en",
        "tracks",
        "certificate_number",
        "years_of_experience",
        "is_listed",
    ]
    list_display = ["user", "agency", "headline_zh", "is_listed"]
    filterset_class = BrokerFilterSet
    search_fields = ["headline_zh", "headline_en", "user__display_name", "user__email"]
    ordering = ["agency", "pk"]


class BrokerageRequestFilterSet(WagtailFilterSet):
    class Meta:
        model = BrokerageRequest
        fields = ["status", "agency"]


class BrokerageRequestViewSet(ModelViewSet):
    """Every brokerage request, read only: the parties answer on the site."""

    model = BrokerageRequest
    name = "network_requests"
    url_prefix = "network/requests"
    icon = "mail"
    menu_label = _("Brokerage requests")
    form_fields = []
    list_display = ["__str__", "status", "broker", "response_deadline", "responded_at"]
    filterset_class = BrokerageRequestFilterSet
    search_fields = ["message"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    list_export = ["pk", "agency", "demand", "status", "broker", "response_deadline", "responded_at"]


class DisputeResolutionForm(WagtailAdminModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("uphold", _("Uphold: remove the deal from the figures")),
            ("reject", _("Reject: the figure stands")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = FigureDispute
        fields = ["resolution_note"]


class DisputeResolveView(ServiceSaveMixin, EditView):
    def save_instance(self):
        """Through the service, so the decision is audited and the person who raised it told."""
        return services.resolve_dispute(
            dispute=self.object,
            editor=self.request.user,
            uphold=self.form.cleaned_data["decision"] == "uphold",
            note=self.form.cleaned_data["resolution_note"],
        )


class DisputeFilterSet(WagtailFilterSet):
    class Meta:
        model = FigureDispute
        fields = ["status"]


class FigureDisputeViewSet(ModelViewSet):
    """Disputes about the deals behind the figures; editing one is resolving it."""

    model = FigureDispute
    name = "network_disputes"
    url_prefix = "network/disputes"
    icon = "warning"
    menu_label = _("Figure disputes")
    form_fields = ["resolution_note"]
    edit_view_class = DisputeResolveView
    list_display = ["__str__", "match_request", "raised_by", "status", "created_at"]
    filterset_class = DisputeFilterSet
    search_fields = ["reason", "resolution_note"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "match_request",
        "raised_by",
        "reason",
        "status",
        "resolution_note",
        "resolved_by",
        "resolved_at",
    ]

    def get_form_class(self, for_update=False):
        return DisputeResolutionForm if for_update else super().get_form_class(for_update)


class NetworkViewSetGroup(ViewSetGroup):
    menu_label = _("Transfer network")
    menu_icon = "group"
    menu_order = 235
    items = (
        AgencyViewSet,
        AgencyServiceViewSet,
        BrokerProfileViewSet,
        BrokerageRequestViewSet,
        FigureDisputeViewSet,
    )


@hooks.register("register_admin_viewset")
def register_viewset():
    return NetworkViewSetGroup()
