"""Editors' view of deal flow in the Wagtail admin: every request and challenge, broker
assignment, the audit log, and deal exports (CSV and XLSX through Wagtail's list export)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.models import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.models import AuditEntry

from . import services
from .models import Challenge, Deal, MatchRequest


class EditorPolicy(ModelPermissionPolicy):
    """Editors (the role, not a Django permission) see everything; only broker assignment is editable."""

    allowed_actions = ("view",)

    def user_has_permission(self, user, action):
        return bool(
            user.is_active and user.is_authenticated and user.is_editor and action in self.allowed_actions
        )


class BrokerAssignmentPolicy(EditorPolicy):
    allowed_actions = ("view", "change")


register_permission_policy(MatchRequest, BrokerAssignmentPolicy(MatchRequest))
for _model in (Deal, Challenge, AuditEntry):
    register_permission_policy(_model, EditorPolicy(_model))


class MatchRequestFilterSet(WagtailFilterSet):
    class Meta:
        model = MatchRequest
        fields = ["status", "stage", "source", "broker", "owner_organisation"]


class BrokerAssignmentForm(WagtailAdminModelForm):
    class Meta:
        model = MatchRequest
        fields = ["broker"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["broker"].queryset = services.brokers()


class BrokerAssignmentEditView(EditView):
    def save_instance(self):
        """Through the service, so the assignment is audited and both sides and the broker are told."""
        return services.assign_broker(
            match_request=self.object, broker=self.form.cleaned_data["broker"], assigned_by=self.request.user
        )


class MatchRequestViewSet(ModelViewSet):
    """Every match request; editing assigns the broker."""

    model = MatchRequest
    name = "dealflow_requests"
    url_prefix = "deals/requests"
    icon = "link"
    menu_label = _("Match requests")
    list_display = [
        "__str__",
        "requester",
        "owner_organisation",
        "status",
        "stage",
        "broker",
        "response_deadline",
    ]
    filterset_class = MatchRequestFilterSet
    search_fields = ["message", "registration_number"]
    ordering = ["-created_at"]
    form_fields = ["broker"]
    edit_view_class = BrokerAssignmentEditView
    inspect_view_enabled = True
    inspect_view_fields = [
        "requester",
        "requester_organisation",
        "owner_organisation",
        "technology",
        "demand",
        "cooperation_mode",
        "source",
        "status",
        "stage",
        "response_deadline",
        "responded_at",
        "decline_reason",
        "decline_detail",
        "broker",
        "contract_type",
        "contract_amount_cny",
        "contract_signed_on",
        "registration_number",
    ]
    list_export = [
        "pk",
        "status",
        "stage",
        "requester",
        "owner_organisation",
        "response_deadline",
        "responded_at",
    ]

    def get_form_class(self, for_update=False):
        return BrokerAssignmentForm if for_update else super().get_form_class(for_update)


class DealViewSet(ModelViewSet):
    """Requests that reached a registered technology contract; export them as CSV or XLSX."""

    model = Deal
    name = "dealflow_deals"
    url_prefix = "deals/deals"
    icon = "doc-full"
    menu_label = _("Deals")
    form_fields = []
    list_display = [
        "__str__",
        "owner_organisation",
        "requester_organisation",
        "contract_type",
        "contract_amount_cny",
        "contract_signed_on",
        "registration_number",
    ]
    search_fields = ["registration_number"]
    ordering = ["-contract_signed_on"]
    inspect_view_enabled = True
    list_export = [
        "pk",
        "listing_ref",
        "listing_title",
        "owner_organisation",
        "requester_organisation",
        "cooperation_mode",
        "contract_type",
        "contract_amount_cny",
        "contract_signed_on",
        "registration_number",
        "stage",
        "closed_at",
    ]
    export_headings = {
        "pk": _("Request"),
        "listing_ref": _("Listing reference"),
        "listing_title": _("Listing"),
        "owner_organisation": _("Owner"),
        "requester_organisation": _("Partner"),
        "cooperation_mode": _("Cooperation mode"),
        "contract_type": _("Contract type"),
        "contract_amount_cny": _("Amount (CNY)"),
        "contract_signed_on": _("Contract date"),
        "registration_number": _("Registration number"),
        "stage": _("Stage"),
        "closed_at": _("Closed at"),
    }
    export_filename = "deals"


class ChallengeFilterSet(WagtailFilterSet):
    class Meta:
        model = Challenge
        fields = ["status"]


class ChallengeViewSet(ModelViewSet):
    """Every challenge (揭榜挂帅); the review itself happens on the site, by the demand's team."""

    model = Challenge
    name = "dealflow_challenges"
    url_prefix = "deals/challenges"
    icon = "trophy"
    menu_label = _("Challenges")
    form_fields = []
    list_display = ["__str__", "status", "deadline", "created_by"]
    filterset_class = ChallengeFilterSet
    search_fields = ["brief"]
    ordering = ["-deadline"]
    inspect_view_enabled = True


class AuditEntryFilterSet(WagtailFilterSet):
    class Meta:
        model = AuditEntry
        fields = ["action", "content_type"]


class AuditEntryViewSet(ModelViewSet):
    """Every state change of requests, challenges and proposals: who, when, from what to what."""

    model = AuditEntry
    name = "dealflow_audit"
    url_prefix = "deals/audit-log"
    icon = "history"
    menu_label = _("Audit log")
    form_fields = []
    list_display = [
        "created_at",
        "content_type",
        "object_id",
        "action",
        "from_state",
        "to_state",
        "actor",
        "note",
    ]
    filterset_class = AuditEntryFilterSet
    search_fields = ["action", "note"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    list_export = [
        "created_at",
        "content_type",
        "object_id",
        "action",
        "from_state",
        "to_state",
        "actor",
        "note",
    ]


class DealFlowViewSetGroup(ViewSetGroup):
    menu_label = _("Deal flow")
    menu_icon = "link"
    menu_order = 220
    items = (MatchRequestViewSet, DealViewSet, ChallengeViewSet, AuditEntryViewSet)


@hooks.register("register_admin_viewset")
def register_viewset():
    return DealFlowViewSetGroup()
