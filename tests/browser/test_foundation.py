"""A visitor finds the site, reads it in English and Chinese, signs up, verifies the e-mail,
signs in, edits the profile and opens a track page."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_switches_language_signs_up_verifies_logs_in_edits_profile_and_opens_a_track(
    page, live_server, screenshot
):
    call_command("load_demo", "--site-only", stdout=io.StringIO())
    mail.outbox.clear()

    page.goto("/")
    assert page.locator("h1").first.inner_text() == "滨海未来产业科技成果转化平台"
    page.get_by_test_id("switch-to-en").click()
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.locator("h1").first.inner_text() == "Binhai Future Industries Technology Transfer"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_test_id("switch-to-zh-hans").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "八条新赛道" in page.content()

    # Sign up with mandatory e-mail verification.
    page.locator("header .button", has_text="注册").click()
    page.wait_for_url(re.compile(r"/accounts/signup/$"))
    page.fill('input[name="email"]', "visitor@example.test")
    page.fill('input[name="password1"]', "tidal-basin-7781")
    page.fill('input[name="password2"]', "tidal-basin-7781")
    page.fill('input[name="display_name"]', "郑工程师")
    page.check('input[name="roles"][value="enterprise"]')
    page.locator('form input[name="email"]').press("Enter")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    user = User.objects.get(email="visitor@example.test")
    assert not user.emailaddress_set.get().verified

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert user.emailaddress_set.get().verified

    # Sign in and edit the profile.
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', "visitor@example.test")
    page.fill('input[name="password"]', "tidal-basin-7781")
    page.locator('main form input[name="password"]').press("Enter")
    page.wait_for_url(re.compile(r"/accounts/profile/$"))
    page.fill('input[name="position"]', "研发总监")
    page.fill('input[name="phone"]', "022-6620 1234")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/profile/$"))
    user.refresh_from_db()
    assert (user.display_name, user.position, user.phone) == ("郑工程师", "研发总监", "022-6620 1234")
    assert user.has_role("enterprise")

    # Open a track page from the navigation.
    page.locator(".main-nav a", has_text="赛道").first.click()
    page.locator(".track-list a", has_text="深海探采").click()
    page.wait_for_url(re.compile(r"/tracks/deep-sea/$"))
    assert page.locator("h1").inner_text() == "深海探采"
    assert "深水半潜式生产平台" in page.content() or "深水" in page.locator(".prose").inner_text()
    assert page.get_by_test_id("account-link").inner_text() == "郑工程师"
    path = screenshot("foundation-track-page")
    assert path.exists() and path.stat().st_size > 10_000
