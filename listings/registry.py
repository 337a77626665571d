"""What higher parts tell listings, without listings importing them.

A listing's page shows its best matches; matching is search's work (a floor above). Search registers
its ``match_listing`` here in ``SearchConfig.ready``; without it the panel is simply not shown.
"""

_match_finder = {}


def register_match_finder(finder):
    """``finder(listing=..., limit=..., user=...)`` returns the listing's ranked matches."""
    _match_finder["finder"] = finder


def find_matches(*, listing, limit, user):
    """The registered finder's matches, or None when no part finds matches. Side effects: the finder's."""
    finder = _match_finder.get("finder")
    return None if finder is None else finder(listing=listing, limit=limit, user=user)


_pending_counters = {}


def register_pending_request_counter(counter):
    """``counter(listing=...)`` returns how many requests about the listing await an answer (deal flow)."""
    _pending_counters["counter"] = counter


def count_pending_requests(*, listing):
    """Requests about ``listing`` still awaiting an answer (0 when no part counts them). No side effects."""
    counter = _pending_counters.get("counter")
    return 0 if counter is None else counter(listing=listing)
