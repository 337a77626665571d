"""Demo funding (fictional, in Chinese and English): a fund manager with a proof-of-concept and a
pilot programme, a bank's IP-pledge loan and an insurer's technology insurance, and the validated
demo technology funded at the pilot stage, its second tranche released on the public validation report.

Idempotent: organisations, programmes and products are found by slug, the application by
technology and programme. Read only by load_demo."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from demo.site_data import DEMO_PASSWORD
from funding import services
from funding.models import Application, FinancialProduct, ProductRequest, Programme
from listings.models import Technology
from taxonomy.models import Track

FUND_EMAIL = "fund@demo.binhai.test"
BANK_EMAIL = "bank@demo.binhai.test"

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

ORGANISATIONS = {
    "demo-binhai-transfer-fund": (
        "示例滨海科技成果转化基金管理有限公司",
        "Demo Binhai Technology Transfer Fund Managers",
        "fund",
    ),
    "demo-binhai-tech-bank": ("示例滨海科技银行", "Demo Binhai Technology Bank", "bank"),
    "demo-binhai-tech-insurance": ("示例滨海科技保险", "Demo Binhai Technology Insurance", "insurer"),
}

PROGRAMMES = [
    {
        "slug": "demo-proof-of-concept-fund",
        "title_zh": "滨海概念验证基金（示例）",
        "title_en": "Binhai Proof-of-Concept Fund (demo)",
        "summary_zh": "虚构的示例计划，仅用于演示：支持高校院所成果完成原理样机和概念验证，每项二十万至五十万元，滚动受理。",
        "summary_en": "A fictional programme for demonstration only: 200,000 to 500,000 yuan for universities and "
        "institutes to build a first prototype and prove the concept. Rolling intake.",
        "stage": "poc",
        "tracks": ("bio-manufacturing", "cell-gene-therapy", "new-materials", "advanced-energy"),
        "ticket": (200000, 500000),
        "min_trl": 2,
        "applicant_kinds": ["university"],
        "deadline_days": None,
        "documents": ("概念验证方案", "Proof-of-concept plan"),
        "steps": ["screening", "committee"],
    },
    {
        "slug": "demo-new-energy-pilot-fund",
        "title_zh": "滨海新能源中试基金（示例）",
        "title_en": "Binhai New Energy Pilot Fund (demo)",
        "summary_zh": "虚构的示例计划，仅用于演示：支持电池材料和储能技术完成百公斤级中试放大、电芯试制和场景验证，"
        "分期拨付，第二期在验证报告公开后拨付。",
        "summary_en": "A fictional programme for demonstration only: backs battery-material and energy-storage "
        "technologies through 100-kilogram pilot runs, cell prototyping and scenario validation; paid in "
        "tranches, the second once a validation report is public.",
        "stage": "pilot",
        "tracks": ("advanced-energy", "new-materials"),
        "ticket": (500000, 3000000),
        "min_trl": 5,
        "ip_statuses": ["granted", "pending"],
        "deadline_days": 90,
        "documents": ("商业计划书\n知识产权证明", "Business plan\nProof of IP"),
        "steps": [],
    },
]

PRODUCTS = [
    {
        "organisation": "demo-binhai-tech-bank",
        "slug": "demo-ip-pledge-loan",
        "kind": "ip_pledge_loan",
        "title_zh": "科创知识产权质押贷款（示例）",
        "title_en": "Innovation IP-pledge loan (demo)",
        "summary_zh": "虚构的示例产品：以授权发明专利质押，额度五十万至一千万元，期限最长三年。",
        "summary_en": "A fictional product: pledge granted invention patents for 500,000 to 10 million yuan, up to three years.",
        "amounts": (500000, 10000000),
        "term_months": 36,
        "rate_note": "年利率 3.45% 起 / from 3.45% a year",
        "min_trl": 5,
        "ip_statuses": ["granted"],
    },
    {
        "organisation": "demo-binhai-tech-insurance",
        "slug": "demo-pilot-insurance",
        "kind": "insurance",
        "title_zh": "中试综合保险（示例）",
        "title_en": "Pilot-scale test insurance (demo)",
        "summary_zh": "虚构的示例产品：承保中试放大过程中的设备损失和试验失败费用。",
        "summary_en": "A fictional product: covers equipment loss and the cost of failed runs during pilot-scale tests.",
        "amounts": (100000, 5000000),
        "term_months": 12,
        "rate_note": "保费约为保额的 1.2% / premium about 1.2% of the sum insured",
        "min_trl": 4,
        "ip_statuses": [],
    },
]


def _person(email, name, organisations):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, display_name=name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.emailaddress_set.create(email=email, verified=True, primary=True)
    for organisation in organisations:
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"is_admin": True})
    user.__dict__.pop("organisation_ids", None)
    return user


def _organisations():
    made = {}
    for slug, (name, name_en, kind) in ORGANISATIONS.items():
        made[slug], _created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": kind,
                "description": name,
                "verification_status": Organisation.Verification.VERIFIED,
                "verified_at": timezone.now(),
            },
        )
    return made


def _programmes(fund, manager):
    programmes = []
    for item in PROGRAMMES:
        programme = Programme.objects.filter(slug=item["slug"]).first()
        if programme is None:
            low, high = item["ticket"]
            days = item["deadline_days"]
            programme = Programme(
                organisation=fund, slug=item["slug"], title_zh=item["title_zh"], title_en=item["title_en"],
                summary_zh=item["summary_zh"], summary_en=item["summary_en"], stage=item["stage"],
                ticket_min_cny=low, ticket_max_cny=high, min_trl=item["min_trl"],
                ip_statuses=item.get("ip_statuses", []), applicant_kinds=item.get("applicant_kinds", []),
                deadline=timezone.now() + datetime.timedelta(days=days) if days else None,
                documents_zh=item["documents"][0], documents_en=item["documents"][1],
                review_steps=item["steps"], is_published=True,
            )  # fmt: skip
            services.save_programme(
                programme=programme, user=manager, tracks=list(Track.objects.filter(slug__in=item["tracks"]))
            )
        programmes.append(programme)
    return programmes


def _products(organisations, editor):
    for item in PRODUCTS:
        if FinancialProduct.objects.filter(slug=item["slug"]).exists():
            continue
        low, high = item["amounts"]
        product = FinancialProduct(
            organisation=organisations[item["organisation"]], slug=item["slug"], kind=item["kind"],
            title_zh=item["title_zh"], title_en=item["title_en"], summary_zh=item["summary_zh"],
            summary_en=item["summary_en"], amount_min_cny=low, amount_max_cny=high, term_months=item["term_months"],
            rate_note=item["rate_note"], min_trl=item["min_trl"], ip_statuses=item["ip_statuses"], is_published=True,
        )  # fmt: skip
        services.save_product(product=product, user=editor, tracks=[])


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _fund_the_validated_technology(programme, manager, researcher, technology):
    """DEMO-T01 applies with its pilot report, goes through every review step and is funded; the
    second tranche is released on the public validation report."""
    application = services.apply(
        applicant=researcher, programme=programme, technology=technology, amount_cny=1500000,
        plan="完成百公斤级中试放大后的电芯试制（二百只软包电芯）和储能集装箱场景验证，形成中试工艺包。",
        milestones="第三个月：中试验证报告公开；第九个月：与储能企业签订技术许可合同并登记。",
        team="李研究员（材料设计）、张工程师（中试工艺）、示例储能公司技术顾问一名。",
        evidence=list(services.owner_reports(technology)),
        documents={0: _pdf("business-plan.pdf"), 1: _pdf("patents.pdf")},
    )  # fmt: skip
    # The application is dated before the report, as it was in the story the demo tells.
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=45)
    )
    application.refresh_from_db()
    criteria = list(programme.criteria.all())

    def score(points, comment):
        services.score_application(
            application=application, reviewer=manager, scores={c.pk: p for c, p in zip(criteria, points, strict=True)},
            comment=comment, recommendation="advance",
        )  # fmt: skip

    score((26, 20, 20, 16), "技术指标扎实，有公开的中试验证报告，建议进入尽调。")
    services.advance_application(application=application, user=manager)
    services.ask_for_information(
        application=application, user=manager, question="请说明第二项发明专利的审查进度和许可安排。"
    )
    services.answer_information(
        application=application,
        user=researcher,
        answer="第二项专利已进入实质审查，学校同意以独占许可方式转化。",
    )
    score((27, 21, 21, 17), "尽调确认专利权属清晰、团队具备中试经验。")
    services.advance_application(application=application, user=manager)
    score((27, 22, 21, 18), "委员会同意资助。")
    services.decide_application(
        application=application, user=manager, fund=True,
        note="投资决策委员会同意资助一百五十万元，分两期拨付：第一期签约后拨付，第二期在中试验证报告公开后拨付。",
        amount_awarded=1500000, tranches=[(500000, "on_award"), (1000000, "validation")],
    )  # fmt: skip
    second = application.tranches.get(milestone="validation")
    if services.milestone_evidence(tranche=second):
        services.release_tranche(tranche=second, user=manager)
    return application


def load(stdout=None):
    """Create the demo funding. Side effects: organisations, two accounts, programmes, products, an
    application through its whole review to funding, a product request with a message, audit, notices."""
    editor = User.objects.filter(email="editor@demo.binhai.test").first()
    researcher = User.objects.filter(email="researcher@demo.binhai.test").first()
    if editor is None:
        if stdout is not None:
            stdout.write("funding: no demo editor, skipped")
        return
    made = 0
    with transaction.atomic():
        organisations = _organisations()
        manager = _person(FUND_EMAIL, "钱基金", [organisations["demo-binhai-transfer-fund"]])
        _person(
            BANK_EMAIL,
            "孙银行",
            [organisations["demo-binhai-tech-bank"], organisations["demo-binhai-tech-insurance"]],
        )
        programmes = _programmes(organisations["demo-binhai-transfer-fund"], manager)
        _products(organisations, editor)
    technology = Technology.objects.filter(ref="DEMO-T01", status="published").first()
    pilot = programmes[1]
    if (
        technology
        and researcher
        and technology.organisation_id in researcher.organisation_ids
        and not Application.objects.filter(technology=technology, programme=pilot).exists()
    ):
        with transaction.atomic():
            _fund_the_validated_technology(pilot, manager, researcher, technology)
            loan = FinancialProduct.objects.get(slug="demo-ip-pledge-loan")
            product_request = services.request_product(
                requester=researcher, product=loan, technology=technology, amount_cny=3000000,
                purpose="以两项发明专利质押，补充中试线建设的流动资金。",
            )  # fmt: skip
            services.post_product_message(
                product_request=product_request, author=researcher, body="专利评估报告已完成，可随时提供。"
            )
        made += 1
    if stdout is not None:
        stdout.write(f"funding: {made} demo stories created; {Programme.objects.count()} programmes, "
                     f"{ProductRequest.objects.count()} product requests")  # fmt: skip
