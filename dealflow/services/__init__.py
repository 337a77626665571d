"""The path from "I am interested" to a registered deal, and challenges (揭榜挂帅).

Shared by the web pages, the API, the admin and the periodic tasks. Each function checks who may do it
(PermissionDenied), validates its input (ValidationError, nothing saved), writes an AuditEntry
for every state change and notifies the people concerned through notifications.services.notify.

One module per sub-domain; this package re-exports the public names so callers write
``from dealflow import services`` and ``services.accept_match_request(...)``.
"""

from ._common import RateLimited, Stage, Status, _when, participants, reminder_hours, response_days
from .challenges import (
    REVIEW_ORDER,
    add_reviewer,
    advance_proposal,
    can_see_challenge,
    close_challenge,
    comment_on_proposal,
    open_challenge,
    reject_proposal,
    review_role,
    score_proposal,
    select_proposal,
    submit_proposal,
)
from .reminders import send_deadline_reminders
from .requests import (
    accept_match_request,
    assign_broker,
    brokers,
    close_requests_for_unpublished_listings,
    decline_match_request,
    request_introduction,
    withdraw_match_request,
)
from .stages import STAGE_FLOW, confirm_outcome, evaluate, move_stage, record_registration
from .threads import acknowledge_nda, attach_nda, can_download, post_message, share_file

__all__ = [
    "REVIEW_ORDER",
    "STAGE_FLOW",
    "RateLimited",
    "Stage",
    "Status",
    "_when",
    "acknowledge_nda",
    "accept_match_request",
    "add_reviewer",
    "advance_proposal",
    "can_see_challenge",
    "assign_broker",
    "attach_nda",
    "brokers",
    "can_download",
    "close_challenge",
    "close_requests_for_unpublished_listings",
    "comment_on_proposal",
    "confirm_outcome",
    "decline_match_request",
    "evaluate",
    "move_stage",
    "open_challenge",
    "participants",
    "post_message",
    "record_registration",
    "reject_proposal",
    "reminder_hours",
    "request_introduction",
    "response_days",
    "review_role",
    "score_proposal",
    "select_proposal",
    "send_deadline_reminders",
    "share_file",
    "submit_proposal",
    "withdraw_match_request",
]
