"""A technology's owner asks a pilot platform for a slot from the technology page, the centre accepts
with a date and a price, runs the work and attaches its report, and the owner shows the report on
the listing, where any visitor reads it as evidence. Once in Chinese, once in English."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale

from accounts.roles import Role
from platforms.models import SlotRequest, ValidationReport
from tests.factories import OrganisationFactory, create_tracks, user_with_role
from tests.factories.listings import TechnologyFactory
from tests.factories.platforms import PDF, VerificationCentreFactory

TEXT = {
    "zh": {"prefix": "", "ask": "申请验证", "accepted": "已接受", "evidence": "验证证据", "outcome": "通过"},
    "en": {
        "prefix": "/en",
        "ask": "Ask for validation",
        "accepted": "Accepted",
        "evidence": "Validation evidence",
        "outcome": "Passed",
    },
}


@pytest.fixture
def people(transactional_db):
    # transactional_db empties the tables between tests, migration data included; the page header needs a locale.
    for code in ("zh-hans", "en"):
        Locale.objects.get_or_create(language_code=code)
    tracks = create_tracks()
    university = OrganisationFactory(name="天津滨海大学", name_en="Binhai University", kind="university")
    platform = OrganisationFactory(
        name="滨海新能源中试基地", name_en="Binhai Energy Pilot Base", kind="platform"
    )
    owner = user_with_role(Role.RESEARCHER, organisation=university, display_name="王研究员")
    operator = user_with_role(Role.ENTERPRISE, organisation=platform, display_name="孙平台")
    centre = VerificationCentreFactory(
        organisation=platform,
        slug="energy-pilot",
        name_zh="滨海新能源中试基地",
        name_en="Binhai Energy Pilot Base",
        tracks=[tracks[6]],
    )
    technology = TechnologyFactory(
        published=True, organisation=university, track=tracks[6], title="宽温域钠离子电池正极材料", trl=6
    )
    return owner, operator, centre, technology


def sign_in(page, live_server, user):
    """Reuse a server-side session: the sign-in form itself is the accounts engineer's to test."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_owner_asks_for_a_pilot_slot_centre_accepts_and_the_report_shows_on_the_listing(
    page, live_server, screenshot, people, lang
):
    owner, operator, centre, technology = people
    text = TEXT[lang]
    prefix = text["prefix"]
    listing_url = f"{prefix}/listings/technologies/{technology.ref}/"
    today = timezone.localdate()

    sign_in(page, live_server, owner)
    page.goto(listing_url)
    assert page.inner_text("[data-testid=ask-validation]").strip() == text["ask"]
    page.click("[data-testid=ask-validation]")
    page.wait_for_url(f"**{prefix}/platforms/ask/{technology.ref}/")
    page.select_option("#id_centre", str(centre.pk))
    page.select_option("#id_stage", "pilot")
    page.fill("#id_what_to_test", "百公斤级放大后克容量与零下二十度容量保持率是否保持实验室水平。")
    page.fill("#id_sample", "小试样品五公斤，氩气保存。")
    page.fill("#id_earliest_start", (today + datetime.timedelta(days=7)).isoformat())
    page.fill("#id_latest_end", (today + datetime.timedelta(days=60)).isoformat())
    page.fill("#id_budget_cny", "80000")
    screenshot(f"platforms-{lang}-01-ask-for-a-pilot-slot")
    page.click("[data-testid=send-slot-request]")
    page.wait_for_url(f"**{prefix}/platforms/requests/*/")
    slot_request = SlotRequest.objects.get()
    assert (slot_request.status, slot_request.stage, slot_request.trl_at_request) == ("pending", "pilot", 6)

    sign_in(page, live_server, operator)
    page.goto(f"{prefix}/platforms/requests/{slot_request.pk}/")
    page.fill("#id_start_date", (today + datetime.timedelta(days=10)).isoformat())
    page.fill("#id_price_cny", "72000")
    page.click("[data-testid=accept]")
    page.wait_for_selector("[data-testid=slot-accepted]")
    assert text["accepted"] in page.inner_text("[data-testid=slot-status]")
    page.click("[data-testid=start]")
    page.wait_for_selector("[data-testid=attach-report]")
    page.fill("#id_report-title", "百公斤级中试验证报告")
    page.select_option("#id_report-outcome", "passed")
    page.fill("#id_report-findings", "三批次克容量一百二十八毫安时每克，零下二十度容量保持率百分之九十一。")
    page.select_option("#id_report-trl_supported", "7")
    page.set_input_files(
        "#id_report-file", {"name": "pilot-report.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    screenshot(f"platforms-{lang}-02-centre-attaches-report")
    page.click("[data-testid=attach-report]")
    page.wait_for_selector("[data-testid=report]")

    sign_in(page, live_server, owner)
    page.goto(f"{prefix}/platforms/requests/{slot_request.pk}/")
    page.click("[data-testid=toggle-report]")
    page.wait_for_selector("[data-testid=report-visibility]")

    page.context.clear_cookies()  # a visitor
    page.goto(listing_url)
    evidence = page.inner_text("[data-testid=validation-evidence]")
    assert text["evidence"] in evidence and "百公斤级中试验证报告" in evidence and text["outcome"] in evidence
    assert page.inner_text("[data-testid=trl]").strip() == "6 / 9"  # raised only after an editor's review
    screenshot(f"platforms-{lang}-03-report-on-the-listing")
    report = ValidationReport.objects.get()
    assert (report.is_public, report.trl_review, report.slot_request.status) == (True, "pending", "reported")
    with page.expect_download() as download:
        page.click("[data-testid=report-download]")
    assert download.value.suggested_filename == "pilot-report.pdf"
