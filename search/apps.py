from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search and matching")

    def ready(self):
        from . import (  # noqa: PLC0415 — receivers connect and registries fill once apps are loaded
            digest,
            receivers,
        )

        digest.register()
        post_migrate.connect(receivers.register_periodic_tasks, sender=self)
