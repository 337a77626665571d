"""The chain's later parts in the workspace: funding applications, financial-product requests and the
transfer network's brokerage requests, grouped by who acts next like the match requests.

Only through the person's accepted memberships (``accounts.queries``): the applicant's and the fund's
members, the owner and the bank, the enterprise and the agency see a row; an agency's broker also
sees the requests they were named for. A fixed number of queries whatever the number of rows: one
per list, plus one for the reviewer's own scores and one for conflicts of interest.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.queries import accepted_organisation_ids
from funding.models import Application, ProductRequest, Review
from funding.services import conflicted_applicants
from network.models import BrokerageRequest

GROUPS = (
    ("mine", _("Needs my answer")),
    ("theirs", _("Waiting on the other side")),
    ("in_progress", _("In progress")),
    ("closed", _("Closed")),
)


def _grouped(rows):
    groups = {key: [] for key, _label in GROUPS}
    for row in rows:
        groups[row["group"]].append(row)
    return {
        "groups": [{"key": key, "label": label, "rows": groups[key]} for key, label in GROUPS],
        "count": len(rows),
        "new": sum(1 for row in rows if row["is_new"]),
    }


def _is_new(moment, since):
    return since is not None and moment is not None and moment > since


def application_group(application, side, *, reviewed=False, conflicted=False):
    """Who acts next on a funding application: the fund's reviewers score the current step (a
    reviewer who scored it, or may not score it, waits on the others), the applicant answers
    questions; a funded application stays in progress while tranches wait for their milestones."""
    Status = Application.Status
    if application.status == Status.IN_REVIEW:
        if side == "fund":
            return "in_progress" if reviewed or conflicted else "mine"
        return "theirs"
    if application.status == Status.MORE_INFO:
        return "mine" if side == "applicant" else "theirs"
    if application.status == Status.FUNDED and getattr(application, "tranches_waiting", 0):
        return "in_progress"
    return "closed"


def funding_applications(user, *, since=None):
    """The person's funding applications, as applicant and as the fund's reviewer. Read-only."""
    orgs = accepted_organisation_ids(user)
    if not orgs:
        return _grouped([])
    applications = list(
        Application.objects.filter(
            Q(applicant_organisation_id__in=orgs) | Q(programme__organisation_id__in=orgs)
        )
        .with_related()
        .annotate(tranches_waiting=Count("tranches", filter=Q(tranches__released_at__isnull=True)))
        .order_by("-updated_at", "-pk")
    )
    as_fund = [a for a in applications if a.programme.organisation_id in orgs]
    reviewed = set(
        Review.objects.filter(reviewer=user, application__in=[a.pk for a in as_fund]).values_list(
            "application_id", "step"
        )
        if as_fund
        else ()
    )
    conflicted = conflicted_applicants(
        user=user, applicant_ids={a.applicant_organisation_id for a in as_fund}
    )
    rows = []
    for application in applications:
        side = "fund" if application.programme.organisation_id in orgs else "applicant"
        group = application_group(
            application,
            side,
            reviewed=(application.pk, application.step) in reviewed,
            conflicted=side == "fund" and application.applicant_organisation_id in conflicted,
        )
        rows.append(
            {
                "item": application,
                "side": side,
                "group": group,
                "is_new": _is_new(application.updated_at, since),
            }
        )
    return _grouped(rows)


def product_request_group(product_request, side):
    """Who acts next on a request for a loan, guarantee or insurance: the bank answers, then the
    two sides carry the offer on in their thread."""
    Status = ProductRequest.Status
    if product_request.status == Status.PENDING:
        return "mine" if side == "provider" else "theirs"
    if product_request.status == Status.OFFERED:
        return "in_progress"
    return "closed"


def product_requests(user, *, since=None):
    """Requests for financial products, as the technology's owner or as the bank or insurer. Read-only."""
    orgs = accepted_organisation_ids(user)
    if not orgs:
        return _grouped([])
    requests = (
        ProductRequest.objects.filter(
            Q(owner_organisation_id__in=orgs) | Q(product__organisation_id__in=orgs)
        )
        .with_related()
        .order_by("-created_at", "-pk")
    )
    rows = []
    for product_request in requests:
        side = "owner" if product_request.owner_organisation_id in orgs else "provider"
        rows.append(
            {
                "item": product_request,
                "side": side,
                "group": product_request_group(product_request, side),
                "is_new": _is_new(product_request.responded_at or product_request.created_at, since),
            }
        )
    return _grouped(rows)


def brokerage_group(brokerage_request, side):
    """Who acts next on a brokerage request: the agency answers it; once accepted, the named broker
    and the enterprise work on the demand's match requests."""
    Status = BrokerageRequest.Status
    if brokerage_request.status == Status.PENDING:
        return "mine" if side == "agency" else "theirs"
    if brokerage_request.status == Status.ACCEPTED:
        return "in_progress"
    return "closed"


def brokerage_side(brokerage_request, user, orgs):
    """'broker' when the person was named for it, else 'enterprise' or 'agency' by membership."""
    if brokerage_request.broker_id == user.pk:
        return "broker"
    if brokerage_request.requester_organisation_id in orgs:
        return "enterprise"
    return "agency"


def brokerage_requests(user, *, since=None):
    """Brokerage requests of the transfer network: as the enterprise, as the agency, as its named broker.
    Read-only."""
    orgs = accepted_organisation_ids(user)
    requests = (
        BrokerageRequest.objects.filter(
            Q(requester_organisation_id__in=orgs) | Q(agency__organisation_id__in=orgs) | Q(broker=user)
        )
        .with_related()
        .order_by("-updated_at", "-pk")
    )
    rows = []
    for brokerage_request in requests:
        side = brokerage_side(brokerage_request, user, orgs)
        rows.append(
            {
                "item": brokerage_request,
                "side": side,
                "group": brokerage_group(brokerage_request, side),
                "is_new": _is_new(brokerage_request.updated_at, since),
            }
        )
    return _grouped(rows)
