"""Wagtail admin plumbing every part shares."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views.generic.models import IndexView
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
