"""Headless Chromium (Debian's package) driven by Playwright, against Django's live server.

Screenshots go to test-artifacts/ so a person can look at what the test saw.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the tests still talk to the ORM
# directly (to read the outbox, check state), which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run scripts/install_system_packages.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, live_server, *, width=1280, height=900, bypass_csp=False):
    """A page in a browser context of its own: its own cookies, so its own signed-in person.

    ``bypass_csp`` lets a test inject a checker script (axe-core) that the site's policy would refuse.
    """
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": width, "height": height},
        bypass_csp=bypass_csp,
    )
    context.set_default_timeout(30_000)  # generous: CI shares two cores with four servers
    return context.new_page()


@pytest.fixture
def page(browser, live_server):
    page = new_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def sign_in(browser, live_server):
    """sign_in(user) -> a new page where that person has signed in through the sign-in form."""
    pages = []

    def sign_in_as(user, password="correct-horse-battery"):
        page = new_page(browser, live_server)
        pages.append(page)
        page.goto("/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", password)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_selector("[data-testid=account-link]")
        return page

    yield sign_in_as
    for page in pages:
        page.context.close()


def save_screenshot(page, name):
    """Save a full-page screenshot under test-artifacts/<name>.png and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot(page):
    """screenshot(name): a full-page screenshot of `page` under test-artifacts/<name>.png."""
    return lambda name: save_screenshot(page, name)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # Live-server tests flush the database after each test, which also removes what
            # migrations created (Wagtail's root page, default site and locales, the role
            # groups). Serialized rollback puts it back, so each test starts from a freshly
            # migrated site. Prepended so it wins over a plain django_db marker on the test.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)
