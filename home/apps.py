from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site and tracks")

    def ready(self):
        from search import registry  # noqa: PLC0415 — registries fill once apps are loaded

        from .searchable import NEWS_KIND, POLICY_KIND  # noqa: PLC0415 — reads models: after apps load
        from .signals import grant_home_permissions_to_editors  # noqa: PLC0415 — after apps load

        registry.register_searchable(POLICY_KIND)
        registry.register_searchable(NEWS_KIND)

        post_migrate.connect(grant_home_permissions_to_editors, dispatch_uid="home.editor_permissions")
