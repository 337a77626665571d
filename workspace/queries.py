"""What the workspace gathers for one person, each list from its part's own queries.

A fixed number of database queries whatever the number of listings or requests: every list is one
query (or one per kind), match counts come from search in one batch.
"""

import logging

from django.utils.translation import pgettext_lazy

from accounts.queries import accepted_organisations
from accounts.services import invitation_path, pending_invitations_for
from dealflow.models import MatchRequest
from dealflow.queries import challenges_run_by, proposals_by
from digest.queries import saved_searches_of
from listings.models import Demand, Listing, Technology
from platforms.models import SlotRequest
from procurement.queries import products_in_review
from roadshow.queries import pitches_of, registrations_of
from search.services import published_match_ids

from .chain import GROUPS, brokerage_requests, funding_applications, product_requests

logger = logging.getLogger(__name__)

# The state a person reads for a listing: Wagtail's workflow keeps "draft" for a listing sent back,
# the editor's reason tells it apart.
STATE_LABELS = {
    "draft": pgettext_lazy("workspace listing state", "Draft"),
    "changes_requested": pgettext_lazy("workspace listing state", "Changes requested"),
    "in_review": pgettext_lazy("workspace listing state", "In review"),
    "published": pgettext_lazy("workspace listing state", "Published"),
    "closed": pgettext_lazy("workspace listing state", "Closed"),
    "withdrawn": pgettext_lazy("workspace listing state", "Withdrawn"),
}

# Every kind of request is grouped the same way: who acts next.
REQUEST_GROUPS = SLOT_GROUPS = GROUPS


def listing_state(listing):
    """The state key of a listing as its owner reads it."""
    if listing.status == Listing.Status.DRAFT:
        return "changes_requested" if listing.rejection_reason else "draft"
    if listing.status == Listing.Status.SUBMITTED:
        return "in_review"
    return listing.status


def _listing_rows(listings, match_counts):
    rows = []
    for listing in listings:
        state = listing_state(listing)
        total, new = match_counts.get((listing.kind, listing.pk), (None, 0))
        rows.append(
            {
                "listing": listing,
                "state": state,
                "state_label": STATE_LABELS.get(state, listing.get_status_display()),
                "pending_changes": bool(listing.live and listing.has_unpublished_changes),
                "matches": total,
                "new_matches": new,
            }
        )
    return rows


def _match_counts(listings, since):
    """{(kind, pk): (matches, matches published since ``since``)}; one query per kind for the new ones."""
    published = [listing for listing in listings if listing.is_published]
    if not published:
        return {}
    try:
        found = published_match_ids(listings=published, limit=10)
    except Exception:  # a search outage hides the counts, never the workspace
        logger.exception("match counts failed for the workspace")
        return {}
    fresh = {}
    if since is not None:
        for kind, model in (("technology", Technology), ("demand", Demand)):
            ids = {pk for target, pks in found.values() if target == kind for pk in pks}
            fresh[kind] = (
                set(model.objects.filter(pk__in=ids, published_at__gt=since).values_list("pk", flat=True))
                if ids
                else set()
            )
    return {
        key: (len(pks), sum(1 for pk in pks if pk in fresh.get(target, ())))
        for key, (target, pks) in found.items()
    }


def request_group(match_request, user):
    """Which group a request sits in for this person: mine, theirs, in_progress or closed."""
    status = match_request.status
    if status == MatchRequest.Status.PENDING:
        return "mine" if match_request.side_of(user) == "owner" else "theirs"
    if status == MatchRequest.Status.ACCEPTED and not match_request.is_closed:
        return "in_progress"
    return "closed"


def _grouped_requests(user):
    groups = {key: [] for key, _label in REQUEST_GROUPS}
    for match_request in MatchRequest.objects.involving(user).with_related().order_by("-updated_at", "-pk"):
        groups[request_group(match_request, user)].append(
            {"request": match_request, "side": match_request.side_of(user)}
        )
    return [{"key": key, "label": label, "rows": groups[key]} for key, label in REQUEST_GROUPS]


def slot_request_group(slot_request, user):
    """Which group a validation-slot request sits in for this person: mine, theirs, in_progress or closed."""
    status, side = slot_request.status, slot_request.side_of(user)
    if status == SlotRequest.Status.PENDING:
        return "mine" if side == "centre" else "theirs"
    if status == SlotRequest.Status.NEEDS_INFO:
        return "mine" if side == "owner" else "theirs"
    if status in (SlotRequest.Status.ACCEPTED, SlotRequest.Status.IN_PROGRESS):
        return "in_progress"
    return "closed"


def _grouped_slot_requests(user):
    groups = {key: [] for key, _label in SLOT_GROUPS}
    for slot_request in SlotRequest.objects.involving(user).with_related().order_by("-pk"):
        groups[slot_request_group(slot_request, user)].append(
            {"request": slot_request, "side": slot_request.side_of(user)}
        )
    return [{"key": key, "label": label, "rows": groups[key]} for key, label in SLOT_GROUPS]


def workspace_for(user, *, since=None):
    """Everything the workspace page shows for a signed-in person; matches published after ``since``
    (the previous visit) count as new. Read-only."""
    technologies = list(Technology.objects.of_organisations(user).for_cards().order_by("-updated_at", "-pk"))
    demands = list(Demand.objects.of_organisations(user).for_cards().order_by("-updated_at", "-pk"))
    counts = _match_counts(technologies + demands, since)
    organisation_ids = user.organisation_ids
    return {
        "technologies": _listing_rows(technologies, counts),
        "demands": _listing_rows(demands, counts),
        "request_groups": _grouped_requests(user),
        "slot_groups": _grouped_slot_requests(user),
        "since": since,
        "challenges_run": list(challenges_run_by(user)),
        "proposals": list(proposals_by(user)),
        "registrations": list(registrations_of(user)),
        "pitches": list(pitches_of(user)),
        "products": list(products_in_review(organisation_ids)),
        "organisations": list(accepted_organisations(user)),
        "invitations": [
            {"invitation": invitation, "url": invitation_path(invitation)}
            for invitation in pending_invitations_for(user)
        ],
        "saved_searches": list(saved_searches_of(user)),
        "has_organisations": bool(organisation_ids),
        "funding_applications": funding_applications(user, since=since),
        "product_requests": product_requests(user, since=since),
        "brokerage_requests": brokerage_requests(user, since=since),
    }
