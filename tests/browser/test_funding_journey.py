"""A fund manager publishes a pilot programme on the site, a technology's owner finds it from the
technology page and applies with the listing and a document, the fund reviews it step by step
(screening → due diligence → committee, with scores and a running total) and funds it; the
technology page then shows the stage it was funded at. Once in Chinese, once in English."""

import pytest
from django.test import Client
from wagtail.models import Locale

from accounts.roles import Role
from funding.models import Application, Programme
from tests.factories import OrganisationFactory, create_tracks, user_with_role
from tests.factories.funding import PDF
from tests.factories.listings import TechnologyFactory

TEXT = {
    "zh": {"prefix": "", "funded": "已获资助", "stage": "中试", "step": "尽职调查"},
    "en": {"prefix": "/en", "funded": "Funded", "stage": "Pilot-scale", "step": "Due diligence"},
}


@pytest.fixture
def people(transactional_db):
    # transactional_db empties the tables between tests, migration data included; the page header needs a locale.
    for code in ("zh-hans", "en"):
        Locale.objects.get_or_create(language_code=code)
    tracks = create_tracks()
    university = OrganisationFactory(name="天津滨海大学", name_en="Binhai University", kind="university")
    fund = OrganisationFactory(name="滨海中试基金", name_en="Binhai Pilot Fund", kind="fund")
    owner = user_with_role(Role.RESEARCHER, organisation=university, display_name="王研究员")
    manager = user_with_role(Role.INVESTOR, organisation=fund, display_name="钱基金")
    technology = TechnologyFactory(
        published=True, organisation=university, track=tracks[6], title="宽温域钠离子电池正极材料", trl=6,
        ip_status="granted", summary="零下二十度容量保持率超过百分之九十的钠离子电池正极材料。",
    )  # fmt: skip
    return owner, manager, technology, tracks[6]


def sign_in(page, live_server, user):
    """Reuse a server-side session: the sign-in form itself is the accounts engineer's to test."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def review_step(page, points):
    for field in page.query_selector_all("input[name^=criterion_]"):
        field.fill(str(points))
    page.fill("#id_comment", "材料完整，数据可信，建议推进。")
    page.check("input[name=recommendation][value=advance]")
    page.click("[data-testid=save-score]")
    page.wait_for_selector("[data-testid=review] h3")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fund_publishes_owner_applies_staged_review_funds(page, live_server, screenshot, people, lang):
    owner, manager, technology, track = people
    text = TEXT[lang]
    prefix = text["prefix"]

    sign_in(page, live_server, manager)
    page.goto(f"{prefix}/funding/")
    page.click("[data-testid=new-programme]")
    page.wait_for_url(f"**{prefix}/funding/new/")
    page.fill("#id_slug", f"pilot-{lang}")
    page.fill("#id_title_zh", "新能源中试基金")
    page.fill("#id_title_en", "New Energy Pilot Fund")
    page.fill("#id_summary_zh", "支持电池材料完成百公斤级中试放大和储能场景验证。")
    page.fill("#id_summary_en", "Backs battery materials through pilot-scale runs and storage validation.")
    page.select_option("#id_stage", "pilot")
    page.check(f"input[name=tracks][value='{track.pk}']")
    page.fill("#id_ticket_min_cny", "500000")
    page.fill("#id_ticket_max_cny", "3000000")
    page.fill("#id_min_trl", "5")
    page.fill("#id_documents_zh", "商业计划书")
    page.fill("#id_documents_en", "Business plan")
    page.check("#id_is_published")
    screenshot(f"funding-{lang}-01-fund-publishes-a-programme")
    page.click("[data-testid=save-programme]")
    page.wait_for_url(f"**{prefix}/funding/pilot-{lang}/")
    programme = Programme.objects.get()
    assert programme.is_published and programme.steps == ["screening", "due_diligence", "committee"]

    sign_in(page, live_server, owner)
    page.goto(f"{prefix}/listings/technologies/{technology.ref}/")
    assert "新能源中试基金" in page.inner_text(
        "[data-testid=fitting-programmes]"
    ) or "New Energy Pilot Fund" in page.inner_text("[data-testid=fitting-programmes]")
    page.click("[data-testid=fitting-programmes] a")
    page.click(f"[data-testid=apply-{technology.ref}]")
    page.wait_for_url(f"**{prefix}/funding/apply/pilot-{lang}/{technology.ref}/")
    assert "6/9" in page.inner_text("[data-testid=application-carries]")
    page.fill("#id_amount_cny", "1200000")
    page.fill("#id_plan", "完成百公斤级中试放大三批次，验证克容量和低温容量保持率，并试制软包电芯。")
    page.fill("#id_milestones", "第三个月：公开中试验证报告；第九个月：登记技术许可合同。")
    page.fill("#id_team", "王研究员（材料）、李工程师（工艺）。")
    page.set_input_files(
        "#id_document_0", {"name": "business-plan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    screenshot(f"funding-{lang}-02-owner-applies-with-the-listing")
    page.click("[data-testid=send-application]")
    page.wait_for_url(f"**{prefix}/funding/applications/*/")
    application = Application.objects.get()
    assert (application.status, application.step, application.trl_at_application) == (
        "in_review",
        "screening",
        6,
    )

    sign_in(page, live_server, manager)
    page.goto(f"{prefix}/funding/applications/{application.pk}/")
    review_step(page, 15)
    page.click("[data-testid=advance]")
    page.wait_for_selector("[data-testid=application-steps] .current")
    assert text["step"] in page.inner_text("[data-testid=application-steps] .current")
    review_step(page, 18)
    page.fill("input[name^=criterion_] >> nth=0", "25")
    assert page.inner_text("#score-total").strip() == "79"  # the running total follows what is typed
    screenshot(f"funding-{lang}-03-due-diligence-scores")
    page.click("[data-testid=advance]")
    page.wait_for_function("!document.querySelector('[data-testid=advance]')")
    review_step(page, 19)
    page.check("input[name=decision][value=fund]")
    page.fill("#id_note", "投资决策委员会同意资助，分两期拨付。")
    page.fill("#id_amount_awarded", "1200000")
    page.fill("#id_tranche_1_amount", "400000")
    page.select_option("#id_tranche_1_milestone", "on_award")
    page.fill("#id_tranche_2_amount", "800000")
    page.select_option("#id_tranche_2_milestone", "validation")
    page.click("[data-testid=decide]")
    page.wait_for_selector("[data-testid=decision]")
    application.refresh_from_db()
    assert (application.status, application.funded_stage, application.amount_awarded_cny) == (
        "funded",
        "pilot",
        1200000,
    )

    sign_in(page, live_server, owner)
    page.goto(f"{prefix}/funding/applications/{application.pk}/")
    assert text["funded"] in page.inner_text("[data-testid=decision]")
    assert "材料完整" not in page.content()  # the reviewers' comments stay with the fund
    page.context.clear_cookies()  # a visitor
    page.goto(f"{prefix}/listings/technologies/{technology.ref}/")
    assert page.inner_text("[data-testid=funded-stage]").strip() == text["stage"]
    screenshot(f"funding-{lang}-04-funded-stage-on-the-listing")
