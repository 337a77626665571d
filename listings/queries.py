"""Reused querysets for listings."""

from django.db import models


class ListingQuerySet(models.QuerySet):
    def published(self):
        """What the public sees, the search indexes and the matcher ranks."""
        return self.filter(status="published")

    def editable_by(self, user):
        """Listings this person may change: their organisations' ones, or all for editors."""
        if not (user and user.is_authenticated):
            return self.none()
        if user.is_editor:
            return self
        return self.filter(organisation_id__in=user.organisation_ids)

    def of_organisations(self, user):
        """Listings of the organisations this person belongs to (the dashboard)."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(organisation_id__in=user.organisation_ids)

    def for_cards(self):
        """What a list of listing cards reads, fetched in one query."""
        return self.select_related("track", "organisation")


def published_technologies():
    from .models import Technology  # noqa: PLC0415 — circular: models use these querysets

    return Technology.objects.published().for_cards()


def published_demands():
    from .models import Demand  # noqa: PLC0415 — circular: models use these querysets

    return Demand.objects.published().for_cards()
