"""The four journeys through the site, each in Chinese and English, checked with axe-core.

Each journey runs in full once per language at 1280 px; the pages it passed through are then
opened again at 390 px (a phone) to check the layout does not overflow and axe still passes.
A full run per viewport would double the suite's time for the same forms (see the report).
Screenshots: test-artifacts/journey-<who>-<lang>-<step>.png.
"""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import Organisation, User
from dealflow import services as deal_services
from dealflow.models import MatchRequest
from listings import services as listing_services
from listings.models import Demand, Technology
from listings.signals import listings_changed
from search.backends import reset_backends
from tests.browser.a11y import assert_accessible, violations
from tests.browser.conftest import new_page, save_screenshot
from tests.factories.listings import DemandFactory, TechnologyFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEXT = {
    "zh": {"prefix": "", "in_review": "审核中", "changes": "需要修改", "published": "已发布"},
    "en": {
        "prefix": "/en",
        "in_review": "In review",
        "changes": "Changes requested",
        "published": "Published",
    },
}
LANGUAGES = pytest.mark.parametrize("lang", ["zh", "en"])


@pytest.fixture(autouse=True)
def _embedded_search(settings):
    settings.SEARCH_BACKEND = "embedded"
    reset_backends()
    yield
    reset_backends()


@pytest.fixture
def open_page(browser, live_server):
    pages = []

    def make(width=1280):
        page = new_page(
            browser, live_server, width=width, height=900 if width > 500 else 844, bypass_csp=True
        )
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.context.close()


def sign_in(page, user, lang, password=PASSWORD):
    page.goto(f"{TEXT[lang]['prefix']}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector("[data-testid=account-link]")


def visit(page, path, lang, shot, check=True):
    """Open a page, check it with axe, save its screenshot."""
    page.goto(f"{TEXT[lang]['prefix']}{path}")
    return seen(page, shot, check)


def seen(page, shot, check=True):
    page.wait_for_load_state()
    if check:
        assert_accessible(page, shot)
    save_screenshot(page, shot)
    return page


def on_phone(open_page, user, lang, paths, who):
    """The journey's pages at 390 px: no sideways scrolling, the menu folded, axe clean."""
    page = open_page(width=390)
    sign_in(page, user, lang)
    assert page.locator("#main-nav").is_hidden()
    page.get_by_test_id("nav-toggle").click()
    assert page.locator("#main-nav").is_visible()
    for index, path in enumerate(paths):
        visit(page, path, lang, f"journey-{who}-390-{index:02d}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 390 px"


def index(*listings):
    for listing in listings:
        listings_changed.send(sender=type(listing), ids=[listing.pk])


def decide(listing, editor, action, comment=""):
    listing.refresh_from_db()
    task_state = listing.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, editor, action, comment=comment)


def fill_listing(page, *, title, summary, track, keywords, kind="technology"):
    page.fill("input[name=title]", title)
    page.fill("input[name=summary]", summary)
    page.fill("textarea[name=description]", summary)
    page.select_option("select[name=track]", value=str(track.pk))
    page.fill("input[name=keywords]", keywords)
    if kind == "technology":
        page.fill("input[name=trl]", "6")
        page.check("input[name=transfer_modes][value=license]")
        page.check("input[name=price_negotiable]")
    else:
        page.fill("textarea[name=scenario]", "储能电站冬季低温运行。")
        page.fill("input[name=budget_max_cny]", "3000000")


@LANGUAGES
def test_researcher_signs_up_publishes_in_one_step_fixes_and_sees_matches(
    open_page, lang, tracks, editor, enterprise_org
):
    energy = next(t for t in tracks if t.slug == "advanced-energy")
    demand = DemandFactory(
        title="储能电站低温钠离子电池需求", keywords=["钠离子电池", "储能"], track=energy,
        organisation=enterprise_org, published=True,
    )  # fmt: skip
    index(demand)
    who, email = f"researcher-{lang}", f"researcher-{lang}@example.test"
    page = open_page()
    mail.outbox.clear()

    visit(page, "/accounts/signup/", lang, f"journey-{who}-01-signup")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password1"]', PASSWORD)
    page.fill('input[name="password2"]', PASSWORD)
    page.fill('input[name="display_name"]', "林研究员")
    page.check('input[name="roles"][value="researcher"]')
    page.locator('form input[name="email"]').press("Enter")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    person = User.objects.get(email=email)
    sign_in(page, person, lang)

    visit(page, "/accounts/organisations/new/", lang, f"journey-{who}-02-organisation")
    page.fill("input[name=name]", f"滨海新材料研究院{lang}")
    page.select_option("select[name=kind]", "university")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    organisation = Organisation.objects.get(name=f"滨海新材料研究院{lang}")
    seen(page, f"journey-{who}-03-organisation-page")

    visit(page, "/workspace/", lang, f"journey-{who}-04-workspace-empty")
    page.locator("main a[href$='/listings/mine/technology/new/']").first.click()
    seen(page, f"journey-{who}-05-listing-form")
    fill_listing(page, title="宽温域钠离子电池正极材料", summary="零下二十度容量保持九成。", track=energy,
                 keywords="钠离子电池，储能，低温")  # fmt: skip
    page.get_by_test_id("submit-for-review").click()
    page.wait_for_url(re.compile(r"/workspace/$"))
    technology = Technology.objects.get(organisation=organisation)
    assert (
        page.locator(f"tr[data-ref='{technology.ref}'] [data-testid=listing-state]").inner_text()
        == TEXT[lang]["in_review"]
    )
    seen(page, f"journey-{who}-06-in-review")

    decide(technology, editor, "reject", comment="请补充低温循环数据。")
    page.reload()
    row = page.locator(f"tr[data-ref='{technology.ref}']")
    assert row.get_by_test_id("listing-state").inner_text() == TEXT[lang]["changes"]
    assert "请补充低温循环数据。" in row.get_by_test_id("editor-reason").inner_text()
    seen(page, f"journey-{who}-07-changes-requested")
    row.locator("a[href*='/edit/']").click()
    page.fill("input[name=summary]", "零下二十度容量保持九成，循环两千次。")
    page.get_by_test_id("submit-for-review").click()
    page.wait_for_url(re.compile(r"/workspace/$"))

    decide(technology, editor, "approve")
    page.reload()
    row = page.locator(f"tr[data-ref='{technology.ref}']")
    assert row.get_by_test_id("listing-state").inner_text() == TEXT[lang]["published"]
    assert row.get_by_test_id("match-count").inner_text().startswith("1")
    seen(page, f"journey-{who}-08-approved-with-matches")
    page.goto("/notifications/" if lang == "zh" else "/en/notifications/")
    seen(page, f"journey-{who}-09-notifications")
    technology.refresh_from_db()
    visit(page, technology.get_absolute_url().removeprefix("/en"), lang, f"journey-{who}-10-listing")
    on_phone(open_page, person, lang, ["/workspace/", technology.get_absolute_url().removeprefix("/en")], who)


def _workspace_request(page, lang, match_request, shot):
    """Every step of the deal starts from the workspace."""
    visit(page, "/workspace/", lang, shot + "-workspace", check=False)
    page.locator(f"[data-testid=workspace-requests] tr[data-request='{match_request.pk}'] a").first.click()
    page.wait_for_selector("[data-testid=deal-stepper]")
    return seen(page, shot)


@LANGUAGES
def test_enterprise_posts_a_demand_finds_a_technology_and_closes_a_deal_from_the_workspace(
    open_page, lang, tracks, editor, enterprise_user, researcher, university, tmp_path
):
    energy = next(t for t in tracks if t.slug == "advanced-energy")
    technology = TechnologyFactory(
        title="宽温域钠离子电池正极材料", keywords=["钠离子电池", "储能"], track=energy,
        organisation=university, published=True,
    )  # fmt: skip
    index(technology)
    who = f"enterprise-{lang}"
    page = open_page()
    sign_in(page, enterprise_user, lang)

    visit(page, "/workspace/", lang, f"journey-{who}-01-workspace")
    page.locator("main a[href$='/listings/mine/demand/new/']").first.click()
    seen(page, f"journey-{who}-02-demand-form")
    fill_listing(page, title="储能电站低温电池需求", summary="需要零下二十度可用的电池。", track=energy,
                 keywords="钠离子电池，储能", kind="demand")  # fmt: skip
    page.get_by_test_id("submit-for-review").click()
    page.wait_for_url(re.compile(r"/workspace/$"))
    demand = Demand.objects.get(organisation__in=enterprise_user.organisation_ids)
    decide(demand, editor, "approve")

    visit(page, "/search/?q=钠离子电池&kind=technology", lang, f"journey-{who}-03-search")
    page.locator(f"[data-ref='{technology.ref}'] h2 a").click()
    seen(page, f"journey-{who}-04-technology")
    page.get_by_test_id("ask-introduction").click()
    seen(page, f"journey-{who}-05-request-form")
    page.fill("#id_message", "我们计划在储能电站应用该材料，希望了解许可条件和中试数据。")
    page.select_option("#id_cooperation_mode", "license")
    page.check("#id_non_confidential")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/deals/requests/\d+/$"))
    match_request = MatchRequest.objects.get(requester=enterprise_user)
    deal_services.accept_match_request(match_request=match_request, user=researcher)

    _workspace_request(page, lang, match_request, f"journey-{who}-06-deal-room")
    nda = tmp_path / "nda.pdf"
    nda.write_bytes(PDF)
    page.set_input_files("#nda input[type=file]", str(nda))
    page.get_by_test_id("nda-upload").click()
    page.get_by_test_id("nda-ack").click()
    page.wait_for_selector("[data-testid=nda-acknowledgements]")
    match_request.refresh_from_db()
    deal_services.acknowledge_nda(match_request=match_request, user=researcher)

    _workspace_request(page, lang, match_request, f"journey-{who}-07-nda-in-force")
    assert page.get_by_test_id("nda-in-force").is_visible()
    page.fill("#id_body", "好的，周三下午方便。我们也准备了应用场景说明。")
    page.get_by_test_id("send-message").click()
    page.wait_for_selector("text=周三下午方便")
    page.get_by_test_id("stage-negotiating").click()
    page.get_by_test_id("stage-agreement").click()

    _workspace_request(page, lang, match_request, f"journey-{who}-08-registration")
    page.select_option("#id_contract_type", "license")
    page.fill("#id_amount_cny", "1500000")
    page.fill("#id_signed_on", (datetime.date.today() - datetime.timedelta(days=3)).isoformat())
    page.fill("#id_registration_number", "12011620260088")
    page.get_by_test_id("save-registration").click()
    page.wait_for_selector("[data-testid=edit-registration]")
    assert ("150万元" if lang == "zh" else "¥1,500,000") in page.get_by_test_id("registration").inner_text()
    page.check("#id_outcome_0")
    page.get_by_test_id("confirm-outcome").click()
    match_request.refresh_from_db()
    deal_services.confirm_outcome(match_request=match_request, user=researcher, outcome="deal")

    _workspace_request(page, lang, match_request, f"journey-{who}-09-evaluation")
    page.check("#id_counterpart_rating_4")
    page.check("#id_service_rating_3")
    page.get_by_test_id("evaluate").click()
    page.wait_for_selector("[data-testid=evaluations] li")
    match_request.refresh_from_db()
    assert match_request.stage == "closed_deal"
    assert match_request.evaluations.filter(side="requester", counterpart_rating=5).exists()
    steps = page.locator("[data-testid=deal-stepper] li")
    assert [steps.nth(i).get_attribute("data-state") for i in range(6)] == ["done"] * 6
    seen(page, f"journey-{who}-10-closed")
    on_phone(
        open_page,
        enterprise_user,
        lang,
        ["/workspace/", match_request.get_absolute_url(), "/search/?q=无此内容xyz"],
        who,
    )


@LANGUAGES
def test_broker_is_assigned_and_moves_the_deal(
    open_page, lang, tracks, broker, editor, enterprise_user, researcher, university
):
    technology = TechnologyFactory(
        title="深海耐压传感器", track=tracks[4], organisation=university, published=True
    )
    match_request = deal_services.request_introduction(
        requester=enterprise_user,
        technology=technology,
        message="希望了解该传感器的许可条件。",
        cooperation_mode="license",
    )
    match_request = deal_services.accept_match_request(match_request=match_request, user=researcher)
    deal_services.assign_broker(match_request=match_request, broker=broker, assigned_by=editor)
    who = f"broker-{lang}"
    page = open_page()
    sign_in(page, broker, lang)
    visit(page, "/workspace/", lang, f"journey-{who}-01-workspace")
    page.locator(f"[data-testid=requests-in_progress] tr[data-request='{match_request.pk}'] a").first.click()
    seen(page, f"journey-{who}-02-deal-room")
    page.get_by_test_id("stage-negotiating").click()
    page.wait_for_selector("[data-testid=stage-agreement]")
    match_request.refresh_from_db()
    assert match_request.stage == "negotiating"
    assert page.locator("[data-step=talks]").get_attribute("data-state") == "current"
    seen(page, f"journey-{who}-03-negotiating")
    on_phone(open_page, broker, lang, [match_request.get_absolute_url()], who)


@LANGUAGES
def test_editor_reviews_the_queue_approves_and_reads_a_policy_in_both_languages(
    open_page, lang, tracks, editor, researcher, university
):
    call_command("load_demo", "--site-only", verbosity=0)
    draft = TechnologyFactory(
        title="脑机接口康复手套", track=tracks[2], organisation=university, created_by=researcher
    )
    listing_services.submit_listing(listing=draft, user=researcher)
    who = f"editor-{lang}"
    page = open_page()
    sign_in(page, editor, lang)
    page.goto("/admin/snippets/listings/technology/?status=submitted")
    assert draft.ref in page.locator("main").inner_text()
    save_screenshot(page, f"journey-{who}-01-review-queue")
    decide(draft, editor, "approve")
    draft.refresh_from_db()
    assert draft.status == "published"
    visit(page, draft.get_absolute_url().removeprefix("/en"), lang, f"journey-{who}-02-published")
    visit(page, "/policies/", lang, f"journey-{who}-03-policies")
    page.locator("main a[href*='/policies/']").nth(1).click()
    seen(page, f"journey-{who}-04-policy")
    other = "switch-to-en" if lang == "zh" else "switch-to-zh-hans"
    page.get_by_test_id(other).click()
    seen(page, f"journey-{who}-05-policy-other-language")
    assert page.locator("html").get_attribute("lang") == ("en" if lang == "zh" else "zh-Hans")
    on_phone(open_page, editor, lang, ["/policies/"], who)


def test_the_accessibility_check_catches_what_it_must(open_page):
    """The check is not vacuous: an unlabelled field and a missing lang are serious findings."""
    page = open_page()
    page.set_content("<html><body><main><input type='text'></main></body></html>")
    found = {violation["id"] for violation in violations(page)}
    assert {"label", "html-has-lang"} <= found
