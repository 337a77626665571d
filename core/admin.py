"""Wagtail admin plumbing every part shares."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.models import CreateView, EditView, IndexView
from wagtail.permission_policies import ModelPermissionPolicy

from .forms import apply_errors


class ServiceSaveMixin:
    """For admin create and edit views whose ``save_instance`` calls a service: the service's refusal
    shows on the form, with its own message, and nothing is saved (the save runs in a transaction)."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class WithoutActionsPolicy(ModelPermissionPolicy):
    """Django's model permissions, minus the actions that only a service may perform on these rows
    (for example creating a registration, which must hold a seat and may take a payment)."""

    def __init__(self, model, *, without, **kwargs):
        super().__init__(model, **kwargs)
        self.without = set(without)

    def user_has_permission(self, user, action):
        return action not in self.without and super().user_has_permission(user, action)


class EditorPolicy(ModelPermissionPolicy):
    """Editors (the role, not a Django permission) may do the listed actions; nobody else anything."""

    allowed_actions = ("view",)

    def __init__(self, model, allowed_actions=None):
        super().__init__(model)
        if allowed_actions is not None:
            self.allowed_actions = allowed_actions

    def user_has_permission(self, user, action):
        return bool(
            user.is_active and user.is_authenticated and user.is_editor and action in self.allowed_actions
        )


def service_save_views(save, *, instance, fields=("tracks",)):
    """The create and edit views of a viewset whose save goes through the part's service, called as
    ``save(<instance>=the unsaved object, user=the editor, <field>=the form's value for each of fields)``.

    The service decides what publishing needs and audits; its refusal shows on the form (ServiceSaveMixin).
    """

    class SaveThroughService(ServiceSaveMixin):
        def save_instance(self):
            values = {field: self.form.cleaned_data[field] for field in fields}
            return save(**{instance: self.form.save(commit=False)}, user=self.request.user, **values)

    name = instance.title().replace("_", "")
    return (
        type(f"{name}CreateView", (SaveThroughService, CreateView), {"__module__": save.__module__}),
        type(f"{name}EditView", (SaveThroughService, EditView), {"__module__": save.__module__}),
    )


class BulkActionIndexView(IndexView):
    """A ModelViewSet list with a checkbox on each row and Wagtail's bulk-action footer, which Wagtail
    itself gives only to pages, snippets, images and users. Register the actions with the
    ``register_bulk_action`` hook; they call the part's service."""

    template_name = "core/admin/bulk_action_index.html"
    select_all_text = _("Select all in the listing")

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type=self.model._meta.model_name),
            *super().columns,
        ]

    def _get_title_column(self, *args, **kwargs):
        prefix = self.model._meta.model_name
        return super()._get_title_column(
            *args, **kwargs, get_title_id=lambda instance: f"{prefix}_{instance.pk}_title"
        )


class ServiceBulkAction(BulkAction):
    """A bulk action that hands the chosen rows to one service (``run``), for editors only; the
    confirmation page is ``core/admin/confirm_bulk_action.html`` or a template extending it.
    "Select all" takes the rows of ``listing_query`` (what the action applies to), not the whole table."""

    template_name = "core/admin/confirm_bulk_action.html"
    action_priority = 10
    icon = "doc-full"
    confirm_label = _("Yes, go ahead")
    no_access_message = _("Only editors can do this.")
    related = ()  # select_related for the confirmation page's lines
    outcome = None

    def check_perm(self, obj):
        user = self.request.user
        return bool(user.is_superuser or user.is_editor)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [value for value in object_ids if str(value).isdigit()]
        return list(model.objects.filter(pk__in=ids).select_related(*cls.related).order_by("pk"))

    @classmethod
    def listing_query(cls, queryset):
        return queryset

    def get_all_objects_in_listing_query(self, parent_id):
        return self.listing_query(self.model.objects.all()).values_list("pk", flat=True)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "header_icon": self.icon,
            "confirm_text": self.confirm_label,
            "no_access_msg": self.no_access_message,
        }

    def get_execution_context(self):
        return {"action": self}

    @classmethod
    def execute_action(cls, objects, action=None, **kwargs):
        if not objects:  # nothing the person may act on (check_perm): no service call, no message
            return 0, 0
        action.outcome = action.run(objects)
        return action.count(action.outcome), 0

    def run(self, objects):
        """Call the service with ``objects`` and the editor; return its outcome."""
        raise NotImplementedError

    def count(self, outcome):
        return len(outcome)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return None if self.outcome is None else self.success_message(num_parent_objects)

    def success_message(self, count):
        raise NotImplementedError
