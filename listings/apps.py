from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Listings")

    def ready(self):
        from core import pagecache  # noqa: PLC0415 — it reads models, so after apps load

        from . import (  # noqa: PLC0415 — after apps load
            moderation,
            signals,
        )

        signals.connect()
        pagecache.invalidate_on(signals.listings_changed, "listings")
        # After the other apps' post_migrate handlers (permissions, content types) have run.
        post_migrate.connect(moderation.on_post_migrate, sender=self, dispatch_uid="listings_workflow")
