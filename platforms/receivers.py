"""Platforms listen to listing changes: a technology leaving the marketplace ends its waiting slot requests."""

from django.dispatch import receiver

from listings.models import Technology
from listings.signals import listings_changed

from . import services


@receiver(listings_changed, dispatch_uid="platforms_technology_closed")
def end_requests_for_closed_technologies(sender, ids, **kwargs):
    if sender is Technology:
        services.close_requests_for_unpublished_technologies(ids=ids)
