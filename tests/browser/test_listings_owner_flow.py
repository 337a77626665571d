"""A researcher offers a technology through the form, submits it, an editor approves it in the
workflow, and a visitor finds it on the public index."""

import pytest

from listings.models import Listing, Technology
from tests.browser.conftest import save_screenshot


@pytest.mark.django_db(transaction=True)
def test_researcher_offers_a_technology_and_it_is_published_after_approval(
    sign_in, researcher, editor, tracks, page
):
    owner = sign_in(researcher)
    owner.goto("/listings/mine/technology/new/")

    # A bad TRL is refused with a clear message and nothing is saved.
    owner.fill("input[name=title]", "万米级深海耐压光纤压力传感器")
    owner.fill("input[name=summary]", "可在全海深工作的光纤压力传感器。")
    owner.fill("textarea[name=description]", "<p>精度达千分之一满量程。</p>")
    owner.select_option("select[name=track]", label="深海探采")
    owner.fill("input[name=keywords]", "深海，压力传感器，光纤传感")
    owner.fill("input[name=trl]", "12")
    owner.check("input[name=transfer_modes][value=license]")
    owner.locator("[data-testid=save-draft]").click()
    assert owner.locator(".field.has-error").count() == 1
    assert Technology.objects.count() == 0

    owner.fill("input[name=trl]", "5")
    owner.fill("input[name='patents-0-number']", "ZL202310000001.X")
    owner.locator("[data-testid=save-draft]").click()
    owner.wait_for_url("**/workspace/")
    save_screenshot(owner, "listings-dashboard-draft")
    tech = Technology.objects.get()
    assert (tech.status, tech.keywords) == (Listing.Status.DRAFT, ["深海", "压力传感器", "光纤传感"])

    owner.goto(tech.get_absolute_url())
    owner.get_by_role("button", name="提交审核").click()
    owner.wait_for_url("**" + tech.get_absolute_url())
    assert owner.locator("[data-testid=listing-status]").inner_text() == "待审核"

    # The editor approves in the Wagtail workflow; the visitor then finds it.
    tech.refresh_from_db()
    task_state = tech.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "approve", comment="")
    page.goto("/listings/technologies/?track=deep-sea")
    page.get_by_role("link", name="万米级深海耐压光纤压力传感器").click()
    assert page.locator("h1").inner_text() == "万米级深海耐压光纤压力传感器"
    assert "ZL202310000001.X" in page.locator("[data-testid=patents]").inner_text()
    save_screenshot(page, "listings-technology-detail")
