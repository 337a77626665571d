"""Deal flow listens to listing changes: a closed or withdrawn listing ends its pending requests."""

from django.dispatch import receiver

from listings.signals import listings_changed

from . import services


@receiver(listings_changed, dispatch_uid="dealflow_listing_closed")
def end_requests_for_closed_listings(sender, ids, **kwargs):
    services.close_requests_for_unpublished_listings(model=sender, ids=ids)
