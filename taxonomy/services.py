"""Services of the taxonomy: loading the reference data."""

from .models import DevelopmentZone, Track
from .reference import DEVELOPMENT_ZONES, TRACKS


def load_reference_data():
    """Create or update the eight tracks and the development zones from the reference data.

    Side effects: writes Track and DevelopmentZone rows (found by slug; idempotent).
    """
    for zone in DEVELOPMENT_ZONES:
        DevelopmentZone.objects.update_or_create(
            slug=zone["slug"],
            defaults={
                "name_zh": zone["name"]["zh"],
                "name_en": zone["name"]["en"],
                "short_name_zh": zone["short_name"]["zh"],
                "short_name_en": zone["short_name"]["en"],
                "order": zone["order"],
            },
        )
    for track in TRACKS:
        Track.objects.update_or_create(
            slug=track["slug"],
            defaults={
                "name_zh": track["name"]["zh"],
                "name_en": track["name"]["en"],
                "order": track["order"],
                "summary_zh": track["summary"]["zh"],
                "summary_en": track["summary"]["en"],
                "keywords": track["keywords"],
            },
        )


def track_names():
    """{slug: (Chinese name, English name)} of every track as editors keep them. No side effects."""
    return {slug: (zh, en) for slug, zh, en in Track.objects.values_list("slug", "name_zh", "name_en")}
