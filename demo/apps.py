from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo loader (``load_demo``, ``generate_listings``): above every floor, imported by none."""

    name = "demo"
    verbose_name = "Demo"
