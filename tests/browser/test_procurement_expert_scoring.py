"""An expert declares no conflict, scores a product blind, then sees a colleague's scores."""

import pytest
from wagtail.models import Locale

from accounts.roles import Role
from procurement import services
from procurement.models import Evaluation
from tests.browser.conftest import ARTIFACTS
from tests.factories.accounts import UserFactory, user_with_role
from tests.factories.procurement import (
    InnovationProductFactory,
    ProcurementCategoryFactory,
    panel_with_experts,
)

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def locales(transactional_db):
    """A transactional test that ran before may have flushed the locales the migrations made."""

    for code in ("zh-hans", "en"):
        Locale.objects.get_or_create(language_code=code)


@pytest.mark.django_db(transaction=True)
def test_expert_scores_blind_then_sees_colleagues(page, tracks, enterprise_org, editor):
    first = user_with_role(Role.RESEARCHER, display_name="李专家")
    second = user_with_role(Role.INVESTOR, display_name="陈专家")
    assert UserFactory  # experts are ordinary accounts
    panel = panel_with_experts([first, second])
    product = InnovationProductFactory(
        name="深海原位探测机器人",
        organisation=enterprise_org,
        track=tracks[4],
        category=ProcurementCategoryFactory(),
    )
    services.assign_to_panel(product=product, panel=panel, editor=editor)
    colleague = Evaluation.objects.get(expert=second)
    services.declare_interests(evaluation=colleague, expert=second, has_conflict=False)
    services.submit_scores(
        evaluation=colleague,
        expert=second,
        scores={c.pk: 7 for c in panel.criteria.all()},
        comment="市场空间有待验证",
    )

    page.goto("/accounts/login/")
    page.fill("input[name=login]", first.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("[data-testid=account-link]")

    page.goto("/products/review/")
    page.click("text=深海原位探测机器人")
    assert "市场空间有待验证" not in page.content()
    page.check("input[name=has_conflict][value=no]")
    page.click("button[name=declare]")
    for field in page.locator("input[name^=criterion_]").all():
        field.fill("9")
    page.fill("textarea[name=comment]", "国产化程度高，技术领先")
    page.click("button[name=score]")
    assert page.locator("[data-testid=my-score]").inner_text() == "90.00"
    peers = page.locator("[data-testid=peer-scores]").inner_text()
    assert "市场空间有待验证" in peers and "70.00" in peers
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "procurement-expert-scoring.png"), full_page=True)
