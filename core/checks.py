"""System checks for settings whose mistakes would expose private data."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_private_storage(app_configs, **kwargs):
    """Private files must not sit under MEDIA_ROOT, which DEBUG's `static(MEDIA_URL)` serves."""
    media = Path(settings.MEDIA_ROOT).resolve()
    private = Path(getattr(settings, "PRIVATE_MEDIA_ROOT", media)).resolve()
    if private == media or media in private.parents:
        return [
            Error(
                "PRIVATE_MEDIA_ROOT is inside MEDIA_ROOT: private files would be served under MEDIA_URL.",
                hint="Point PRIVATE_MEDIA_ROOT at a folder outside MEDIA_ROOT.",
                id="core.E001",
            )
        ]
    return []
