"""An investor's journey through the roadshow, in Chinese and English, on a desktop and a phone:
finds a session by its track, buys a paid pass by bank transfer (对公转账), an editor marks the
transfer paid, the investor sees the personal join link once the join window opens, marks interest
in a pitch, and one click opens the match request prefilled with its technology."""

import datetime as dt

import pytest
from django.utils import timezone

from dealflow.models import MatchRequest
from roadshow.models import BankTransfer, InvestorInterest, Registration
from tests.browser.conftest import save_screenshot
from tests.factories.roadshow import PitchFactory, RoadshowSessionFactory, TechnologyFactory
from tests.roadshow.payments_support import PAYEE_ACCOUNT, enable_bank_transfer

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
TEXT = {
    "zh": {"prefix": "", "registered": "已确认", "price": "380元", "title": "低温钠离子电池正极材料"},
    "en": {
        "prefix": "/en",
        "registered": "Confirmed",
        "price": "¥380",
        "title": "Low-temperature sodium-ion cathode",
    },
}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_investor_buys_a_pass_by_bank_transfer_joins_in_the_window_and_turns_interest_into_a_match_request(
    sign_in, researcher, university, investor, editor, tracks, language, viewport
):
    energy = tracks[6]
    text = TEXT[language]
    prefix = text["prefix"]
    technology = TechnologyFactory(
        organisation=university,
        track=energy,
        title="低温钠离子电池正极材料",
        translated_title="Low-temperature sodium-ion cathode",
    )
    enable_bank_transfer()
    session = RoadshowSessionFactory(
        title="先进能源周路演",
        track=energy,
        price_cny=380,
        starts_at=(timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0),
    )
    RoadshowSessionFactory(title="新型材料周路演", track=tracks[7])
    pitch = PitchFactory(technology=technology, applicant=researcher, status="accepted", session=session)
    shot = f"roadshow-journey-{language}-{viewport}"

    page = sign_in(investor)
    page.set_viewport_size(VIEWPORTS[viewport])

    # The investor narrows the schedule to the advanced-energy track and opens the session.
    page.goto(f"{prefix}/roadshow/")
    page.click("[data-testid=schedule-filters] a[data-track=advanced-energy]")
    page.wait_for_url("**track=advanced-energy**")
    cards = page.locator("[data-testid=upcoming-sessions] [data-testid=session-card]")
    assert cards.count() == 1
    assert "先进能源周路演" in cards.first.inner_text()
    save_screenshot(page, f"{shot}-1-schedule-by-track")
    cards.first.locator("h3 a").click()
    page.wait_for_selector("[data-testid=registration-box]")

    # A paid pass by bank transfer: the seat is held and the payee account and reference shown.
    assert text["price"] in page.locator("[data-testid=registration-box]").inner_text()
    if page.locator("[data-testid=method-bank_transfer]").count():
        page.check("[data-testid=method-bank_transfer]")
    page.click("[data-testid=register-button]")
    page.wait_for_selector("[data-testid=bank-transfer-details]")
    transfer = BankTransfer.objects.get(registration__user=investor)
    assert page.locator("[data-testid=transfer-reference]").inner_text() == transfer.reference
    assert page.locator("[data-testid=payee-account]").inner_text() == PAYEE_ACCOUNT
    assert Registration.objects.get(user=investor).status == "pending_payment"
    save_screenshot(page, f"{shot}-2-bank-transfer-details")
    page.goto(f"{prefix}/roadshow/registrations/")
    assert transfer.reference in page.locator("[data-testid=transfer-instructions]").inner_text()

    # The transfer arrives; an editor marks it paid at the bank-transfer desk.
    desk = sign_in(editor)
    desk.set_viewport_size(VIEWPORTS[viewport])
    desk.goto(f"{prefix}/roadshow/payments/transfers/")
    desk.locator(f"[data-testid=transfer-{transfer.reference}] button[value=mark_paid]").click()
    desk.wait_for_load_state()
    transfer.refresh_from_db()
    assert transfer.status == "paid"
    assert Registration.objects.get(user=investor).status == "confirmed"
    save_screenshot(desk, f"{shot}-3-editor-marked-paid")
    desk.context.close()

    # My registrations: no join link two days ahead; once the window opens, the personal link.
    page.goto(f"{prefix}/roadshow/registrations/")
    row = page.locator("[data-testid=registration-row]")
    assert text["registered"] in row.locator("[data-testid=registration-status]").inner_text()
    assert row.locator("[data-testid=join-link]").count() == 0
    assert row.locator("[data-testid=join-later]").count() == 1
    session.starts_at = timezone.now() + dt.timedelta(minutes=10)
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.save()
    page.reload()
    join = page.locator("[data-testid=registration-row] [data-testid=join-link]")
    assert join.get_attribute("href").startswith(f"{prefix}/roadshow/join/")
    assert session.stream_url not in page.content()
    assert text["price"] in row.locator("[data-testid=payment-status]").inner_text()
    save_screenshot(page, f"{shot}-4-join-link-in-window")

    # Interest in the pitch, then one click to the match request, prefilled.
    page.goto(f"{prefix}/roadshow/sessions/{session.pk}/")
    page.click("[data-testid=interest-button]")
    page.wait_for_selector("[data-testid=interest-marked]")
    assert InvestorInterest.objects.get().pitch == pitch
    page.click("[data-testid=interest-to-request]")
    page.wait_for_selector("[data-testid=interest-request-form]")
    assert page.locator("[data-testid=request-technology]").inner_text() == text["title"]
    message = page.locator("textarea[name=message]").input_value()
    assert text["title"] in message
    assert page.locator("select[name=cooperation_mode]").input_value() == "equity"
    save_screenshot(page, f"{shot}-5-match-request-prefilled")
    page.locator("[data-testid=interest-request-form] button[type=submit]").click()
    page.wait_for_url("**/deals/requests/**")
    match_request = MatchRequest.objects.get()
    assert (match_request.technology_id, match_request.requester_id, match_request.source) == (
        technology.pk,
        investor.pk,
        "roadshow",
    )
    assert match_request.message == message
    save_screenshot(page, f"{shot}-6-match-request-sent")
