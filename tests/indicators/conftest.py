"""A small programme's worth of data across listings, deal flow, roadshows, products and scenarios."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.models import AuditEntry
from dealflow.models import MatchRequest
from indicators.models import MaintainedCount, ProgrammeTarget
from platforms.models import SlotRequest, ValidationReport
from procurement.models import ApplicationScenario
from roadshow.models import Registration, RoadshowSession
from tests.factories.accounts import UserFactory
from tests.factories.listings import DemandFactory, TechnologyFactory
from tests.factories.platforms import VerificationCentreFactory, pdf
from tests.factories.procurement import InnovationProductFactory

TODAY = timezone.localdate()


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


@pytest.fixture
def programme(tracks, university, enterprise_org, researcher, enterprise_user):
    energy, materials, it = tracks[6], tracks[7], tracks[3]
    techs = [
        TechnologyFactory(track=energy, organisation=university, published=True),
        TechnologyFactory(track=energy, organisation=university, published=True),
        TechnologyFactory(track=materials, organisation=university, published=True),
    ]
    TechnologyFactory(track=materials, organisation=university)  # a draft: not counted
    demands = [
        DemandFactory(track=energy, organisation=enterprise_org, published=True),
        DemandFactory(track=it, organisation=enterprise_org, published=True),
    ]

    def request(**kwargs):
        defaults = {
            "requester": enterprise_user,
            "requester_organisation": enterprise_org,
            "owner_organisation": university,
            "message": "希望进一步了解",
            "cooperation_mode": "license",
            "response_deadline": timezone.now() + datetime.timedelta(days=7),
        }
        return MatchRequest.objects.create(**{**defaults, **kwargs})

    agreed = request(
        technology=techs[0], demand=demands[0], status="accepted", stage="agreement", responded_at=days_ago(3)
    )
    AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(MatchRequest),
        object_id=agreed.pk,
        action="stage",
        from_state="negotiating",
        to_state="agreement",
    )
    request(technology=techs[1])  # pending
    request(
        technology=techs[2],
        demand=demands[1],
        status="accepted",
        stage="closed_deal",
        responded_at=days_ago(20),
        registration_number="2026120116000123",
        contract_amount_cny=Decimal("1500000.00"),
        contract_signed_on=TODAY,
        closed_at=timezone.now(),
    )
    request(
        technology=techs[1],
        status="accepted",
        stage="closed_deal",
        responded_at=days_ago(10),
        closed_at=timezone.now(),
    )
    request(technology=techs[2], status="declined", responded_at=days_ago(1))

    held = RoadshowSession.objects.create(
        title="先进能源路演",
        track=energy,
        starts_at=days_ago(2),
        ends_at=days_ago(2) + datetime.timedelta(hours=2),
    )
    RoadshowSession.objects.create(
        title="取消的路演",
        track=energy,
        status="cancelled",
        starts_at=days_ago(5),
        ends_at=days_ago(5) + datetime.timedelta(hours=2),
    )
    RoadshowSession.objects.create(
        title="下周路演", track=it, starts_at=days_ago(-7), ends_at=days_ago(-7) + datetime.timedelta(hours=2)
    )
    for attended in (True, True, False):
        Registration.objects.create(session=held, user=UserFactory(), status="confirmed", attended=attended)

    InnovationProductFactory(track=energy, status="recommended", recommended_at=days_ago(4))
    InnovationProductFactory(
        track=materials,
        status="accepted",
        recommended_at=days_ago(30),
        decided_at=days_ago(1),
        catalogue_entry_number="TJ-9",
    )
    InnovationProductFactory(track=energy, status="under_evaluation")

    port = ApplicationScenario.objects.create(
        title="港口氢能重卡",
        slug="port-hydrogen",
        site="天津港",
        need="",
        solution="",
        results="",
        is_published=True,
    )
    port.tracks.set([energy])
    port.save()
    grid = ApplicationScenario.objects.create(
        title="信创政务云",
        slug="gov-cloud",
        site="滨海新区政务服务中心",
        need="",
        solution="",
        results="",
        is_published=True,
    )
    grid.tracks.set([it])
    grid.save()
    ApplicationScenario.objects.create(
        title="未发布", slug="unpublished", site="某地", need="", solution="", results=""
    )

    ProgrammeTarget.objects.create(indicator="clusters", value=10)
    ProgrammeTarget.objects.create(indicator="typical_scenarios", value=50)
    ProgrammeTarget.objects.create(indicator="platforms", value=100)
    ProgrammeTarget.objects.create(indicator="clusters", track=energy, value=2)
    MaintainedCount.objects.create(
        indicator="clusters", track=energy, value=1, as_of=TODAY - datetime.timedelta(days=400)
    )
    MaintainedCount.objects.create(indicator="clusters", track=energy, value=2, as_of=TODAY)
    MaintainedCount.objects.create(indicator="clusters", track=materials, value=1, as_of=TODAY)
    MaintainedCount.objects.create(indicator="platforms", value=37, as_of=TODAY)

    pilot = VerificationCentreFactory(tracks=[energy, materials])
    VerificationCentreFactory(tracks=[it], is_published=False, published_at=None)
    slot = SlotRequest.objects.create(
        centre=pilot,
        technology=techs[0],
        requester=researcher,
        owner_organisation=university,
        stage="pilot",
        what_to_test="百公斤级放大后的低温容量保持率",
        sample="五公斤",
        earliest_start=TODAY,
        latest_end=TODAY,
        budget_cny=Decimal("80000"),
        trl_at_request=6,
        status="reported",
        response_deadline=timezone.now(),
    )
    ValidationReport.objects.create(
        slot_request=slot,
        title="中试报告",
        findings="达到实验室水平",
        outcome="passed",
        file=pdf(),
        created_by=researcher,
    )
    return {"energy": energy, "materials": materials, "it": it}
