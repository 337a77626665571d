from django import template

from core.formatting import format_cny
from listings.models import Demand, Technology

register = template.Library()


@register.filter
def cny(amount):
    """An amount in yuan as a reader expects it: 300万元 in Chinese, ¥3,000,000 in English."""
    return format_cny(amount)


@register.inclusion_tag("listings/includes/organisation_listings.html")
def organisation_listings(organisation, limit=20):
    """An organisation's published technologies and demands, newest first, for its public page."""

    def published(model):
        return list(
            model.objects.published()
            .filter(organisation=organisation)
            .select_related("track")
            .order_by("-published_at", "-pk")[:limit]
        )

    return {"technologies": published(Technology), "demands": published(Demand)}
