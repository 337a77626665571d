"""A product from submission through expert scoring to a batch, the feed, the export and the catalogue."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dealflow.models import MatchRequest
from notifications.models import Notification
from procurement import services
from procurement.exports import BATCH_COLUMNS
from procurement.models import Evaluation, FeedConsumer, InnovationProduct, ProductStatusChange
from tests.factories.listings import TechnologyFactory
from tests.factories.procurement import InnovationProductFactory, RecommendationBatchFactory

pytestmark = pytest.mark.django_db

EXPECTED_HEADER = [
    "序号 No.",
    "产品编号 Product ref",
    "产品名称 Product name",
    "申报企业 Enterprise",
    "统一社会信用代码 Credit code",
    "赛道 Track",
    "采购品目编码 Category code",
    "采购品目 Category",
    "规格型号 Specifications",
    "单价(元) Unit price (CNY)",
    "计价单位 Price unit",
    "首台套/首批次/首版次 Recognitions",
    "检测报告 Test reports",
    "专家评分 Mean expert score",
    "评审专家数 Experts",
    "推荐批次 Batch",
    "推荐日期 Recommended on",
    "状态 Status",
    "目录编号 Catalogue entry number",
]


def submit_through_the_site(client, enterprise_user, enterprise_org, tracks, category):
    client.force_login(enterprise_user)
    response = client.post(
        reverse("procurement:product_create"),
        {
            "organisation": enterprise_org.pk,
            "name": "国产化高可靠服务器",
            "name_en": "Domestic high-reliability server",
            "summary": "基于国产处理器的双路服务器，满足政务云需求。",
            "description": "<p>整机国产化率 95%<script>alert(1)</script></p>",
            "track": tracks[3].pk,
            "category": category.pk,
            "specifications": "2U 双路，内存 1 TB",
            "price_cny": "86000",
            "price_unit": "台",
            "proven_scenarios": "滨海新区政务云",
            "qualifications": "高新技术企业",
            "submit": "1",
        },
    )
    product = InnovationProduct.objects.get()
    assert response.status_code == 302
    assert response["Location"] == product.get_absolute_url()
    return product


def score(evaluation, points, comment="技术先进，建议推荐。"):
    expert = evaluation.expert
    services.declare_interests(evaluation=evaluation, expert=expert, has_conflict=False)
    criteria = list(evaluation.panel.criteria.order_by("sort_order"))
    services.submit_scores(
        evaluation=evaluation,
        expert=expert,
        scores={c.pk: p for c, p in zip(criteria, points, strict=True)},
        comment=comment,
    )


@pytest.mark.smoke
def test_product_goes_from_submission_to_catalogue_entry(
    client, enterprise_user, enterprise_org, tracks, category, editor, panel, experts
):
    enterprise_org.unified_credit_code = "91120116MA05ABCDE1"
    enterprise_org.save()
    product = submit_through_the_site(client, enterprise_user, enterprise_org, tracks, category)
    assert product.ref == f"P{product.pk:06d}"
    assert product.status == InnovationProduct.Status.SUBMITTED
    # Kept as written (Markdown); on the page it is text, nothing in it runs.
    assert product.description == "<p>整机国产化率 95%<script>alert(1)</script></p>"
    assert "<script>alert(1)" not in client.get(product.get_absolute_url()).content.decode()
    services.add_certification(
        product=product,
        user=enterprise_user,
        kind="first_set",
        title="天津市首台套重大技术装备",
        issuer="天津市工信局",
    )
    services.add_certification(
        product=product,
        user=enterprise_user,
        kind="test_report",
        title="可靠性检测报告",
        issuer="国家计算机质检中心",
    )

    created, excluded = services.assign_to_panel(product=product, panel=panel, editor=editor)
    assert [e.expert for e in created] == experts and excluded == []
    product.refresh_from_db()
    assert product.status == InnovationProduct.Status.UNDER_EVALUATION

    evaluations = list(product.evaluations.order_by("pk"))
    score(evaluations[0], [9, 8, 8, 10])  # (270 + 200 + 200 + 200) / 10 = 87.00
    score(evaluations[1], [7, 7, 6, 8])  # (210 + 175 + 150 + 160) / 10 = 69.50
    assert [e.weighted_score for e in Evaluation.objects.order_by("pk")][:2] == [
        Decimal("87.00"),
        Decimal("69.50"),
    ]

    batch = RecommendationBatchFactory(code="2026-1", title="2026年第一批创新产品推荐目录")
    # The third expert has not scored: recommending now needs a recorded reason.
    services.recommend_product(
        product=product, batch=batch, editor=editor, override_reason="第三位专家出差，评审组同意先行推荐。"
    )
    product.refresh_from_db()
    assert product.status == InnovationProduct.Status.RECOMMENDED and product.batch == batch
    assert product.recommendation_override == "第三位专家出差，评审组同意先行推荐。"

    consumer = FeedConsumer(name="市财政局政府采购系统")
    consumer.save()
    api = client.__class__()
    response = api.get(
        "/api/v1/procurement/recommendations/?batch=2026-1", HTTP_AUTHORIZATION=f"Api-Key {consumer.new_key}"
    )
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["ref"] == product.ref
    assert item["name"] == "国产化高可靠服务器"
    assert item["enterprise"] == "滨海测试科技有限公司"
    assert item["enterprise_credit_code"] == "91120116MA05ABCDE1"
    assert item["track"] == "independent-it"
    assert item["category_code"] == "A02010104"
    assert item["batch"] == "2026-1" and item["batch_date"] == "2026-11-20"
    assert item["status"] == "recommended" and item["catalogue_entry_number"] == ""
    assert [c["kind"] for c in item["certifications"]] == ["first_set", "test_report"]

    export = api.get(
        "/api/v1/procurement/batches/2026-1/export.xlsx", HTTP_AUTHORIZATION=f"Api-Key {consumer.new_key}"
    )
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPECTED_HEADER == list(BATCH_COLUMNS)
    assert rows[1][:8] == (
        1,
        product.ref,
        "国产化高可靠服务器",
        "滨海测试科技有限公司",
        "91120116MA05ABCDE1",
        "independent-it",
        "A02010104",
        "台式计算机",
    )
    assert rows[1][9:18] == (
        86000,
        "台",
        "天津市首台套重大技术装备",
        "可靠性检测报告",
        78.25,
        2,
        "2026-1",
        rows[1][16],
        "recommended",
    )
    assert rows[1][16].date().isoformat() == "2026-11-20"

    services.record_catalogue_decision(
        product=product, editor=editor, accepted=True, entry_number="TJCG-2026-0042"
    )
    product.refresh_from_db()
    assert product.status == InnovationProduct.Status.ACCEPTED
    assert list(ProductStatusChange.objects.filter(product=product).values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
        "under_evaluation",
        "recommended",
        "accepted",
    ]

    client.force_login(enterprise_user)
    page = client.get(reverse("procurement:my_products")).content.decode()
    assert "TJCG-2026-0042" in page and "已纳入采购目录" in page
    detail = client.get(product.get_absolute_url()).content.decode()
    assert "TJCG-2026-0042" in detail


def test_feed_refuses_missing_wrong_and_revoked_keys(client, db):
    consumer = FeedConsumer(name="采购系统")
    consumer.save()
    url = "/api/v1/procurement/recommendations/"
    assert client.get(url).status_code in (401, 403)
    assert client.get(url, HTTP_AUTHORIZATION="Api-Key wrong").status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION=f"Api-Key {consumer.new_key}").status_code == 200
    consumer.is_active = False
    consumer.save()
    assert client.get(url, HTTP_AUTHORIZATION=f"Api-Key {consumer.new_key}").status_code == 401
    assert FeedConsumer.objects.get().key_hash != consumer.new_key


def test_atom_feed_lists_recommended_products_only(client, enterprise_org, tracks, category, editor):
    batch = RecommendationBatchFactory()
    shown = InnovationProductFactory(
        name="深海探测机器人",
        organisation=enterprise_org,
        track=tracks[4],
        category=category,
        status="recommended",
        batch=batch,
    )
    InnovationProductFactory(
        name="尚在评审的产品", organisation=enterprise_org, track=tracks[4], category=category
    )
    response = client.get("/feeds/products/recommended.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "深海探测机器人" in body and f"binhai-product-{shown.ref}" in body
    assert "尚在评审的产品" not in body


def test_enterprise_members_are_notified_when_evaluation_starts(
    enterprise_user, enterprise_org, tracks, category, editor, panel, django_capture_on_commit_callbacks
):
    product = InnovationProductFactory(
        name="氢能叉车", organisation=enterprise_org, track=tracks[6], category=category
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_to_panel(product=product, panel=panel, editor=editor)
    [notification] = Notification.objects.filter(recipient=enterprise_user, kind="procurement.status")
    assert notification.title == "您的产品 氢能叉车 已进入专家评审"
    assert notification.url == product.get_absolute_url()


def test_product_links_its_organisations_registered_deals_only(
    client, enterprise_user, enterprise_org, university, tracks, category
):
    technology = TechnologyFactory(track=tracks[6], organisation=university, published=True)

    def deal(number, requester_organisation):
        return MatchRequest.objects.create(
            requester=enterprise_user,
            requester_organisation=requester_organisation,
            owner_organisation=university,
            technology=technology,
            message="合作",
            cooperation_mode="license",
            response_deadline=timezone.now() + datetime.timedelta(days=7),
            status="accepted",
            stage="closed_deal",
            registration_number=number,
        )

    ours, theirs = deal("2026120116000001", enterprise_org), deal("2026120116000002", None)
    client.force_login(enterprise_user)
    form = client.get(reverse("procurement:product_create")).context["form"]
    assert list(form.fields["deals"].queryset) == [ours]
    assert list(form.fields["technologies"].queryset) == [technology]
    client.post(
        reverse("procurement:product_create"),
        {
            "organisation": enterprise_org.pk,
            "name": "钠电储能柜",
            "summary": "基于许可技术的储能柜。",
            "track": tracks[6].pk,
            "category": category.pk,
            "specifications": "215 kWh",
            "price_cny": "380000",
            "technologies": [technology.pk],
            "deals": [ours.pk],
        },
    )
    product = InnovationProduct.objects.get()
    assert product.status == "draft"
    assert list(product.deals.all()) == [ours] and list(product.technologies.all()) == [technology]
    assert theirs not in product.deals.all()
    page = client.get(product.get_absolute_url()).content.decode()
    assert "2026120116000001" in page and technology.title in page


def test_batch_feed_lists_batches_with_public_products_newest_first(client, enterprise_org, tracks, category):
    older = RecommendationBatchFactory(code="2026-1", recommended_on=datetime.date(2026, 6, 30))
    newer = RecommendationBatchFactory(code="2026-2", recommended_on=datetime.date(2026, 11, 20))
    RecommendationBatchFactory(code="2026-3")  # nothing recommended in it yet
    for batch in (older, newer):
        InnovationProductFactory(
            organisation=enterprise_org, track=tracks[4], category=category, status="recommended", batch=batch
        )
    consumer = FeedConsumer(name="采购系统")
    consumer.save()
    response = client.get("/api/v1/procurement/batches/", HTTP_AUTHORIZATION=f"Api-Key {consumer.new_key}")
    assert response.status_code == 200
    assert [(b["code"], b["product_count"]) for b in response.json()["results"]] == [
        ("2026-2", 1),
        ("2026-1", 1),
    ]


@pytest.mark.parametrize("name", ["batch", "track"])
def test_feed_refuses_a_batch_or_track_that_is_not_a_slug_with_a_400(client, name):
    consumer = FeedConsumer(name="采购系统")
    consumer.save()
    response = client.get(
        "/api/v1/procurement/recommendations/",
        {name: "2026\x001"},
        HTTP_AUTHORIZATION=f"Api-Key {consumer.new_key}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_the_feed_names_only_the_published_technologies_a_product_comes_from(
    client, enterprise_org, tracks, category
):
    shown = TechnologyFactory(published=True, organisation=enterprise_org, title="港口集卡自动驾驶系统")
    hidden = TechnologyFactory(organisation=enterprise_org, title="尚未公开的激光雷达方案")
    product = InnovationProductFactory(
        organisation=enterprise_org, track=tracks[3], category=category, status="recommended"
    )
    product.technologies.set([shown, hidden])
    consumer = FeedConsumer(name="采购系统")
    consumer.save()
    rows = client.get(
        "/api/v1/procurement/recommendations/", HTTP_AUTHORIZATION=f"Api-Key {consumer.new_key}"
    ).json()["results"]
    assert [(row["ref"], row["technologies"]) for row in rows] == [(product.ref, [shown.ref])]
