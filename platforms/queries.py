"""Reused querysets and the centres' public figures."""

from django.db import models
from django.db.models import Q

from dealflow.queries import response_figures


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
    """Public figures of a centre, computed as for organisations (``dealflow.queries.response_figures``):
    share of slot requests answered (accepted, declined or questions asked) before the deadline and
    median hours to that answer."""
    from .models import SlotRequest  # noqa: PLC0415 — models import this module for their managers

    return response_figures(SlotRequest.objects.filter(centre=centre), now=now)


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
