"""A researcher applies to pitch, an editor accepts and schedules it, an investor registers,
sees the join link only when it is due, and marks interest."""

import datetime as dt

import pytest
from django.utils import timezone

from roadshow.models import InvestorInterest, PitchApplication, Registration
from tests.browser.conftest import save_screenshot
from tests.factories.roadshow import RoadshowSessionFactory, TechnologyFactory


@pytest.mark.django_db(transaction=True)
def test_pitch_is_applied_accepted_scheduled_attended_and_draws_interest(
    sign_in, researcher, university, editor, investor, tracks
):
    technology = TechnologyFactory(organisation=university, track=tracks[6], title="低温钠离子电池正极材料")
    session = RoadshowSessionFactory(title="先进能源周路演", track=tracks[6])

    # The researcher applies from the always-open pitch pool.
    page = sign_in(researcher)
    page.goto("/roadshow/pitches/apply/")
    page.select_option("select[name=technology]", str(technology.pk))
    page.select_option("select[name=ask]", "investment")
    page.fill("input[name=stage]", "中试线运行，三家储能企业试用")
    page.fill("textarea[name=team]", "王研究员（首席科学家）与五人工程团队")
    save_screenshot(page, "roadshow-1-apply")
    page.locator("[data-testid=pitch-form] button[type=submit]").click()
    page.wait_for_selector("[data-testid=my-pitches]")
    pitch = PitchApplication.objects.get()
    assert pitch.status == "submitted"
    page.context.close()

    # The editor accepts and places it into the session.
    page = sign_in(editor)
    page.goto(f"/roadshow/pitches/{pitch.pk}/review/")
    page.select_option("select[name=decide-decision]", "accepted")
    page.locator("[data-testid=decide-form] button[type=submit]").click()
    page.wait_for_selector("[data-testid=schedule-form]")
    page.select_option("select[name=schedule-session]", str(session.pk))
    page.fill("input[name=schedule-slot_order]", "1")
    page.fill("input[name=schedule-duration_minutes]", "20")
    page.locator("[data-testid=schedule-form] button[type=submit]").click()
    page.wait_for_selector("[data-testid=schedule-form]")
    save_screenshot(page, "roadshow-2-editor-scheduled")
    pitch.refresh_from_db()
    assert (pitch.status, pitch.session_id, pitch.duration_minutes) == ("accepted", session.pk, 20)
    page.context.close()

    # The investor registers; the join link is not there days before the start.
    page = sign_in(investor)
    page.goto(f"/roadshow/sessions/{session.pk}/")
    assert page.locator("[data-testid=agenda] a", has_text="低温钠离子电池正极材料").count() == 1
    page.click("[data-testid=register-button]")
    page.wait_for_selector("[data-testid=registration-status]")
    assert Registration.objects.get(user=investor).status == "confirmed"
    assert page.locator("[data-testid=join-link]").count() == 0
    assert page.locator("[data-testid=join-later]").count() == 1
    save_screenshot(page, "roadshow-3-registered-join-not-yet")

    # Ten minutes before the start the link appears, and the investor marks interest.
    session.starts_at = timezone.now() + dt.timedelta(minutes=10)
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.save()
    page.reload()
    join_path = page.locator("[data-testid=join-link]").get_attribute("href")
    assert join_path.startswith("/roadshow/join/")
    assert session.stream_url not in page.content()
    page.fill(".interest-form textarea", "我们关注储能赛道，希望了解量产计划。")
    page.click("[data-testid=interest-button]")
    page.wait_for_selector("[data-testid=interest-marked]")
    save_screenshot(page, "roadshow-4-join-link-and-interest")
    interest = InvestorInterest.objects.get()
    assert (interest.investor, interest.pitch) == (investor, pitch)
    page.context.close()

    # The pitcher sees the interest on the dashboard.
    page = sign_in(researcher)
    page.goto("/roadshow/pitches/mine/")
    assert (
        "我们关注储能赛道，希望了解量产计划。" in page.locator("[data-testid=pitch-interests]").inner_text()
    )
    save_screenshot(page, "roadshow-5-pitcher-dashboard")
    page.context.close()
