"""Who besides the editors may assign a broker to a match request: the parts above deal flow say so here.

An authority is a callable ``(match_request, broker, assigned_by) -> bool``; ``assign_broker`` lets a
person assign when any authority answers True (the transfer network registers one for the agency
that accepted to broker the request's demand). Deal flow never imports the parts that register.
"""

_AUTHORITIES = {}


def register_broker_authority(name, authority):
    """Register (or replace, by name) a broker-assignment authority. No side effects beyond the registry."""
    _AUTHORITIES[name] = authority


def may_assign_broker(*, match_request, broker, assigned_by):
    """True when a registered authority lets ``assigned_by`` assign ``broker`` (None: remove). No side effects."""
    return any(authority(match_request, broker, assigned_by) for authority in list(_AUTHORITIES.values()))
