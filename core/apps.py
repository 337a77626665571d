from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Ground-floor plumbing every part stands on: site URLs, the audit trail, safe exports."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        # Both need the app registry: the exports patch Wagtail's admin views, the checks register.
        from . import checks, exports  # noqa: F401, PLC0415 — once apps are loaded

        exports.protect_admin_exports()
