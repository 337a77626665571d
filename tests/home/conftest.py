import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Locale, Page, Site

from home.models import HomePage, NewsIndexPage, PolicyIndexPage, TrackIndexPage


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The whole demo built once per test module, inside a transaction rolled back at the end.

    Each test still runs in its own savepoint (through `db`), so what a test adds is undone.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            call_command("load_demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def demo(demo_site, db):
    """Use in tests: the demo content, plus database access for the test itself."""
    cache.clear()
    return demo_site


@pytest.fixture
def page_tree(db):
    """A minimal Chinese tree without the demo: home, track index, news index and policy index."""

    locale = Locale.objects.get(language_code="zh-hans")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="test-home", locale=locale))
    Site.objects.update_or_create(is_default_site=True, defaults={"root_page": home, "hostname": "localhost"})
    tree = {"home": home}
    for key, model, title in (
        ("tracks", TrackIndexPage, "赛道"),
        ("news", NewsIndexPage, "新闻"),
        ("policies", PolicyIndexPage, "政策"),
    ):
        tree[key] = home.add_child(instance=model(title=title, slug=key, locale=locale))
    cache.clear()
    return tree
