"""Demo verification centres (fictional, in Chinese and English) and one technology that went
through pilot-scale verification with a public report whose TRL awaits the editors' review.

Idempotent: organisations and centres are found by slug, the slot request by technology and centre.
Read only by load_demo."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from demo.site_data import DEMO_PASSWORD
from listings.models import Technology
from platforms import services
from platforms.models import CentreRate, SlotRequest, VerificationCentre
from taxonomy.models import Track

OPERATOR_EMAIL = "platform@demo.binhai.test"

CENTRES = [
    {
        "organisation": {
            "slug": "demo-new-energy-pilot-platform",
            "name": "示例滨海新能源材料中试基地",
            "name_en": "Demo Binhai New Energy Materials Pilot Platform",
        },
        "slug": "new-energy-materials-pilot",
        "name_zh": "示例滨海新能源材料中试基地",
        "name_en": "Demo Binhai New Energy Materials Pilot Platform",
        "summary_zh": "虚构的示例中试平台，仅用于演示：为电池材料和新型材料提供公斤级到百公斤级的中试放大、"
        "电芯试制和储能场景验证。",
        "summary_en": "A fictional pilot platform for demonstration only: kilogram- to 100-kilogram-scale "
        "pilot runs, cell prototyping and energy-storage scenario validation for battery and new materials.",
        "stages": ("pilot", "scenario"),
        "tracks": ("advanced-energy", "new-materials"),
        "equipment": "百公斤级固相合成线一条；软包电芯试制线一条；高低温循环测试柜四十通道；"
        "储能集装箱实证平台一套。",
        "capacity": "每月四批次中试；电芯试制每批次二百只。",
        "lead_time_days": 21,
        "location": "天津市滨海新区",
        "rates": [
            (
                "正极材料百公斤级中试",
                "Pilot run of a cathode material (100 kg)",
                "academic",
                60000,
                "每批次",
                "per batch",
            ),
            (
                "正极材料百公斤级中试",
                "Pilot run of a cathode material (100 kg)",
                "startup",
                72000,
                "每批次",
                "per batch",
            ),
            (
                "正极材料百公斤级中试",
                "Pilot run of a cathode material (100 kg)",
                "enterprise",
                90000,
                "每批次",
                "per batch",
            ),
            (
                "低温循环测试",
                "Low-temperature cycling test",
                "academic",
                800,
                "每通道每天",
                "per channel-day",
            ),
        ],
    },
    {
        "organisation": {
            "slug": "demo-biomanufacturing-poc-centre",
            "name": "示例滨海生物制造概念验证中心",
            "name_en": "Demo Binhai Bio-manufacturing Proof-of-Concept Centre",
        },
        "slug": "biomanufacturing-poc-centre",
        "name_zh": "示例滨海生物制造概念验证中心",
        "name_en": "Demo Binhai Bio-manufacturing Proof-of-Concept Centre",
        "summary_zh": "虚构的示例验证中心，仅用于演示：菌株性能复核、五升到五百升发酵放大和产物分析。",
        "summary_en": "A fictional verification centre for demonstration only: strain performance checks, "
        "5-litre to 500-litre fermentation scale-up and product analysis.",
        "stages": ("research", "pilot"),
        "tracks": ("bio-manufacturing", "cell-gene-therapy"),
        "equipment": "五升平行发酵罐十六台；五百升中试发酵罐两台；高效液相色谱与质谱各一台。",
        "capacity": "每月十二个发酵批次。",
        "lead_time_days": 14,
        "location": "天津市滨海新区",
        "rates": [
            ("五百升发酵放大", "500-litre fermentation scale-up", "academic", 30000, "每批次", "per batch"),
            ("五百升发酵放大", "500-litre fermentation scale-up", "enterprise", 45000, "每批次", "per batch"),
        ],
    },
]

REPORT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _centres(editor):
    researcher = User.objects.filter(email="researcher@demo.binhai.test").first()
    operator = User.objects.filter(email=OPERATOR_EMAIL).first()
    if operator is None:
        operator = User(email=OPERATOR_EMAIL, display_name="孙平台")
        operator.set_password(DEMO_PASSWORD)
        operator.save()
        operator.emailaddress_set.create(email=OPERATOR_EMAIL, verified=True, primary=True)
    centres, made = [], 0
    for item in CENTRES:
        org_data = item["organisation"]
        organisation, _created = Organisation.objects.get_or_create(
            slug=org_data["slug"],
            defaults={
                "name": org_data["name"],
                "name_en": org_data["name_en"],
                "kind": Organisation.Kind.PLATFORM,
                "description": item["summary_zh"],
                "verification_status": Organisation.Verification.VERIFIED,
                "verified_at": timezone.now(),
            },
        )
        Membership.objects.get_or_create(
            user=operator, organisation=organisation, defaults={"is_admin": True}
        )
        centre = VerificationCentre.objects.filter(slug=item["slug"]).first()
        if centre is None:
            centre = VerificationCentre(
                organisation=organisation,
                slug=item["slug"],
                name_zh=item["name_zh"],
                name_en=item["name_en"],
                summary_zh=item["summary_zh"],
                summary_en=item["summary_en"],
                covers_research="research" in item["stages"],
                covers_pilot="pilot" in item["stages"],
                covers_scenario="scenario" in item["stages"],
                equipment=item["equipment"],
                capacity=item["capacity"],
                lead_time_days=item["lead_time_days"],
                location=item["location"],
                is_published=True,
            )
            services.save_centre(
                centre=centre, user=editor, tracks=list(Track.objects.filter(slug__in=item["tracks"]))
            )
            for service_zh, service_en, user_type, price, unit_zh, unit_en in item["rates"]:
                CentreRate.objects.create(
                    centre=centre,
                    service_zh=service_zh,
                    service_en=service_en,
                    user_type=user_type,
                    price_cny=price,
                    unit_zh=unit_zh,
                    unit_en=unit_en,
                )
            made += 1
        centres.append(centre)
    operator.__dict__.pop("organisation_ids", None)
    return centres, operator, researcher, made


def load(stdout=None):
    """Create the demo centres and the validated technology. Side effects: organisations, an operator
    account, centres, rates, a slot request through its whole path, a public report, audit, notices."""
    editor = User.objects.filter(email="editor@demo.binhai.test").first()
    if editor is None:
        if stdout is not None:
            stdout.write("platforms: no demo editor, skipped")
        return
    with transaction.atomic():
        centres, operator, researcher, made = _centres(editor)
    technology = Technology.objects.filter(ref="DEMO-T01", status="published").first()
    pilot = centres[0]
    if (
        technology
        and researcher
        and technology.organisation_id in researcher.organisation_ids
        and not SlotRequest.objects.filter(technology=technology, centre=pilot).exists()
    ):
        today = timezone.localdate()
        with transaction.atomic():
            slot_request = services.request_slot(
                requester=researcher,
                technology=technology,
                centre=pilot,
                stage="pilot",
                what_to_test="百公斤级放大后材料的克容量、零下二十度容量保持率和批次一致性是否保持实验室水平。",
                sample="实验室小试样品五公斤及前驱体配方、烧结工艺说明。",
                earliest_start=today + datetime.timedelta(days=7),
                latest_end=today + datetime.timedelta(days=60),
                budget_cny=80000,
            )
            services.ask_for_information(
                slot_request=slot_request,
                user=operator,
                question="请确认前驱体是否需要在惰性气氛下保存，以及烧结温度曲线是否可以共享。",
            )
            services.post_message(
                slot_request=slot_request,
                author=researcher,
                body="前驱体需氩气保存；烧结温度曲线已整理，可在签署保密协议后提供。",
            )
            services.accept_slot_request(
                slot_request=slot_request,
                user=operator,
                start_date=today + datetime.timedelta(days=10),
                price_cny=72000,
            )
            services.start_validation(slot_request=slot_request, user=operator)
            report = services.attach_report(
                slot_request=slot_request,
                user=operator,
                title="百公斤级中试验证报告",
                title_en="Pilot verification report at 100 kg scale",
                findings_en="Three 100 kg pilot batches reached 128 mAh/g, kept 91% of capacity at −20 °C and "
                "varied by under 2% between batches: the laboratory results hold at pilot scale.",
                findings="三批次百公斤级中试产品克容量一百二十八毫安时每克，零下二十度容量保持率百分之九十一，"
                "批次间差异小于百分之二，达到实验室水平。",
                outcome="passed",
                trl_supported=7,
                upload=SimpleUploadedFile("pilot-report.pdf", REPORT_PDF, content_type="application/pdf"),
            )
            services.set_report_visibility(report=report, user=researcher, public=True)
        made += 1
    if stdout is not None:
        stdout.write(f"platforms: {made} demo items created")
