"""Reused querysets of the transfer network: published agencies, the brokers shown, requests by party."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from accounts.models import Membership
from accounts.roles import Role, group_name_for


class AgencyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, organisation__verification_status="verified")

    def filtered(self, *, track="", service="", zone=""):
        """Agencies offering ``service`` in ``track`` and ``zone`` (slugs and codes; empty means any)."""
        agencies = self
        if track:
            agencies = agencies.filter(tracks__slug=track)
        if service:
            agencies = agencies.filter(services__kind=service)
        if zone:
            agencies = agencies.filter(zone__slug=zone)
        return agencies.distinct()

    def run_by(self, user):
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(organisation_id__in=user.organisation_ids)


class BrokerProfileQuerySet(models.QuerySet):
    def active(self):
        """Brokers shown publicly: listed, active accounts holding the broker role, and members of
        their agency's organisation now (an accepted membership)."""
        member = Membership.objects.filter(
            user_id=OuterRef("user_id"), organisation_id=OuterRef("agency__organisation_id")
        )
        return self.filter(
            Exists(member),
            is_listed=True,
            user__is_active=True,
            user__groups__name=group_name_for(Role.BROKER),
        ).distinct()


class BrokerageRequestQuerySet(models.QuerySet):
    def involving(self, user):
        """Requests of the person's organisations (as enterprise or as agency), or assigned to them as
        broker while they still belong to the agency's organisation (``BrokerageRequest.broker_takes_part``)."""
        if not (user and user.is_authenticated):
            return self.none()
        orgs = list(user.organisation_ids)
        return self.filter(
            Q(requester_organisation_id__in=orgs)
            | Q(agency__organisation_id__in=orgs)
            | Q(broker=user, agency__organisation_id__in=orgs)  # a broker only while in the agency
        )

    def with_related(self):
        return self.select_related(
            "agency", "agency__organisation", "demand", "requester", "requester_organisation", "broker"
        )

    def awaiting_answer(self):
        return self.filter(status="pending")
