"""Transfer-network objects in a known state; deals are taken through deal flow's services so the
figures read what a person's clicks would have produced."""

import datetime

import factory
from django.utils import timezone

from accounts.queries import members_of
from dealflow import services as dealflow
from network.models import Agency, AgencyService, BrokerProfile
from tests.factories.accounts import OrganisationFactory


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, kind="agency")
    slug = factory.Sequence(lambda n: f"agency-{n}")
    name_zh = factory.Sequence(lambda n: f"滨海技术转移中心{n}")
    name_en = factory.Sequence(lambda n: f"Binhai Technology Transfer Centre {n}")
    description_zh = "为企业和高校提供技术评价、许可谈判和技术合同登记服务。"
    description_en = (
        "Technology evaluation, licence negotiation and contract registration for firms and universities."
    )
    languages = factory.LazyFunction(lambda: ["zh", "en"])
    fee_model = "success"
    fee_detail_zh = "成交额的百分之三"
    fee_detail_en = "3% of the contract value"
    is_published = True
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tracks(self, create, extracted, **kwargs):
        if create and extracted:
            self.tracks.set(extracted)

    @factory.post_generation
    def service_kinds(self, create, extracted, **kwargs):
        if create and extracted:
            for kind in extracted:
                AgencyService.objects.create(agency=self, kind=kind)


class BrokerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrokerProfile

    headline_zh = "新能源领域技术经纪人"
    headline_en = "Technology broker for new energy"
    years_of_experience = 8


def deal(*, requester, demand, technology, broker, amount="1200000", confirm=("deal", "deal"), editor=None):
    """A match request about ``demand`` offering ``technology``, brokered by ``broker``, taken to a
    registered contract; ``confirm`` is each side's confirmed outcome (None: not confirmed)."""
    mr = dealflow.request_introduction(
        requester=requester,
        technology=technology,
        demand=demand,
        message="我们的技术可以满足该需求，希望进一步沟通。",
        cooperation_mode="license",
    )
    owner = members_of(demand.organisation).first()
    mr = dealflow.accept_match_request(match_request=mr, user=owner)
    if broker is not None and mr.broker_id != broker.pk:
        dealflow.assign_broker(match_request=mr, broker=broker, assigned_by=editor)
    mr.refresh_from_db()
    dealflow.move_stage(match_request=mr, user=requester, stage="negotiating")
    dealflow.move_stage(match_request=mr, user=requester, stage="agreement")
    dealflow.record_registration(
        match_request=mr,
        user=requester,
        contract_type="license",
        amount_cny=amount,
        signed_on=timezone.localdate() - datetime.timedelta(days=3),
        registration_number=f"12011620260{mr.pk:04d}",
    )
    requester_outcome, owner_outcome = confirm
    if requester_outcome:
        dealflow.confirm_outcome(match_request=mr, user=requester, outcome=requester_outcome)
    if owner_outcome:
        dealflow.confirm_outcome(match_request=mr, user=owner, outcome=owner_outcome)
    mr.refresh_from_db()
    return mr
