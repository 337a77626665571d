"""Which agency a brokered introduction counts for, decided when deal flow assigns the broker.

The rule (shown on every agency page): an introduction counts for the agency whose organisation the
broker belonged to (an accepted membership, ``accounts.queries``) with their broker profile there,
at the moment they were assigned. A broker who leaves takes their personal record along (their own
page), but the agency keeps the introductions and contracts they brokered as its member; the
broker's new agency counts only what they broker after joining it.
"""

from django.db.models import Q
from django.utils import timezone

from accounts.queries import accepted_organisation_ids

from ..models import BrokerAttribution, BrokerProfile


def agency_of(broker):
    """The agency the broker works for now, or None: their profile's agency while they are an
    accepted member of its organisation. No side effects."""
    if broker is None:
        return None
    orgs = accepted_organisation_ids(broker)
    profile = (
        BrokerProfile.objects.filter(user=broker, agency__organisation_id__in=list(orgs))
        .select_related("agency")
        .first()
    )
    return profile.agency if profile else None


def attribute_introduction(*, match_request, broker, now=None):
    """Record which agency ``match_request`` counts for now that ``broker`` brokers it (None: the
    broker was removed, and the request counts for no agency).

    Side effects: creates, updates or deletes the request's BrokerAttribution.
    """
    if broker is None:
        BrokerAttribution.objects.filter(match_request_id=match_request.pk).delete()
        return None
    attribution, _created = BrokerAttribution.objects.update_or_create(
        match_request_id=match_request.pk,
        defaults={"broker": broker, "agency": agency_of(broker), "attributed_at": now or timezone.now()},
    )
    return attribution


def broker_organisation_of(match_request):
    """The organisation whose accepted membership the request's broker needs to keep taking part in
    its thread, files and notices: the organisation of the agency they were assigned through (None
    when they belonged to no agency then). No side effects."""
    return (
        BrokerAttribution.objects.filter(
            match_request_id=match_request.pk, broker_id=match_request.broker_id, agency__isnull=False
        )
        .values_list("agency__organisation_id", flat=True)
        .first()
    )


def still_brokering_q(user):
    """The match requests (as a queryset filter on them) whose broker ``user`` still takes part:
    assigned through no agency, or through one whose organisation they still belong to. No side effects."""
    return Q(network_attribution__agency__isnull=True) | Q(
        network_attribution__agency__organisation_id__in=list(accepted_organisation_ids(user))
    )
