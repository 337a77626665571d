"""Pieces other parts of the site include: the "ask for an introduction" action on a listing and an
organisation's public responsiveness figures."""

from django import template

from .. import queries

register = template.Library()


@register.inclusion_tag("dealflow/includes/introduction_button.html", takes_context=True)
def introduction_button(context, listing):
    """On a published listing: ask its owner for an introduction (or open the challenge, if any)."""
    user = context["request"].user
    own = user.is_authenticated and listing.organisation_id in user.organisation_ids
    challenge = getattr(listing, "challenge", None) if listing.kind == "demand" else None
    return {"listing": listing, "user": user, "own": own, "challenge": challenge}


@register.inclusion_tag("dealflow/includes/figures.html")
def organisation_figures(organisation):
    """Share of requests answered in time, median hours to answer, partners' rating."""
    return {
        "responsiveness": queries.responsiveness(organisation),
        "evaluations": queries.evaluation_figures(organisation),
    }
