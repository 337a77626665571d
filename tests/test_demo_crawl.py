"""Every page a newcomer reaches in the demo works, in both languages, for every persona.

The demo is loaded once (load_demo, on the embedded search backend as `make demo` runs it); then,
for the visitor and each demo account, in Chinese and in English, every internal link shown from
the home page and the workspace is followed (GET only, a bounded number of pages each; see
tests.crawling.Crawler for what is sampled). Then: no page fails, no link the site shows answers 404,
no link is shown to someone it refuses (403, 405, 400, or a signed-in person sent to sign in), and
no interface text shows in the other language (tests.crawling.Catalogue).

`CRAWL_REPORT=/tmp/crawl.json pytest tests/test_demo_crawl.py -s` also writes the whole walk (each
page's links and POST actions per persona) to read which next step each page offers.
"""

import io
import json
import os
import time
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from accounts.models import User
from demo import funding, network, platforms
from demo.site_data import DEMO_USERS
from search.backends import reset_backends
from tests.crawling import Catalogue, Crawler

# The crawl runs once in the module fixture; each test only reads its results. django_db makes
# pytest-django set up the test database for it; under pytest-xdist `--dist loadgroup` keeps the
# module on one worker, so the demo is walked once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_crawl")]

# Who walks the demo: the visitor, one account per role, the operators of the other parts, and a
# newcomer who has just signed up (no organisation, no role yet).
PERSONAS = {
    "visitor": None,
    **{user["role"]: user["email"] for user in DEMO_USERS},
    "platform operator": platforms.OPERATOR_EMAIL,
    "fund manager": funding.FUND_EMAIL,
    "bank": funding.BANK_EMAIL,
    "agency broker": network.BROKERS[2][0],
    "newcomer": "newcomer@demo.binhai.test",
}
LANGUAGES = ("zh-hans", "en")
PAGE_LIMIT = 600
HOSTS = {"testserver", "127.0.0.1:8000", "localhost"}
# Not followed: sign-out and language switching are POST forms, the admin's own sign-out too.
SKIP = (r"^(/en)?/accounts/logout/", r"^/i18n/", r"^/admin/logout/")
# A person's own pages: every item they list is followed (elsewhere a few of each kind are).
OWN_PAGES = ("/workspace/", "/listings/mine/", "/notifications/", "/roadshow/registrations/")
LOGIN_PATHS = ("/accounts/login/", "/en/accounts/login/", "/admin/login/")


def _prefix(language, path):
    return path if language == "zh-hans" else "/en" + path


def _newcomer():
    user = User.objects.create_user(
        email=PERSONAS["newcomer"], password="binhai-demo-2026", display_name="新用户"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _crawl_everyone(catalogue):
    results = {}
    for persona, email in PERSONAS.items():
        user = None
        if email:
            user = _newcomer() if persona == "newcomer" else User.objects.get(email=email)
        crawlers = {}
        for language in LANGUAGES:
            client = Client()
            if user:
                client.force_login(user)
            starts = [_prefix(language, "/")] + ([_prefix(language, "/workspace/")] if user else [])
            crawlers[language] = Crawler(
                client,
                language=language,
                catalogue=catalogue,
                hosts=HOSTS,
                skip=SKIP,
                own=tuple(_prefix(language, path) for path in OWN_PAGES),
                limit=PAGE_LIMIT,
            )
            cache.clear()
            results[persona, language] = crawlers[language].crawl(starts)
        # A link into the other language that its own walk did not reach is still checked.
        for language, other in (LANGUAGES, LANGUAGES[::-1]):
            reached = results[persona, other].visited
            missed = {
                url: where
                for url, where in results[persona, language].elsewhere.items()
                if url not in reached
            }
            crawlers[other].check(results[persona, other], missed)
    return results


@pytest.fixture(scope="module")
def crawl(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded and walked once for the whole module, then rolled back."""
    settings = override_settings(
        SEARCH_BACKEND="embedded", SEARCH_EMBEDDED_DIR=str(tmp_path_factory.mktemp("embedded-index"))
    )
    with django_db_blocker.unblock(), settings:
        reset_backends()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            started = time.monotonic()
            call_command("load_demo", stdout=io.StringIO())
            loaded = time.monotonic()
            results = _crawl_everyone(Catalogue())
            print(
                f"\ndemo loaded in {loaded - started:.0f}s, crawled in {time.monotonic() - loaded:.0f}s: "
                + ", ".join(f"{p}/{lang} {len(r.visits)}" for (p, lang), r in results.items())
            )
            if os.environ.get("CRAWL_REPORT"):  # the whole walk, to read which steps each persona can take
                report = {f"{p}/{lang}": asdict(r) for (p, lang), r in results.items()}
                Path(os.environ["CRAWL_REPORT"]).write_text(json.dumps(report, ensure_ascii=False, indent=1))
            yield results
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()
            reset_backends()


def _visits(crawl, condition):
    found = defaultdict(list)
    for (persona, language), result in crawl.items():
        for visit in result.visits:
            if condition(persona, visit):
                found[f"{visit.status} {visit.url} {visit.error}".strip()].append(
                    f"{persona}/{language} from {visit.referrer}"
                )
    return {key: sorted(set(value))[:3] for key, value in sorted(found.items())}


def test_no_page_a_person_reaches_fails(crawl):
    assert _visits(crawl, lambda persona, visit: visit.status >= 500) == {}


def test_every_link_the_site_shows_leads_somewhere(crawl):
    assert _visits(crawl, lambda persona, visit: visit.status in (404, 410)) == {}


def _refused(persona, visit):
    if visit.status in (400, 403, 405):
        return True
    signed_in = PERSONAS[persona] is not None
    return signed_in and bool(visit.location) and visit.location.split("?")[0].endswith(LOGIN_PATHS)


def test_no_link_is_shown_to_someone_it_refuses(crawl):
    assert _visits(crawl, _refused) == {}


def _wrong_language(crawl, language):
    found = defaultdict(set)
    for (persona, lang), result in crawl.items():
        if lang == language:
            for url, messages in result.wrong_language.items():
                for message, text in messages:
                    found[message].add(f"{persona}: {url}: {text}")
    return {message: sorted(where)[:2] for message, where in sorted(found.items())}


def test_chinese_pages_show_no_interface_text_in_english(crawl):
    assert _wrong_language(crawl, "zh-hans") == {}


def test_english_pages_show_no_interface_text_in_chinese(crawl):
    assert _wrong_language(crawl, "en") == {}


def test_the_crawl_walks_each_persona_through_the_site(crawl):
    for (persona, language), result in crawl.items():
        assert not result.truncated or len(result.visits) == PAGE_LIMIT
        read = set(result.pages)
        assert _prefix(language, "/") in read, (persona, language)
        assert _prefix(language, "/listings/technologies/") in read, (persona, language)
        assert _prefix(language, "/roadshow/") in read, (persona, language)
        if PERSONAS[persona]:
            assert _prefix(language, "/workspace/") in read, (persona, language)
