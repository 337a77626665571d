"""What the technology page includes from this part: the validation evidence buyers read and the
owners' "Ask for validation" action."""

from django import template

from .. import queries

register = template.Library()


@register.inclusion_tag("platforms/includes/validation_panel.html", takes_context=True)
def validation_panel(context, listing):
    """Public validation reports of a published technology, and for its organisation's members the
    button that asks a centre for a slot."""
    user = context["request"].user
    own = bool(
        listing.is_published and user.is_authenticated and listing.organisation_id in user.organisation_ids
    )
    reports = queries.public_reports(technology=listing) if listing.is_published else []
    return {"listing": listing, "own": own, "reports": list(reports), "request": context["request"]}
