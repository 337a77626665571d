from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The signed-in person's one page: what they own, what waits on them, what they follow."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "workspace"
    verbose_name = _("Workspace")
