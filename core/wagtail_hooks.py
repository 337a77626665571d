"""The outbox in the editors' admin: background deliveries that are waiting or have failed.

Failed ones can be sent again ("Retry", a bulk action on the list and a button on each failed row),
through ``core.services.retry_outbox_messages``.
"""

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy

from .admin import BulkActionIndexView, ServiceBulkAction, WithoutActionsPolicy
from .models import OutboxMessage
from .services import retry_outbox_messages

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


def retry_url(pks, next_url=""):
    query = "&".join(f"id={pk}" for pk in pks)
    url = reverse("wagtail_bulk_action", args=["core", "outboxmessage", RetryOutboxBulkAction.action_type])
    return f"{url}?{query}" + (f"&next={next_url}" if next_url else "")


class OutboxIndexView(BulkActionIndexView):
    select_all_text = _("Select all failed deliveries")

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if instance.failed_at and not instance.done_at:
            buttons.insert(
                0,
                ListingButton(
                    _("Retry"),
                    retry_url([instance.pk], self.request.get_full_path()),
                    attrs={"aria-label": _("Retry %(task)s") % {"task": str(instance)}},
                    priority=10,
                ),
            )
        return buttons


class RetryOutboxBulkAction(ServiceBulkAction):
    """Send failed background deliveries again: ``core.services.retry_outbox_messages``."""

    display_name = _("Retry")
    action_type = "retry"
    aria_label = _("Retry the selected failed deliveries")
    template_name = "core/admin/confirm_bulk_retry.html"
    models = [OutboxMessage]
    icon = "mail"
    confirm_label = _("Yes, retry")
    no_access_message = _("Only editors can retry background deliveries.")

    @classmethod
    def listing_query(cls, queryset):
        return queryset.filter(STATES["failed"])

    def run(self, objects):
        return retry_outbox_messages(messages=objects, by=self.request.user)

    def success_message(self, count):
        return gettext("%(n)d failed deliveries sent again.") % {"n": count}


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
    index_view_class = OutboxIndexView


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxMessageViewSet()


hooks.register("register_bulk_action", RetryOutboxBulkAction)
