"""The digest gathers what each part registered, in order, and keeps the saved-search pages where they were."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

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


def test_the_waiting_sections_give_each_listing_in_the_readers_language(
    reader, university, enterprise_org, tracks
):
    """Deal flow, the centres and the network list what waits on the reader under the listing's
    title in the reader's language when the listing carries one, as every page does."""
    from network.services import request_brokerage  # noqa: PLC0415 — only this test needs the parts' services
    from tests.factories.dealflow import match_request  # noqa: PLC0415 — as above
    from tests.factories.listings import DemandFactory, TechnologyFactory  # noqa: PLC0415 — as above
    from tests.factories.network import AgencyFactory  # noqa: PLC0415 — as above
    from tests.factories.platforms import VerificationCentreFactory, ask  # noqa: PLC0415 — as above

    technology = TechnologyFactory(
        published=True, organisation=university, title="钠离子电池正极材料",
        translated_title="Sodium-ion cathode material", track=tracks[6], trl=6,
    )  # fmt: skip
    enterprise = user_with_role(Role.ENTERPRISE, organisation=enterprise_org, preferred_language="en")
    match_request(requester=enterprise, listing=technology)
    centre = VerificationCentreFactory(organisation=university, tracks=[tracks[6]])
    other_university = user_with_role(Role.RESEARCHER, organisation=enterprise_org)
    other_technology = TechnologyFactory(
        published=True, organisation=enterprise_org, title="低温电解液配方",
        translated_title="Low-temperature electrolyte", track=tracks[6], trl=6,
    )  # fmt: skip
    ask(requester=other_university, technology=other_technology, centre=centre)
    agency = AgencyFactory(organisation=university, tracks=[tracks[6]])
    demand = DemandFactory(
        published=True, organisation=enterprise_org, title="储能电站低温电池需求",
        translated_title="Low-temperature batteries for storage plants", track=tracks[6],
    )  # fmt: skip
    request_brokerage(
        requester=enterprise, agency=agency, demand=demand, message="请协助对接合适的高校团队。"
    )
    with translation.override("en"):  # as send_user_digest reads for this reader
        items, _unread = services.collect_digest_items(user=reader, since=timezone.now())
    assert [item.title for item in items] == [
        "Sodium-ion cathode material",
        "Low-temperature electrolyte",
        "Low-temperature batteries for storage plants",
    ]
