"""The digest gathers what each part registered, in order, and keeps the saved-search pages where they were."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from digest import services
from notifications import registry
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(university):
    return user_with_role(
        Role.RESEARCHER, organisation=university, display_name="读者", preferred_language="en"
    )


def test_every_part_fills_its_digest_section_in_the_declared_order():
    assert [section.name for section in registry.digest_sections()] == [
        "dealflow.awaiting_answer",
        "platforms.awaiting_answer",
        "funding.awaiting_review",
        "network.awaiting_answer",
        "search.new_matches",
        "funding.new_programmes",
        "digest.saved_searches",
    ]


def test_a_section_a_part_registers_reaches_the_digest(reader, monkeypatch):
    monkeypatch.setattr(registry, "_digest_sections", dict(registry._digest_sections))
    registry.register_digest_section(
        name="test.extra",
        order=99,
        collect=lambda user, since: [
            registry.DigestItem(heading="From another part", ref="X-1", title="新的条目", url="https://x/1")
        ],
    )
    mail.outbox.clear()
    assert services.send_user_digest(user=reader, day=timezone.localdate()) is True
    assert "From another part" in mail.outbox[0].body and "X-1 新的条目" in mail.outbox[0].body


def test_saved_search_pages_keep_their_addresses_and_the_centre_links_them(client, reader):
    assert reverse("digest:saved_searches") == "/notifications/saved-searches/"
    assert reverse("digest:saved_search_delete", args=[3]) == "/notifications/saved-searches/3/delete/"
    client.force_login(reader)
    assert 'href="/notifications/saved-searches/"' in client.get("/notifications/").content.decode()


def test_search_page_offers_to_save_the_search_on_the_digest_page(client, reader, tracks):
    client.force_login(reader)
    response = client.get("/search/?kind=technology&q=储能")
    assert response.context["save_search_url"].startswith("/notifications/saved-searches/?kind=technology")
