"""Demo innovation products in a recommendation batch, an expert panel, scenarios and a showcase.

Idempotent: everything is looked up by a stable key (code, slug, name) before it is created.
The enterprise and the people are the demo ones from demo/site_data.py (示例 / Demo).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organisation, User
from procurement.models import (
    ApplicationScenario,
    CriterionScore,
    Evaluation,
    ExpertPanel,
    InnovationProduct,
    PanelCriterion,
    PanelMembership,
    ProcurementCategory,
    ProductCertification,
    ProductStatusChange,
    RecommendationBatch,
    ScenarioAward,
    ScenarioSelection,
)
from procurement.services import weighted_score
from taxonomy.models import Track

DEMO_NOTE = "示例数据 / demo data"
DEMO_NOTE_EN = "Demo data"

CATEGORIES = [
    ("A0206", "电气设备", "Electrical equipment"),
    ("A0201", "信息化设备", "Information technology equipment"),
    ("A0232", "新材料制品", "New-material products"),
]

PRODUCTS = [
    {
        "name": "钠离子电池储能柜 NaESS-215",
        "name_en": "NaESS-215 sodium-ion battery energy-storage cabinet",
        "summary": "215 kWh 钠离子电池储能柜，零下二十度容量保持率 90% 以上，适用于北方工商业储能。",
        "track": "advanced-energy",
        "category": "A0206",
        "summary_en": "A 215 kWh sodium-ion storage cabinet that keeps over 90% of its capacity at −20 °C, for commercial storage in northern China.",
        "specifications": "额定容量 215 kWh；额定功率 100 kW；工作温度 -30~55 ℃；循环寿命 ≥6000 次；IP55",
        "specifications_en": "Rated capacity 215 kWh; rated power 100 kW; operating temperature −30 to 55 °C; cycle life ≥ 6,000; IP55",
        "price": "380000",
        "unit": "台",
        "unit_en": "unit",
        "proven": "滨海高新区某数据中心备用电源（2025 年起运行）；临港经济区工商业储能电站",
        "proven_en": "Back-up power for a data centre in the Binhai Hi-tech Zone (in service since 2025); a commercial storage plant in the Lingang Economic Zone",
        "certs": [
            (
                "first_set",
                "天津市首台（套）重大技术装备认定",
                "天津市工业和信息化局（示例）",
                "Tianjin first-of-its-kind major equipment recognition",
                "Tianjin Bureau of Industry and Information Technology (demo)",
            ),
            (
                "test_report",
                "GB/T 36276 储能电池检测报告",
                "国家化学电源产品质量检验检测中心（示例）",
                "GB/T 36276 storage battery test report",
                "National Chemical Power Source Quality Testing Centre (demo)",
            ),
        ],
        "status": "accepted",
        "entry": "TJCX-2026-0001",
        "scores": [(9, 8, 8, 9), (8, 8, 9, 9)],
    },
    {
        "name": "低温型储能变流器 PCS-100L",
        "name_en": "PCS-100L low-temperature energy-storage converter",
        "summary": "针对寒区工况优化的 100 kW 双向储能变流器，关键器件国产化。",
        "summary_en": "A 100 kW bidirectional storage converter tuned for cold climates, with domestic key components.",
        "track": "advanced-energy",
        "category": "A0206",
        "specifications": "额定功率 100 kW；效率 ≥98.5%；-40 ℃ 冷启动；主控芯片国产化",
        "specifications_en": "Rated power 100 kW; efficiency ≥ 98.5%; cold start at −40 °C; domestic main control chip",
        "price": "96000",
        "unit": "台",
        "unit_en": "unit",
        "proven": "中新天津生态城光储充一体化示范站",
        "proven_en": "Solar, storage and charging demonstration station in the Sino-Singapore Tianjin Eco-city",
        "certs": [
            (
                "test_report",
                "储能变流器型式试验报告",
                "中国电力科学研究院（示例）",
                "Storage converter type-test report",
                "China Electric Power Research Institute (demo)",
            )
        ],
        "status": "recommended",
        "entry": "",
        "scores": [(8, 7, 8, 9), (7, 8, 7, 8)],
    },
    {
        "name": "高安全固态电解质隔膜",
        "name_en": "High-safety solid-electrolyte separator",
        "summary": "氧化物陶瓷复合隔膜，提升锂电池热失控温度。",
        "summary_en": "An oxide-ceramic composite separator that raises the thermal-runaway temperature of lithium batteries.",
        "track": "new-materials",
        "category": "A0232",
        "specifications": "厚度 12 μm；热收缩 <1%（200 ℃，1 h）；离子电导率 ≥1 mS/cm",
        "specifications_en": "Thickness 12 μm; thermal shrinkage < 1% (200 °C, 1 h); ionic conductivity ≥ 1 mS/cm",
        "price": "18",
        "unit": "平方米",
        "unit_en": "m²",
        "proven": "示范电池包装车测试中",
        "proven_en": "In vehicle tests in a demonstration battery pack",
        "certs": [
            (
                "first_batch",
                "重点新材料首批次应用保险补偿项目（示例）",
                "天津市工业和信息化局（示例）",
                "First-batch application insurance for key new materials (demo)",
                "Tianjin Bureau of Industry and Information Technology (demo)",
            )
        ],
        "status": "under_evaluation",
        "entry": "",
        "scores": [(8, 6, 7, 8)],
    },
]

SCENARIOS = [
    {
        "slug": "tianjin-port-hydrogen-trucks",
        "title": "天津港北疆港区氢燃料电池集卡示范",
        "title_en": "Hydrogen fuel-cell container trucks at Tianjin Port",
        "site": "天津港北疆港区（示例）",
        "tracks": ["advanced-energy"],
        "need": "<p>港区集装箱水平运输以柴油集卡为主，碳排放和噪声大，需要可靠的零排放重载运输方案。</p>",
        "solution": "<p>氢燃料电池重卡配套加氢站，结合港区调度系统进行智能排班。</p>",
        "results": "<p>示例：单车日均作业 20 小时，较柴油集卡减排二氧化碳约 80 吨/年。</p>",
        "summary_en": "Fuel-cell trucks with an on-site hydrogen station replace diesel trucks for container haulage.",
        "products": [],
    },
    {
        "slug": "data-centre-sodium-ion-storage",
        "title": "数据中心钠离子电池储能备电",
        "title_en": "Sodium-ion battery back-up storage for a data centre",
        "site": "滨海高新区某数据中心（示例）",
        "tracks": ["advanced-energy", "independent-it"],
        "need": "<p>数据中心备用电源需要在低温环境下保持容量，并降低锂资源依赖。</p>",
        "solution": "<p>采用钠离子电池储能柜 NaESS-215 与低温型储能变流器。</p>",
        "results": "<p>示例：冬季放电容量保持率 92%，峰谷套利年收益约 60 万元。</p>",
        "summary_en": "Sodium-ion storage cabinets keep a data centre's back-up capacity through the winter.",
        "products": ["钠离子电池储能柜 NaESS-215", "低温型储能变流器 PCS-100L"],
    },
    {
        "slug": "gov-cloud-independent-it",
        "title": "滨海新区政务云信创改造",
        "title_en": "Independent-IT migration of the Binhai government cloud",
        "site": "滨海新区政务服务中心（示例）",
        "tracks": ["independent-it"],
        "need": "<p>政务云需要在保障业务连续性的前提下完成基础软硬件国产化替代。</p>",
        "solution": "<p>国产服务器、操作系统和数据库组合，分批迁移业务系统。</p>",
        "results": "<p>示例：120 个业务系统完成迁移，平均响应时间缩短 15%。</p>",
        "summary_en": "Government-cloud workloads moved onto domestic servers, operating systems and databases.",
        "products": [],
    },
]


def load(stdout=None):
    enterprise = Organisation.objects.filter(slug="demo-energy-storage-co").first()
    if enterprise is None:
        if stdout:
            stdout.write("  procurement: the demo enterprise is missing; run the home demo first")
        return
    tracks = {t.slug: t for t in Track.objects.all()}
    editor = User.objects.filter(email="editor@demo.binhai.test").first()
    experts = list(
        User.objects.filter(email__in=["researcher@demo.binhai.test", "investor@demo.binhai.test"])
    )
    categories = {}
    for code, zh, en in CATEGORIES:
        categories[code], _created = ProcurementCategory.objects.get_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en}
        )

    panel, created = ExpertPanel.objects.get_or_create(
        name="2026年第一批创新产品评审专家组", defaults={"description": DEMO_NOTE}
    )
    if created:
        for order, (key, weight) in enumerate(
            (("innovation", 30), ("maturity", 25), ("market", 25), ("independent_control", 20))
        ):
            PanelCriterion.objects.create(panel=panel, key=key, weight=weight, sort_order=order)
        for order, expert in enumerate(experts):
            PanelMembership.objects.create(panel=panel, expert=expert, sort_order=order)
    criteria = list(panel.criteria.order_by("sort_order"))

    batch, _created = RecommendationBatch.objects.get_or_create(
        code="2026-1",
        defaults={
            "title": "2026年第一批滨海新区创新产品推荐目录",
            "title_en": "Binhai innovation products recommended for procurement, 2026 batch 1",
            "recommended_on": datetime.date(2026, 6, 30),
            "note": DEMO_NOTE,
            "note_en": DEMO_NOTE_EN,
        },
    )
    now = timezone.now()
    products = {}
    for item in PRODUCTS:
        product = InnovationProduct.objects.filter(organisation=enterprise, name=item["name"]).first()
        if product is None:
            recommended = item["status"] in ("recommended", "accepted")
            product = InnovationProduct.objects.create(
                organisation=enterprise,
                name=item["name"],
                name_en=item["name_en"],
                summary=item["summary"],
                summary_en=item["summary_en"],
                track=tracks[item["track"]],
                category=categories[item["category"]],
                specifications=item["specifications"],
                specifications_en=item["specifications_en"],
                price_cny=Decimal(item["price"]),
                price_unit=item["unit"],
                price_unit_en=item["unit_en"],
                proven_scenarios=item["proven"],
                proven_scenarios_en=item["proven_en"],
                qualifications="高新技术企业；ISO 9001 质量管理体系认证（示例）",
                qualifications_en="High-tech enterprise; ISO 9001 quality management certification (demo)",
                status=item["status"],
                batch=batch if recommended else None,
                catalogue_entry_number=item["entry"],
                submitted_at=now - datetime.timedelta(days=90),
                recommended_at=now - datetime.timedelta(days=40) if recommended else None,
                decided_at=now - datetime.timedelta(days=10) if item["status"] == "accepted" else None,
            )
            for kind, title, issuer, title_en, issuer_en in item["certs"]:
                ProductCertification.objects.create(
                    product=product,
                    kind=kind,
                    title=title,
                    issuer=issuer,
                    title_en=title_en,
                    issuer_en=issuer_en,
                )
            steps = ["draft", "submitted", "under_evaluation"]
            steps += ["recommended"] if recommended else []
            steps += ["accepted"] if item["status"] == "accepted" else []
            previous = ""
            for step in steps:
                ProductStatusChange.objects.create(
                    product=product, from_status=previous, to_status=step, changed_by=editor
                )
                previous = step
            for expert, points in zip(experts, item["scores"], strict=False):
                evaluation = Evaluation.objects.create(
                    panel=panel,
                    product=product,
                    expert=expert,
                    status=Evaluation.Status.SUBMITTED,
                    declared_at=now,
                    submitted_at=now,
                    comment="技术路线清晰，示范应用数据充分。（示例）",
                )
                given = dict(zip(criteria, points, strict=True))
                for criterion, score in given.items():
                    CriterionScore.objects.create(evaluation=evaluation, criterion=criterion, score=score)
                evaluation.weighted_score = weighted_score(given)
                evaluation.save(update_fields=["weighted_score"])
        products[item["name"]] = product

    scenarios = []
    for item in SCENARIOS:
        scenario = ApplicationScenario.objects.filter(slug=item["slug"]).first()
        if scenario is None:
            scenario = ApplicationScenario(
                slug=item["slug"],
                title=item["title"],
                title_en=item["title_en"],
                site=item["site"],
                need=item["need"],
                solution=item["solution"],
                results=item["results"],
                summary_en=item["summary_en"],
                year=2026,
                is_published=True,
            )
            scenario.tracks.set([tracks[slug] for slug in item["tracks"]])
            scenario.products.set([products[name] for name in item["products"]])
            scenario.save()
        scenarios.append(scenario)

    selection, created = ScenarioSelection.objects.get_or_create(
        year=2026,
        defaults={
            "title": "2026年度滨海新区优秀应用场景案例",
            "title_en": "Binhai outstanding application cases 2026",
            "introduction": "从已发布的典型应用场景中遴选出的优秀案例。（示例）",
            "announced_on": datetime.date(2026, 11, 1),
            "is_published": True,
        },
    )
    if created:
        ScenarioAward.objects.create(
            selection=selection,
            scenario=scenarios[1],
            citation="钠离子储能在寒区数据中心的首个规模化应用。（示例）",
        )
        ScenarioAward.objects.create(
            selection=selection,
            scenario=scenarios[0],
            level="exemplary",
            citation="港口重载运输零排放示范。（示例）",
        )
    if stdout:
        stdout.write(
            f"  procurement: {len(products)} products in batch {batch.code}, {len(scenarios)} scenarios"
        )
