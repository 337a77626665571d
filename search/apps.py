from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from listings import registry as listings_registry


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search and matching")

    def ready(self):
        from . import (  # noqa: PLC0415 — receivers connect and registries fill once apps are loaded
            digest,
            receivers,
            services,
        )

        digest.register()
        # A listing's page shows its matches (or "no good match yet") through this finder.
        listings_registry.register_match_finder(services.match_listing)
        post_migrate.connect(receivers.register_periodic_tasks, sender=self)
