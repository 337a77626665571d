"""Reused querysets and figures for match requests, challenges and organisations."""

import statistics

from django.db import models
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from listings.models import Demand, Technology

from . import registry


class MatchRequestQuerySet(models.QuerySet):
    def involving(self, user):
        """Requests this person takes part in: as requester, a member of either side, or the broker
        (while still a member of the organisation they were assigned through)."""
        if not (user and user.is_authenticated):
            return self.none()
        orgs = list(user.organisation_ids)
        return self.filter(
            Q(requester=user)
            | registry.brokered_q(user)
            | Q(owner_organisation_id__in=orgs)
            | Q(requester_organisation_id__in=orgs)
        )

    def brokered_by(self, user):
        """Requests this person brokers and still takes part in (see ``involving``)."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(registry.brokered_q(user))

    def with_related(self):
        return self.select_related(
            "requester", "requester_organisation", "owner_organisation", "technology", "demand", "broker"
        )

    def awaiting_answer(self):
        return self.filter(status="pending")

    def deals(self):
        return self.filter(stage__in=["registration", "closed_deal"])


def response_figures(requests, *, now=None):
    """Public answer figures of any requests that carry ``created_at``, ``responded_at``,
    ``response_deadline`` and ``status``: share answered in time and median hours to answer.

    Counts requests whose answer is in or whose deadline has passed; withdrawn ones do not count.
    Match requests, the verification centres' slot requests and the agencies' brokerage requests
    share it. No side effects.
    """
    rows = requests.values_list("created_at", "responded_at", "response_deadline", "status")
    return response_figures_of_rows(rows, now=now)


def response_figures_of_rows(rows, *, now=None):
    """``response_figures`` of rows already read, (created_at, responded_at, response_deadline, status)
    each: for pages that read many requesters' rows in one query. No side effects."""
    now = now or timezone.now()
    rows = [(c, r, d) for c, r, d, status in rows if status != "withdrawn" and (r is not None or d < now)]
    answered = [(c, r, d) for c, r, d in rows if r is not None]
    in_time = sum(1 for _c, r, d in answered if r <= d)
    hours = [(r - c).total_seconds() / 3600 for c, r, _d in answered]
    return {
        "counted": len(rows),
        "answered": len(answered),
        "answered_in_time": in_time,
        "share_in_time": round(in_time / len(rows), 3) if rows else None,
        "median_hours": round(statistics.median(hours), 1) if hours else None,
    }


def responsiveness(organisation, *, now=None):
    """Public figures of an organisation as the owner of match requests (see ``response_figures``)."""
    from .models import MatchRequest  # noqa: PLC0415 — circular: models use these querysets

    return response_figures(MatchRequest.objects.filter(owner_organisation=organisation), now=now)


def evaluation_figures(organisation):
    """Average ratings the organisation received from the other sides of its closed requests."""
    from .models import Evaluation  # noqa: PLC0415 — circular: models use these querysets

    figures = Evaluation.objects.filter(evaluated_organisation=organisation).aggregate(
        count=Count("pk"), rating=Avg("counterpart_rating"), service=Avg("service_rating")
    )
    for key in ("rating", "service"):
        if figures[key] is not None:
            figures[key] = round(figures[key], 2)
    return figures


def open_challenges():
    """Challenges taking proposals, public: only while their demand is published (a withdrawn or
    closed demand takes its challenge off the marketplace with it)."""
    from .models import Challenge  # noqa: PLC0415 — circular: models use these querysets

    return (
        Challenge.objects.filter(
            status=Challenge.Status.OPEN, deadline__gt=timezone.now(), demand__status="published"
        )
        .select_related("demand", "demand__organisation")
        .annotate(proposal_count=Count("proposals"))
        .order_by("deadline", "pk")
    )


def dashboard(organisation):
    """The organisation's own figures: views, requests, answers, decline reasons, introduction rate
    per listing and deals. A fixed number of queries whatever the number of listings."""

    from .models import MatchRequest  # noqa: PLC0415 — circular: models use these querysets

    received = MatchRequest.objects.filter(owner_organisation=organisation)
    per_listing = []
    for model, field in ((Technology, "technology"), (Demand, "demand")):
        counts = {
            row[field]: row
            for row in received.filter(
                **{f"{field}__isnull": False}, source__in=["direct", "roadshow", "match"]
            )
            .exclude(**({"demand__isnull": False} if field == "technology" else {}))
            .values(field)
            .annotate(requests=Count("pk"), accepted=Count("pk", filter=Q(status="accepted")))
        }
        for listing in model.objects.filter(organisation=organisation).order_by("-views_count", "pk"):
            row = counts.get(listing.pk, {"requests": 0, "accepted": 0})
            per_listing.append(
                {
                    "listing": listing,
                    "views": listing.views_count,
                    "requests": row["requests"],
                    "accepted": row["accepted"],
                    "introduction_rate": round(row["accepted"] / row["requests"], 2)
                    if row["requests"]
                    else None,
                }
            )
    decline_labels = dict(MatchRequest.DeclineReason.choices)
    declines = [
        {"reason": decline_labels.get(row["decline_reason"], row["decline_reason"]), "count": row["count"]}
        for row in received.filter(status="declined")
        .values("decline_reason")
        .annotate(count=Count("pk"))
        .order_by("-count")
    ]
    by_status = dict(
        received.values_list("status").annotate(count=Count("pk")).values_list("status", "count")
    )
    deals = (
        MatchRequest.objects.filter(
            Q(owner_organisation=organisation) | Q(requester_organisation=organisation)
        )
        .deals()
        .select_related("technology", "demand", "requester_organisation", "owner_organisation")
        .order_by("-contract_signed_on")
    )
    return {
        "per_listing": per_listing,
        "total_views": sum(row["views"] for row in per_listing),
        "requests_received": sum(by_status.values()),
        "by_status": by_status,
        "responsiveness": responsiveness(organisation),
        "declines": declines,
        "deals": deals,
        "deal_total": deals.aggregate(total=models.Sum("contract_amount_cny"))["total"] or 0,
        "evaluations": evaluation_figures(organisation),
    }


def challenges_run_by(user):
    """Challenges on the demands of the organisations this person belongs to, with proposal counts."""
    from .models import Challenge  # noqa: PLC0415 — circular: models use these querysets

    if not (user and user.is_authenticated):
        return Challenge.objects.none()
    return (
        Challenge.objects.filter(demand__organisation_id__in=list(user.organisation_ids))
        .select_related("demand")
        .annotate(proposal_count=Count("proposals"))
        .order_by("deadline", "pk")
    )


def proposals_by(user):
    """The proposals this person sent to challenges, newest first."""
    from .models import Proposal  # noqa: PLC0415 — circular: models use these querysets

    if not (user and user.is_authenticated):
        return Proposal.objects.none()
    return Proposal.objects.filter(proposer=user).select_related("challenge__demand").order_by("-created_at")


def pending_requests_about(*, listing):
    """How many requests about ``listing`` still await the owner's answer. No side effects."""
    # Imported here: the models module imports this one for its queryset.
    from .models import MatchRequest  # noqa: PLC0415

    field = "demand" if isinstance(listing, Demand) else "technology"
    pending = MatchRequest.objects.awaiting_answer().filter(**{f"{field}_id": listing.pk})
    if field == "technology":
        pending = pending.filter(demand__isnull=True)
    return pending.count()


DEAL_STEPS = (
    ("request", _("Request")),
    ("nda", _("NDA")),
    ("talks", _("Talks")),
    ("registration", _("Contract registration")),
    ("outcome", _("Outcome")),
    ("evaluation", _("Evaluation")),
)
_AFTER_TALKS = ("agreement", "registration", "closed_deal", "closed_no_deal")


def deal_steps(match_request, *, side):
    """The deal room's stepper: each step with its state for this side. No side effects.

    States: "done", "current", "todo", "skipped" (the NDA is optional; a deal closed without one, or
    without a registration when there was no deal, skips it) and "ended" (the request was declined,
    withdrawn or expired). Exactly one step is "current" while the deal goes on.
    """
    r = match_request
    if r.status in ("declined", "withdrawn", "expired"):
        return [
            {"key": key, "label": label, "state": "ended" if key == "request" else "todo"}
            for key, label in DEAL_STEPS
        ]
    closed = r.is_closed
    evaluated = closed and side in ("requester", "owner") and r.evaluations.filter(side=side).exists()
    done = {
        "request": r.status == "accepted",
        "nda": bool(r.nda_in_force),
        "talks": r.stage in _AFTER_TALKS,
        "registration": bool(r.registration_number),
        "outcome": closed,
        "evaluation": evaluated or (closed and side == "broker"),
    }
    skipped = {
        "nda": not done["nda"] and r.stage != "introduced" and r.status == "accepted",
        "registration": not done["registration"] and r.stage == "closed_no_deal",
    }
    steps, current_found = [], False
    for key, label in DEAL_STEPS:
        if done[key]:
            state = "done"
        elif skipped.get(key):
            state = "skipped"
        elif not current_found:
            state, current_found = "current", True
        else:
            state = "todo"
        steps.append({"key": key, "label": label, "state": state})
    return steps
