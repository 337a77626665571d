from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "procurement"

    def ready(self):
        from search import registry  # noqa: PLC0415 — registries fill once apps are loaded

        from .searchable import PRODUCT_KIND  # noqa: PLC0415 — it reads models, so after apps load

        registry.register_searchable(PRODUCT_KIND)
