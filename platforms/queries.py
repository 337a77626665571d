"""Reused querysets and the centres' public figures."""

import statistics

from django.db import models
from django.db.models import Q
from django.utils import timezone


class VerificationCentreQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def covering(self, stage):
        """Centres covering a stage code (research, pilot, scenario); unknown codes match nothing."""
        field = {"research": "covers_research", "pilot": "covers_pilot", "scenario": "covers_scenario"}.get(
            stage
        )
        return self.filter(**{field: True}) if field else self.none()

    def operated_by(self, user):
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(organisation_id__in=user.organisation_ids)


class SlotRequestQuerySet(models.QuerySet):
    def involving(self, user):
        """Requests of the person's organisations, as technology owner or as centre operator."""
        if not (user and user.is_authenticated):
            return self.none()
        orgs = list(user.organisation_ids)
        return self.filter(Q(owner_organisation_id__in=orgs) | Q(centre__organisation_id__in=orgs))

    def with_related(self):
        return self.select_related(
            "centre", "centre__organisation", "technology", "requester", "owner_organisation"
        )

    def awaiting_answer(self):
        return self.filter(status="pending")


def responsiveness(centre, *, now=None):
    """Public figures of a centre, computed as for organisations: share of slot requests answered
    (accepted, declined or questions asked) before the deadline and median hours to that answer.

    Counts requests whose answer is in or whose deadline has passed; withdrawn ones do not count.
    """
    from .models import SlotRequest  # noqa: PLC0415 — models import this module for their managers

    now = now or timezone.now()
    rows = list(
        SlotRequest.objects.filter(centre=centre)
        .exclude(status=SlotRequest.Status.WITHDRAWN)
        .filter(Q(responded_at__isnull=False) | Q(response_deadline__lt=now))
        .values_list("created_at", "responded_at", "response_deadline")
    )
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


def public_reports(*, technology=None, centre=None):
    """Validation reports shown on listings, newest first, for one technology or one centre."""
    from .models import ValidationReport  # noqa: PLC0415 — models import this module for their managers

    reports = ValidationReport.objects.filter(
        is_public=True, slot_request__technology__status="published"
    ).select_related("slot_request__centre", "slot_request__technology")
    if technology is not None:
        reports = reports.filter(slot_request__technology=technology)
    if centre is not None:
        reports = reports.filter(slot_request__centre=centre)
    return reports.order_by("-published_at", "-pk")
