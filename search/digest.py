"""Search's section of the daily digest: new matches for the published listings of a person's organisations."""

import logging

from django.utils.translation import gettext as _

from core.services import absolute_url
from listings.models import Demand, Technology
from notifications.registry import DigestItem, register_digest_section

from .services import match_listing

logger = logging.getLogger(__name__)


def _published_since(listing, since):
    return listing.published_at is None or listing.published_at >= since


def listing_match_items(user, since):
    """New matches for the person's organisations' published listings, each named in the reader's
    language where it carries a translation. No side effects."""
    org_ids = list(user.organisation_ids)
    if not org_ids:
        return []
    items = []
    for model in (Technology, Demand):
        for listing in model.objects.filter(organisation_id__in=org_ids, status="published")[:20]:
            try:
                matches = match_listing(listing=listing, limit=5, user=user)
            except Exception:  # a search outage must not stop the digest
                logger.exception("matching failed for %s", listing.pk)
                continue
            for match in matches:
                if not _published_since(match.listing, since):
                    continue
                items.append(
                    DigestItem(
                        heading=_("New match for %(title)s") % {"title": listing.display_title},
                        ref=match.ref,
                        title=match.listing.display_title,
                        url=absolute_url(match.listing.get_absolute_url()),
                        reasons=list(match.reasons)[:3],
                    )
                )
    return items


def register():
    register_digest_section(name="search.new_matches", order=20, collect=listing_match_items)
