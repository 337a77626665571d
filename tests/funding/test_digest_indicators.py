"""The digest and saved searches include programmes; the indicators count applications and funding."""

import datetime

from django.core import mail
from django.utils import timezone

from digest import services as digest_services
from funding.digest import awaiting_review_items, new_programme_items
from indicators import services as indicators
from tests.factories.funding import ProgrammeFactory, apply, funded

TODAY = timezone.localdate()
YESTERDAY = timezone.now() - datetime.timedelta(days=1)


def test_the_funds_digest_lists_applications_awaiting_review(programme, technology, researcher, reviewer):
    application = apply(applicant=researcher, programme=programme, technology=technology)
    mail.outbox.clear()
    assert digest_services.send_user_digest(user=reviewer, day=TODAY) is True
    body = mail.outbox[0].body
    assert "Application awaiting review (Screening) for New Energy Pilot Fund" in body
    assert f"{technology.ref} 钠离子电池正极材料" in body
    assert awaiting_review_items(researcher, YESTERDAY) == []
    application.status = "declined"
    application.save()
    assert awaiting_review_items(reviewer, YESTERDAY) == []


def test_owners_hear_of_new_programmes_that_fit_their_technology(
    programme, technology, researcher, fund_org, tracks
):
    items = new_programme_items(researcher, YESTERDAY)
    assert [(i.heading, i.title) for i in items] == [
        ("New funding programme for 钠离子电池正极材料", "New Energy Pilot Fund")
    ]
    assert "Same track: " + technology.track.name in items[0].reasons
    ProgrammeFactory(organisation=fund_org, stage="growth", min_trl=9, tracks=[tracks[6]])
    assert len(new_programme_items(researcher, YESTERDAY)) == 1  # TRL 6 is below the growth fund's minimum


def test_a_saved_search_for_programmes_brings_new_ones(programme, researcher, tracks):
    saved = digest_services.save_search(
        user=researcher, name="中试基金", kind="programme", query="中试", filters={}
    )
    items = digest_services.saved_search_items(saved, YESTERDAY)
    assert [(i.ref, i.title) for i in items] == [("pilot-fund", "New Energy Pilot Fund")]
    assert digest_services.saved_search_items(saved, timezone.now() + datetime.timedelta(minutes=1)) == []


def test_the_programme_list_offers_to_save_the_search(client, programme, researcher):
    client.force_login(researcher)
    page = client.get("/en/funding/?query=中试").content.decode()
    assert 'data-testid="save-search"' in page
    assert "kind=programme" in page


def test_indicators_count_applications_funding_and_amounts_by_track(
    programme, technology, researcher, reviewer, tracks
):
    funded(apply(applicant=researcher, programme=programme, technology=technology), reviewer)
    funnel = {f["key"]: f for f in indicators.compute_figures().funnel}
    assert funnel["funding_applications"]["total"] == 1
    assert funnel["funded"]["by_track"][tracks[6].slug] == 1
    assert funnel["funding_amounts"]["total"] == 1000000
    assert {f["key"]: f["total"] for f in indicators.compute_figures(track=tracks[0]).funnel}["funded"] == 0
