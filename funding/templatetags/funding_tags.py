"""What the technology page includes from this part: the stages at which the technology was funded,
and for its owners the programmes that fit it and the way to apply or ask a bank."""

from django import template

from .. import queries, services

register = template.Library()


@register.inclusion_tag("funding/includes/funding_panel.html", takes_context=True)
def funding_panel(context, listing):
    user = context["request"].user
    own = bool(
        listing.is_published and user.is_authenticated and listing.organisation_id in user.organisation_ids
    )
    return {
        "listing": listing,
        "own": own,
        "funded": services.funded_stages(listing) if listing.is_published else [],
        "fits": queries.programmes_for_technology(listing) if own else [],
        "request": context["request"],
    }
