from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    """Ground floor: the eight tracks, the development zones and the bilingual glossary."""

    name = "taxonomy"
    verbose_name = _("Tracks and zones")

    def ready(self):
        from .signals import (
            grant_taxonomy_permissions_to_editors,  # noqa: PLC0415 — signal wiring once apps are loaded
        )

        post_migrate.connect(
            grant_taxonomy_permissions_to_editors, dispatch_uid="taxonomy.editor_permissions"
        )
