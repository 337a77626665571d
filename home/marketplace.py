"""What the home and track pages show of the marketplace: live figures and the newest items.

Reads the other parts through their own query modules (published listings, upcoming roadshow
sessions, public innovation products) so the pages show exactly what those parts show. Five
queries however many listings, sessions and products exist.
"""

from dataclasses import dataclass

from django.db.models import Count, Window
from django.utils import timezone

from listings import queries as listing_queries
from listings import tallies as listing_tallies
from listings.models import Demand, Technology
from procurement import queries as procurement_queries
from roadshow import queries as roadshow_queries

LISTING_LIMIT = 6
SESSION_LIMIT = 3
PRODUCT_LIMIT = 3


@dataclass(frozen=True)
class MarketplaceHighlights:
    """Figures and newest items for one track, or for the whole marketplace when `track` is None."""

    track: object
    technologies: list
    demands: list
    sessions: list
    products: list
    technology_count: int
    demand_count: int
    session_count: int
    product_count: int


def _newest_first(listings):
    return listings.order_by("-published_at", "-id")


def _first_and_total(queryset, limit):
    """The first `limit` rows and the size of the whole set, in one query.

    A window count is evaluated before LIMIT, so every row carries the total; a separate COUNT per
    figure would cost the page one round trip each.
    """
    rows = list(queryset.annotate(marketplace_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].marketplace_total if rows else 0)


def gather_highlights(*, track=None, now=None):
    """The marketplace at a glance, read-only: figures and the newest published items.

    `track` (a home.Track) narrows everything to that track; `now` fixes what "upcoming" means.
    Six queries: the newest listings (an index scan on status, track and publication date),
    their counts (one read of the maintained tallies), the sessions and products (each carrying its total) and
    the sessions' agendas. None of them reads every listing.
    """
    now = now or timezone.now()
    technologies = listing_queries.published_technologies()
    demands = listing_queries.published_demands()
    sessions = roadshow_queries.upcoming_sessions(now, track=track).select_related("series__track")
    products = procurement_queries.public_products(track=track)
    if track is not None:
        technologies = technologies.filter(track=track)
        demands = demands.filter(track=track)
    technologies = list(_newest_first(technologies)[:LISTING_LIMIT])
    demands = list(_newest_first(demands)[:LISTING_LIMIT])
    counts = listing_tallies.published_counts(track=track)
    technology_count, demand_count = counts[Technology], counts[Demand]
    sessions, session_count = _first_and_total(sessions, SESSION_LIMIT)
    products, product_count = _first_and_total(products, PRODUCT_LIMIT)
    return MarketplaceHighlights(
        track=track,
        technologies=technologies,
        demands=demands,
        sessions=sessions,
        products=products,
        technology_count=technology_count,
        demand_count=demand_count,
        session_count=session_count,
        product_count=product_count,
    )
