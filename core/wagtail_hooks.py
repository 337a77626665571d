"""The outbox in the editors' admin: background deliveries that are waiting or have failed."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .admin import WithoutActionsPolicy
from .models import OutboxMessage

register_permission_policy(
    OutboxMessage, WithoutActionsPolicy(OutboxMessage, without={"add", "change", "delete"})
)

STATES = {
    "failed": Q(failed_at__isnull=False),
    "waiting": Q(done_at__isnull=True, failed_at__isnull=True),
    "done": Q(done_at__isnull=False),
}


class OutboxMessageFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("state"),
        choices=[("failed", _("failed")), ("waiting", _("waiting")), ("done", _("done"))],
        method="filter_state",
    )

    class Meta:
        model = OutboxMessage
        fields = ["task"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(STATES[value]) if value in STATES else queryset


class OutboxMessageViewSet(ModelViewSet):
    """Every e-mail, index update and reminder the site has queued: failed ones show their error."""

    model = OutboxMessage
    name = "outbox"
    url_prefix = "background-deliveries"
    icon = "mail"
    menu_label = _("Background deliveries")
    add_to_settings_menu = True
    list_display = [
        "task",
        "status",
        "created_at",
        "relayed_at",
        "done_at",
        "failed_at",
        "attempts",
        "last_error",
    ]
    filterset_class = OutboxMessageFilterSet
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "task",
        "args",
        "kwargs",
        "created_at",
        "relayed_at",
        "done_at",
        "failed_at",
        "attempts",
        "last_error",
    ]
    form_fields = []


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxMessageViewSet()
