"""Public pages of recommended and accepted products, attachments, scenarios and the showcase."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procurement import services
from procurement.models import ApplicationScenario, Evaluation, ScenarioAward, ScenarioSelection
from tests.factories.listings import TechnologyFactory
from tests.factories.procurement import InnovationProductFactory, RecommendationBatchFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_public_index_shows_recommended_and_accepted_by_track(
    client, tracks, category, django_assert_max_num_queries
):
    batch = RecommendationBatchFactory()
    for i in range(5):
        InnovationProductFactory(
            name=f"储能产品{i}", track=tracks[6], category=category, status="recommended", batch=batch
        )
    InnovationProductFactory(
        name="已入目录的材料",
        track=tracks[7],
        category=category,
        status="accepted",
        batch=batch,
        catalogue_entry_number="TJ-1",
    )
    InnovationProductFactory(
        name="评审中的产品", track=tracks[6], category=category, status="under_evaluation"
    )
    with django_assert_max_num_queries(10):
        page = client.get(reverse("procurement:index")).content.decode()
    assert "储能产品4" in page and "已入目录的材料" in page and "评审中的产品" not in page
    by_track = client.get(reverse("procurement:index"), {"track": "new-materials"}).content.decode()
    assert "已入目录的材料" in by_track and "储能产品0" not in by_track
    accepted = client.get(reverse("procurement:index"), {"status": "accepted"}).content.decode()
    assert "已入目录的材料" in accepted and "储能产品0" not in accepted
    english = client.get("/en/products/").content.decode()
    assert "Innovation products recommended for government procurement" in english


def test_unrecommended_product_is_private(client, category, tracks):
    product = InnovationProductFactory(track=tracks[0], category=category)
    assert client.get(product.get_absolute_url()).status_code == 404


def test_attachment_is_checked_by_content(client, enterprise_user, enterprise_org, tracks, category):
    product = InnovationProductFactory(
        organisation=enterprise_org, track=tracks[0], category=category, status="draft"
    )
    client.force_login(enterprise_user)
    url = reverse("procurement:attachment_add", args=[product.ref])
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    client.post(url, {"title": "检测报告", "file": fake})
    assert product.attachments.count() == 0
    real = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    client.post(url, {"title": "检测报告", "file": real})
    [attachment] = product.attachments.all()
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    download = client.get(reverse("procurement:attachment_download", args=[product.ref, attachment.pk]))
    assert b"".join(download.streaming_content) == PDF
    client.logout()
    assert (
        client.get(reverse("procurement:attachment_download", args=[product.ref, attachment.pk])).status_code
        == 302
    )


def test_enterprise_cannot_edit_after_evaluation_starts(
    client, enterprise_user, enterprise_org, tracks, category
):
    product = InnovationProductFactory(
        organisation=enterprise_org, track=tracks[0], category=category, status="under_evaluation"
    )
    client.force_login(enterprise_user)
    assert client.get(reverse("procurement:product_edit", args=[product.ref])).status_code == 403


def test_scenario_and_showcase_pages(client, tracks, category):
    product = InnovationProductFactory(
        name="港口无人集卡", track=tracks[3], category=category, status="recommended"
    )
    scenario = ApplicationScenario.objects.create(
        title="天津港智慧码头无人驾驶集卡",
        title_en="Driverless trucks at Tianjin Port",
        slug="tianjin-port-driverless",
        site="天津港北疆港区",
        need="<p>集装箱水平运输人力紧张</p>",
        solution="<p>L4 级无人集卡</p>",
        results="<p>作业效率提升 20%</p>",
        is_published=True,
    )
    scenario.tracks.set([tracks[3]])
    scenario.products.set([product])
    scenario.save()
    hidden = ApplicationScenario.objects.create(
        title="未发布场景", slug="draft-one", site="某地", need="", solution="", results=""
    )
    selection = ScenarioSelection.objects.create(
        year=2026,
        title="2026年度优秀应用场景案例",
        announced_on=datetime.date(2026, 12, 1),
        is_published=True,
    )
    ScenarioAward.objects.create(selection=selection, scenario=scenario, citation="规模化应用示范")

    index = client.get(reverse("procurement:scenario_index")).content.decode()
    assert "天津港智慧码头无人驾驶集卡" in index and "未发布场景" not in index
    detail = client.get(scenario.get_absolute_url()).content.decode()
    assert "作业效率提升 20%" in detail and "港口无人集卡" in detail and "2026年度优秀应用场景案例" in detail
    assert client.get(reverse("procurement:scenario_detail", args=[hidden.slug])).status_code == 404
    showcase = client.get(reverse("procurement:showcase_latest")).content.decode()
    assert "规模化应用示范" in showcase
    assert (
        "Driverless trucks at Tianjin Port"
        in client.get(f"/en/products/scenarios/{scenario.slug}/").content.decode()
    )


def test_decision_needs_a_unique_entry_number(editor, tracks, category):
    first = InnovationProductFactory(track=tracks[0], category=category, status="recommended")
    second = InnovationProductFactory(track=tracks[0], category=category, status="recommended")
    with pytest.raises(ValidationError):
        services.record_catalogue_decision(product=first, editor=editor, accepted=True, entry_number="")
    services.record_catalogue_decision(product=first, editor=editor, accepted=True, entry_number="TJ-7")
    with pytest.raises(ValidationError):
        services.record_catalogue_decision(product=second, editor=editor, accepted=True, entry_number="TJ-7")
    second.refresh_from_db()
    assert second.status == "recommended"


def test_expert_and_enterprise_lists_do_not_grow_queries(
    client,
    enterprise_user,
    enterprise_org,
    tracks,
    category,
    experts,
    panel,
    editor,
    django_assert_max_num_queries,
):
    for i in range(6):
        product = InnovationProductFactory(
            name=f"产品{i}", organisation=enterprise_org, track=tracks[i % 8], category=category
        )
        services.assign_to_panel(product=product, panel=panel, editor=editor)
    assert Evaluation.objects.filter(expert=experts[0]).count() == 6
    client.force_login(experts[0])
    with django_assert_max_num_queries(15):
        page = client.get(reverse("procurement:review_list")).content.decode()
    assert page.count("产品") >= 6
    client.force_login(enterprise_user)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("procurement:my_products")).content.decode()
    assert "产品5" in page


def test_scenario_index_queries_do_not_grow(client, tracks, django_assert_max_num_queries):
    for i in range(6):
        scenario = ApplicationScenario.objects.create(
            title=f"场景{i}",
            slug=f"scenario-{i}",
            site="滨海新区",
            need="",
            solution="",
            results="",
            is_published=True,
        )
        scenario.tracks.set(tracks[:2])
        scenario.save()
    with django_assert_max_num_queries(15):
        page = client.get(reverse("procurement:scenario_index")).content.decode()
    assert "场景5" in page


def test_a_public_product_names_only_its_published_technologies_as_scenario_pages_do(
    client, enterprise_user, enterprise_org, tracks, category
):
    from tests.factories.listings import TechnologyFactory  # noqa: PLC0415 — only this test links listings

    shown = TechnologyFactory(published=True, organisation=enterprise_org, title="港口集卡自动驾驶系统")
    hidden = TechnologyFactory(organisation=enterprise_org, title="尚未公开的激光雷达方案")
    product = InnovationProductFactory(
        organisation=enterprise_org, track=tracks[3], category=category, status="recommended"
    )
    product.technologies.set([shown, hidden])
    page = client.get(product.get_absolute_url()).content.decode()
    assert "港口集卡自动驾驶系统" in page and "尚未公开的激光雷达方案" not in page
    client.force_login(enterprise_user)  # the enterprise still sees every listing it linked
    assert "尚未公开的激光雷达方案" in client.get(product.get_absolute_url()).content.decode()


def test_submit_a_product_is_offered_only_to_those_who_may_submit(
    client, enterprise_user, investor, category, tracks
):
    submit = reverse("procurement:product_create")
    client.force_login(investor)
    assert f'href="{submit}"' not in client.get(reverse("procurement:index")).content.decode()
    assert client.get(submit).status_code == 403
    client.force_login(enterprise_user)
    assert f'href="{submit}"' in client.get(reverse("procurement:index")).content.decode()
    form = client.get(submit).content.decode()
    assert "赛道" in form and ">Track<" not in form


def test_my_products_tells_someone_without_the_enterprise_role_how_to_submit(client, investor):
    client.force_login(investor)
    page = client.get(reverse("procurement:my_products")).content.decode()
    assert reverse("procurement:product_create") not in page
    assert '创新产品由企业提交：请在<a href="/accounts/profile/">个人资料</a>中选择“企业”角色' in page


def test_the_product_form_names_linked_technologies_in_the_readers_language(client, enterprise_user, tracks):
    TechnologyFactory(
        ref="T000901",
        title="Sodium-ion cathode",
        language="en",
        translated_title="钠离子正极",
        published=True,
    )
    client.force_login(enterprise_user)
    assert "T000901 钠离子正极</option>" in client.get(reverse("procurement:product_create")).content.decode()
    english = client.get("/en" + reverse("procurement:product_create")).content.decode()
    assert "T000901 Sodium-ion cathode</option>" in english
