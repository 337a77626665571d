"""Deal-flow objects in a known state, built through the services where the state matters."""

import datetime

import factory
from django.utils import timezone

from accounts.queries import members_of
from dealflow import services
from dealflow.models import Challenge, ChallengeReviewer, CooperationMode, MatchRequest, Proposal


def match_request(
    *, requester, listing, message="我们希望了解该技术的许可条件和中试数据。", accept=False, **kwargs
):
    """A request from `requester` about `listing` (a technology or a demand), optionally accepted."""
    field = "demand" if listing.kind == "demand" else "technology"
    mr = services.request_introduction(
        requester=requester,
        message=message,
        cooperation_mode=kwargs.pop("cooperation_mode", CooperationMode.LICENSE),
        **{field: listing},
        **kwargs,
    )
    if accept:
        owner = members_of(listing.organisation).first()
        mr = services.accept_match_request(match_request=mr, user=owner)
    return mr


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    brief = "请说明在零下二十度条件下保持百分之八十容量的技术路线、验证数据和中试计划。"
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if create:
            ChallengeReviewer.objects.get_or_create(
                challenge=self, user=self.created_by, defaults={"role": ChallengeReviewer.Role.LEAD}
            )


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    summary = "采用高熵层状氧化物正极与低温电解液协同设计。"
    approach = "正极掺杂改性结合低凝固点电解液配方，已完成扣式电池验证。"
    team = "课题组十二人，承担过两项国家重点研发计划项目。"
    timeline_months = 18
    budget_cny = 2_500_000


__all__ = ["ChallengeFactory", "MatchRequest", "ProposalFactory", "match_request"]
