from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Funding programmes and financial products")

    def ready(self):
        from . import digest  # noqa: PLC0415 — registries fill once apps are loaded

        digest.register()
