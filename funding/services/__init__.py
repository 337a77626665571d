"""Funding: the one path for the pages, the API, the admin and the demo.

Each function checks who may do it (PermissionDenied), validates its input (ValidationError,
nothing saved), audits every state change and tells the people concerned in their own language.
"""

from .applications import (
    advance_application,
    answer_information,
    apply,
    ask_for_information,
    can_download,
    conflict_of_interest,
    conflicted_applicants,
    decide_application,
    funded_stages,
    milestone_evidence,
    next_rung_programmes,
    owner_reports,
    prefill,
    previous_funding,
    release_tranche,
    running_total,
    score_application,
    withdraw_application,
)
from .common import when, yuan
from .products import (
    answer_product_request,
    can_download_product_file,
    post_product_message,
    request_product,
    share_product_file,
    withdraw_product_request,
)
from .programmes import (
    DEFAULT_RUBRIC,
    product_eligibility,
    programme_eligibility,
    save_product,
    save_programme,
    ticket_error,
)

__all__ = [
    "DEFAULT_RUBRIC",
    "advance_application",
    "answer_information",
    "answer_product_request",
    "apply",
    "ask_for_information",
    "can_download",
    "can_download_product_file",
    "conflict_of_interest",
    "conflicted_applicants",
    "decide_application",
    "funded_stages",
    "milestone_evidence",
    "next_rung_programmes",
    "owner_reports",
    "post_product_message",
    "prefill",
    "previous_funding",
    "product_eligibility",
    "programme_eligibility",
    "release_tranche",
    "request_product",
    "running_total",
    "save_product",
    "save_programme",
    "score_application",
    "share_product_file",
    "ticket_error",
    "when",
    "withdraw_application",
    "withdraw_product_request",
    "yuan",
]
