from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    """Ground floor: the eight tracks, the development zones and the bilingual glossary."""

    name = "taxonomy"
    verbose_name = _("Tracks and zones")

    def ready(self):
        from . import signals  # noqa: PLC0415 — needs the auth models, only once apps are loaded

        post_migrate.connect(
            signals.grant_taxonomy_permissions_to_editors, dispatch_uid="taxonomy.editor_permissions"
        )
