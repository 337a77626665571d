"""The transfer network's rules: agencies and brokers (editors), brokerage requests and their thread,
disputes about the deals behind the figures.

The one path for the pages, the API, the admin, the periodic task and the command. Each function
checks who may do it (PermissionDenied), validates its input (ValidationError, nothing saved), writes
an audit entry for every state change through core.services.audit and tells the people concerned
through notifications, each in their own language. ``from network import services``.
"""

from core.exceptions import RateLimited

from ._common import response_days, when
from .agencies import save_agency, save_broker
from .attribution import agency_of, attribute_introduction, broker_organisation_of, still_brokering_q
from .disputes import raise_dispute, resolve_dispute
from .requests import (
    accept_brokerage_request,
    assign_broker_to_new_request,
    decline_brokerage_request,
    expire_overdue_requests,
    may_assign_broker,
    open_match_requests,
    participants,
    post_message,
    request_brokerage,
    withdraw_brokerage_request,
)

__all__ = [
    "RateLimited",
    "accept_brokerage_request",
    "agency_of",
    "attribute_introduction",
    "broker_organisation_of",
    "still_brokering_q",
    "assign_broker_to_new_request",
    "decline_brokerage_request",
    "expire_overdue_requests",
    "may_assign_broker",
    "open_match_requests",
    "participants",
    "post_message",
    "raise_dispute",
    "request_brokerage",
    "resolve_dispute",
    "response_days",
    "save_agency",
    "save_broker",
    "when",
    "withdraw_brokerage_request",
]
