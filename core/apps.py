from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Ground-floor plumbing every part stands on: site URLs, the audit trail, safe exports."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import exports  # noqa: PLC0415 — imports Wagtail's admin views, only once apps are loaded

        exports.protect_admin_exports()
        from . import checks  # noqa: F401, PLC0415 — registers the system checks once apps are loaded
