"""Demo transfer network (fictional, in Chinese and English): two agencies with their brokers, and
brokered deals that give them figures a visitor can check against the deals behind them.

One enterprise demand is brokered through the whole path (asked → accepted with a broker → the
broker joins the introduction → registered contract confirmed by both sides); a second agency's
broker closes another deal and keeps one introduction in negotiation; one brokerage request waits
for an answer. Idempotent: organisations and agencies by slug, people by e-mail, requests by their
demand and agency or requester. Read only by load_demo."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from accounts.roles import Role
from accounts.services import grant_role
from dealflow import services as dealflow
from dealflow.models import MatchRequest
from demo.site_data import DEMO_PASSWORD
from listings.models import Demand, Technology
from network import services
from network.models import Agency, AgencyService, BrokerageRequest, BrokerProfile
from taxonomy.models import DevelopmentZone, Track

BROKERS = [
    # e-mail, agency slug, names, headlines, years, tracks
    ("broker@demo.binhai.test", "demo-ttc", ("陈经纪人", "Mr. Chen"),
     ("先进能源与新材料技术经纪人，擅长许可谈判", "Broker for advanced energy and new materials; licence negotiations"),
     9, ("advanced-energy", "new-materials")),
    ("broker2@demo.binhai.test", "demo-ttc", ("周经纪人", "Ms. Zhou"),
     ("生物制造技术经纪人，擅长中试与融资对接", "Broker for bio-manufacturing; pilot runs and financing"),
     6, ("bio-manufacturing",)),
    ("ipbroker@demo.binhai.test", "demo-ip-operations", ("吴经纪人", "Mr. Wu"),
     ("知识产权运营与技术合同登记", "IP operations and technology-contract registration"),
     12, ("new-materials", "advanced-energy")),
]  # fmt: skip

AGENCIES = [
    {
        "organisation": "demo-tech-transfer-centre",
        "slug": "demo-ttc",
        "name": ("示例技术转移服务中心", "Demo Technology Transfer Services Centre"),
        "description": (
            "虚构的示例技术转移机构，仅用于演示：技术经纪人团队为企业需求寻找成果、组织评价、谈判许可条件并办理技术合同登记。",
            "A fictional technology-transfer agency for demonstration only: its brokers find technologies for "
            "enterprise demands, organise evaluations, negotiate licences and register technology contracts.",
        ),
        "tracks": ("advanced-energy", "new-materials", "bio-manufacturing"),
        "zone": "binhai-hi-tech-zone",
        "languages": ["zh", "en"],
        "fee_model": "mixed",
        "fee": (
            "首期服务费两万元，成交后按合同额百分之二收取",
            "CNY 20,000 upfront, then 2% of the contract value",
        ),
        "services": ("evaluation", "matchmaking", "negotiation", "registration"),
    },
    {
        "organisation": "demo-ip-operations",
        "org_name": ("示例滨海知识产权运营中心", "Demo Binhai IP Operations Centre"),
        "slug": "demo-ip-operations",
        "name": ("示例滨海知识产权运营中心", "Demo Binhai IP Operations Centre"),
        "description": (
            "虚构的示例知识产权运营机构，仅用于演示：专利评估、许可与转让、质押融资对接和技术合同登记。",
            "A fictional IP operations agency for demonstration only: patent valuation, licensing and "
            "assignment, IP-pledge financing and technology-contract registration.",
        ),
        "tracks": ("new-materials", "advanced-energy"),
        "zone": "teda",
        "languages": ["zh", "en", "ja"],
        "fee_model": "success",
        "fee": ("成交后按合同额百分之三收取", "3% of the contract value, on success only"),
        "services": ("ip", "negotiation", "registration", "financing"),
    },
]

# (demand ref, technology ref, agency slug, contract amount or None to keep negotiating)
DEALS = [
    ("DEMO-D02", "DEMO-T01", "demo-ttc", 1_800_000),
    ("DEMO-D03", "DEMO-T17", "demo-ip-operations", 2_600_000),
    ("DEMO-D04", "DEMO-T12", "demo-ip-operations", None),
]


def _person(email, names):
    person = User.objects.filter(email=email).first()
    if person is None:
        person = User(email=email, display_name=names[0])
        person.set_password(DEMO_PASSWORD)
        person.save()
        person.emailaddress_set.create(email=email, verified=True, primary=True)
    return person


def _agencies(editor):
    agencies = {}
    for item in AGENCIES:
        organisation = Organisation.objects.filter(slug=item["organisation"]).first()
        if organisation is None:
            name_zh, name_en = item.get("org_name", item["name"])
            organisation = Organisation.objects.create(
                slug=item["organisation"],
                name=name_zh,
                name_en=name_en,
                kind=Organisation.Kind.AGENCY,
                description=item["description"][0],
                verification_status=Organisation.Verification.VERIFIED,
                verified_at=timezone.now(),
            )
        agency = Agency.objects.filter(slug=item["slug"]).first()
        if agency is None:
            agency = Agency(
                organisation=organisation,
                slug=item["slug"],
                name_zh=item["name"][0],
                name_en=item["name"][1],
                description_zh=item["description"][0],
                description_en=item["description"][1],
                zone=DevelopmentZone.objects.filter(slug=item["zone"]).first(),
                languages=item["languages"],
                fee_model=item["fee_model"],
                fee_detail_zh=item["fee"][0],
                fee_detail_en=item["fee"][1],
                is_published=True,
            )
            services.save_agency(
                agency=agency, user=editor, tracks=list(Track.objects.filter(slug__in=item["tracks"]))
            )
            for kind in item["services"]:
                AgencyService.objects.get_or_create(agency=agency, kind=kind)
        agencies[item["slug"]] = agency
    for email, slug, names, headlines, years, tracks in BROKERS:
        person = _person(email, names)
        grant_role(user=person, role=Role.BROKER)
        agency = agencies[slug]
        Membership.objects.get_or_create(user=person, organisation=agency.organisation)
        person.__dict__.pop("organisation_ids", None)
        if not BrokerProfile.objects.filter(user=person).exists():
            services.save_broker(
                profile=BrokerProfile(
                    user=person,
                    agency=agency,
                    headline_zh=headlines[0],
                    headline_en=headlines[1],
                    years_of_experience=years,
                ),
                user=editor,
                tracks=list(Track.objects.filter(slug__in=tracks)),
            )
    return agencies


def _deal(*, enterprise, researcher, agency, demand, technology, amount):
    """The enterprise asks the agency to broker its demand, the agency names its broker, the
    researcher offers the technology and the broker carries the introduction to a contract."""
    if MatchRequest.objects.filter(requester=researcher, technology=technology, demand=demand).exists():
        return 0
    profile = BrokerProfile.objects.active().filter(agency=agency).order_by("pk").first()
    manager = Membership.objects.filter(organisation=agency.organisation).exclude(user=profile.user).first()
    answering = manager.user if manager else profile.user
    if not BrokerageRequest.objects.filter(agency=agency, demand=demand).exists():
        brokerage_request = services.request_brokerage(
            requester=enterprise,
            agency=agency,
            demand=demand,
            message="希望贵机构协助寻找合适的技术方案，并代为谈判许可条件、办理技术合同登记。",
            services_wanted=["matchmaking", "negotiation", "registration"],
        )
        services.post_message(
            brokerage_request=brokerage_request,
            author=answering,
            body="收到，我们安排经纪人跟进，请先提供预算范围。",
        )
        services.post_message(
            brokerage_request=brokerage_request, author=enterprise, body="预算三百万元以内，希望年内签约。"
        )
        services.accept_brokerage_request(
            brokerage_request=brokerage_request, user=answering, broker=profile.user
        )
    mr = dealflow.request_introduction(
        requester=researcher,
        technology=technology,
        demand=demand,
        message="我们的成果可以满足贵单位的需求，已有中试数据，希望进一步交流许可方式。",
        cooperation_mode="license",
    )
    mr.refresh_from_db()
    mr = dealflow.accept_match_request(match_request=mr, user=enterprise)
    dealflow.move_stage(match_request=mr, user=profile.user, stage="negotiating")
    if amount is None:
        return 1
    dealflow.move_stage(match_request=mr, user=profile.user, stage="agreement")
    dealflow.record_registration(
        match_request=mr,
        user=profile.user,
        contract_type="license",
        amount_cny=amount,
        signed_on=timezone.localdate() - datetime.timedelta(days=20),
        registration_number=f"1201162026{mr.pk:06d}",
    )
    dealflow.confirm_outcome(match_request=mr, user=researcher, outcome="deal")
    dealflow.confirm_outcome(match_request=mr, user=enterprise, outcome="deal")
    return 1


def load(stdout=None):
    """Create the demo agencies, brokers and brokered deals. Side effects: organisations, accounts,
    memberships, agencies, brokerage requests, match requests through their whole path, audit, notices."""
    people = {u.email: u for u in User.objects.filter(email__endswith="@demo.binhai.test")}
    editor = people.get("editor@demo.binhai.test")
    enterprise, researcher = (
        people.get("enterprise@demo.binhai.test"),
        people.get("researcher@demo.binhai.test"),
    )
    if editor is None:
        if stdout is not None:
            stdout.write("network: no demo editor, skipped")
        return
    with transaction.atomic():
        agencies = _agencies(editor)
    made = 0
    for demand_ref, technology_ref, slug, amount in DEALS:
        demand = Demand.objects.filter(ref=demand_ref, status="published").first()
        technology = Technology.objects.filter(ref=technology_ref, status="published").first()
        if not (demand and technology and enterprise and researcher):
            continue
        if demand.organisation_id not in enterprise.organisation_ids:
            continue
        if technology.organisation_id not in researcher.organisation_ids:
            continue
        with transaction.atomic():
            made += _deal(
                enterprise=enterprise,
                researcher=researcher,
                agency=agencies[slug],
                demand=demand,
                technology=technology,
                amount=amount,
            )
    waiting = Demand.objects.filter(ref="DEMO-D01", status="published").first()
    if waiting and enterprise and not BrokerageRequest.objects.filter(demand=waiting).exists():
        services.request_brokerage(
            requester=enterprise,
            agency=agencies["demo-ip-operations"],
            demand=waiting,
            message="希望协助评估候选技术的专利稳定性，并提供质押融资建议。",
            services_wanted=["ip", "financing"],
        )
        made += 1
    if stdout is not None:
        stdout.write(f"network: {made} demo items created")
