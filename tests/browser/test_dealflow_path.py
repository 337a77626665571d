"""A buyer asks for an introduction, the owner accepts, they talk, agree, register the contract and
rate each other; another request is declined and the buyer reads why."""

import pytest
from django.test import Client
from wagtail.models import Locale

from accounts.roles import Role
from dealflow.models import Evaluation, MatchRequest
from tests.factories import OrganisationFactory, create_tracks, user_with_role
from tests.factories.listings import TechnologyFactory


@pytest.fixture
def people(transactional_db):
    # transactional_db empties the tables between tests, migration data included; the page header needs a locale.

    for code in ("zh-hans", "en"):
        Locale.objects.get_or_create(language_code=code)
    create_tracks()
    university = OrganisationFactory(name="天津滨海大学", kind="university")
    enterprise = OrganisationFactory(name="滨海储能科技有限公司", kind="enterprise")
    owner = user_with_role(Role.RESEARCHER, organisation=university, display_name="王研究员")
    buyer = user_with_role(Role.ENTERPRISE, organisation=enterprise, display_name="赵经理")
    return owner, buyer, university


def sign_in(page, live_server, user):
    """Reuse a server-side session: the sign-in form itself is the accounts engineer's to test."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_request_to_registered_deal_with_evaluations(page, live_server, screenshot, people):
    owner, buyer, university = people
    technology = TechnologyFactory(published=True, organisation=university, title="宽温域钠离子电池正极材料")

    sign_in(page, live_server, buyer)
    page.goto(f"/deals/ask/technology/{technology.ref}/")
    page.fill("#id_message", "我们计划在储能电站应用该材料，希望了解许可条件和中试数据。")
    page.select_option("#id_cooperation_mode", "license")
    page.check("#id_non_confidential")
    screenshot("dealflow-01-request-form")
    page.click("button[type=submit].button")
    page.wait_for_url("**/deals/requests/*/")
    mr = MatchRequest.objects.get()
    assert mr.status == "pending"

    sign_in(page, live_server, owner)
    page.goto(f"/deals/requests/{mr.pk}/")
    screenshot("dealflow-02-owner-sees-request")
    page.click("[data-testid=accept]")
    page.fill("#id_body", "欢迎！我们可以先通一次电话，介绍材料的循环寿命数据。")
    page.click("[data-testid=send-message]")
    page.wait_for_selector("text=介绍材料的循环寿命数据")

    sign_in(page, live_server, buyer)
    page.goto(f"/deals/requests/{mr.pk}/")
    page.fill("#id_body", "好的，周三下午方便。我们也准备了应用场景说明。")
    page.click("[data-testid=send-message]")
    page.wait_for_selector("text=周三下午方便")
    page.click("[data-testid=stage-negotiating]")
    page.click("[data-testid=stage-agreement]")
    screenshot("dealflow-03-thread-agreement")

    page.select_option("#id_contract_type", "license")
    page.fill("#id_amount_cny", "1200000")
    page.fill("#id_signed_on", "2026-11-20")
    page.fill("#id_registration_number", "12011620260088")
    page.click("[data-testid=save-registration]")
    page.wait_for_selector("[data-testid=registration]")
    page.check("#id_outcome_0")
    page.click("[data-testid=confirm-outcome]")

    sign_in(page, live_server, owner)
    page.goto(f"/deals/requests/{mr.pk}/")
    assert "12011620260088" in page.inner_text("[data-testid=registration]")
    page.check("#id_outcome_0")
    page.click("[data-testid=confirm-outcome]")
    page.wait_for_selector("[data-testid=evaluate]")
    page.check("#id_counterpart_rating_4")
    page.check("#id_service_rating_3")
    page.fill("#id_comment", "对方准备充分，沟通高效。")
    page.click("[data-testid=evaluate]")

    sign_in(page, live_server, buyer)
    page.goto(f"/deals/requests/{mr.pk}/")
    page.check("#id_counterpart_rating_3")
    page.check("#id_service_rating_4")
    page.click("[data-testid=evaluate]")
    page.wait_for_selector("text=对方准备充分")
    screenshot("dealflow-04-closed-with-evaluations")

    mr.refresh_from_db()
    assert (mr.stage, mr.registration_number, str(mr.contract_amount_cny)) == (
        "closed_deal",
        "12011620260088",
        "1200000.00",
    )
    assert list(mr.messages.values_list("body", flat=True)) == [
        "欢迎！我们可以先通一次电话，介绍材料的循环寿命数据。",
        "好的，周三下午方便。我们也准备了应用场景说明。",
    ]
    assert sorted(Evaluation.objects.values_list("side", "counterpart_rating", "service_rating")) == [
        ("owner", 5, 4),
        ("requester", 4, 5),
    ]


def test_declined_request_shows_the_reason_to_the_requester(page, live_server, screenshot, people):
    owner, buyer, university = people
    technology = TechnologyFactory(published=True, organisation=university, title="海水提锂吸附膜")

    sign_in(page, live_server, buyer)
    page.goto(f"/deals/ask/technology/{technology.ref}/")
    page.fill("#id_message", "希望以较低预算获得该技术的非独占许可。")
    page.select_option("#id_cooperation_mode", "license")
    page.check("#id_non_confidential")
    page.click("button[type=submit].button")
    page.wait_for_url("**/deals/requests/*/")
    mr = MatchRequest.objects.get()

    sign_in(page, live_server, owner)
    page.goto(f"/deals/requests/{mr.pk}/")
    page.click("details.decline-box summary")  # declining is a step apart from accepting
    page.check("#id_reason_4")  # other: needs an explanation
    page.click("[data-testid=decline]")
    page.wait_for_selector(".has-error")
    screenshot("dealflow-05-decline-needs-explanation")
    assert MatchRequest.objects.get().status == "pending"
    page.check("#id_reason_3")
    page.fill("#id_detail", "当前报价低于中试成本，明年量产后可再联系。")
    page.click("[data-testid=decline]")

    sign_in(page, live_server, buyer)
    page.goto("/notifications/")
    page.click("[data-testid=notifications] li:first-child button")
    page.wait_for_selector("[data-testid=decline-reason]")
    reason = page.inner_text("[data-testid=decline-reason]")
    assert "当前报价低于中试成本，明年量产后可再联系。" in reason
    screenshot("dealflow-06-requester-reads-decline-reason")
    mr.refresh_from_db()
    assert (mr.status, mr.decline_reason) == ("declined", "budget")
