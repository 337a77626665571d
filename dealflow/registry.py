"""Who besides the editors may assign a broker to a match request: the parts above deal flow say so here.

An authority is a callable ``(match_request, broker, assigned_by) -> bool``; ``assign_broker`` lets a
person assign when any authority answers True (the transfer network registers one for the agency
that accepted to broker the request's demand). Deal flow never imports the parts that register.
"""

from django.db.models import Q

from accounts.queries import accepted_organisation_ids

_AUTHORITIES = {}


def register_broker_authority(name, authority):
    """Register (or replace, by name) a broker-assignment authority. No side effects beyond the registry."""
    _AUTHORITIES[name] = authority


def may_assign_broker(*, match_request, broker, assigned_by):
    """True when a registered authority lets ``assigned_by`` assign ``broker`` (None: remove). No side effects."""
    return any(authority(match_request, broker, assigned_by) for authority in list(_AUTHORITIES.values()))


# Whose accepted membership a request's broker needs to keep taking part (the transfer network
# registers the agency the broker was assigned through). A tie is a pair of callables:
# ``organisation_of(match_request) -> organisation id or None`` (None: no membership needed) and
# ``brokered_q(user) -> Q`` (the requests this broker still takes part in, as a queryset filter).
_BROKER_TIES = {}


def register_broker_tie(name, *, organisation_of, brokered_q):
    """Register (or replace, by name) a broker tie. No side effects beyond the registry."""
    _BROKER_TIES[name] = (organisation_of, brokered_q)


def broker_takes_part(match_request):
    """True while the request's broker still belongs (an accepted membership, ``accounts.queries``)
    to every organisation a registered tie names for them. Read once per request object and broker
    (as memberships are read once per request). No side effects."""
    if not match_request.broker_id:
        return False
    known = getattr(match_request, "_broker_takes_part", None)
    if known is None or known[0] != match_request.broker_id:
        known = (match_request.broker_id, _broker_tied(match_request))
        match_request._broker_takes_part = known
    return known[1]


def _broker_tied(match_request):
    for organisation_of, _brokered_q in list(_BROKER_TIES.values()):
        organisation_id = organisation_of(match_request)
        if organisation_id is not None and organisation_id not in accepted_organisation_ids(
            match_request.broker
        ):
            return False
    return True


def brokered_q(user):
    """A queryset filter: the match requests ``user`` brokers and still takes part in. No side effects."""
    condition = Q(broker=user)
    for _organisation_of, tie_q in list(_BROKER_TIES.values()):
        condition &= tie_q(user)
    return condition
