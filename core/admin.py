"""Wagtail admin plumbing every part shares."""

from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.admin.views.generic.models import CreateView, EditView
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
