import datetime

import pytest
from django.core import mail
from django.template import Context, Template
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from digest import services as digest_services
from digest.models import DigestDelivery, SavedSearch
from listings.models import Demand, Technology
from listings.signals import listings_changed
from notifications import services
from notifications.models import Notification
from tests.factories.dealflow import match_request
from tests.factories.listings import DemandFactory, TechnologyFactory


@pytest.mark.smoke
def test_notify_is_idempotent_per_dedupe_key_and_emails_once(reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(
            recipient=reader, kind="test", title="请回复", body="Next: reply", dedupe_key="k1"
        )
        again = services.notify(
            recipient=reader, kind="test", title="请回复", body="Next: reply", dedupe_key="k1"
        )
    assert first.pk == again.pk and Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert services.send_notification_email(notification=first) is False  # already sent
    assert len(mail.outbox) == 1


def test_preferences_mute_kinds_and_switch_off_email(client, reader, django_capture_on_commit_callbacks):
    client.force_login(reader)
    response = client.post(
        "/notifications/preferences/", {"email_enabled": "on", "muted_kinds": ["thread.message"]}
    )
    assert response.status_code == 302
    response = client.post(
        "/notifications/preferences/", {"email_enabled": "on", "muted_kinds": ["nonsense"]}
    )
    assert response.status_code == 400 and response.context["form"].errors["muted_kinds"]
    assert services.preference_for(reader).muted_kinds == ["thread.message"]
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipient=reader, kind="thread.message", title="新消息")
        services.notify(recipient=reader, kind="match_request.received", title="新请求")
    assert [m.subject for m in mail.outbox] == ["新请求"]
    assert Notification.objects.filter(recipient=reader).count() == 2  # the centre shows both


def test_one_click_unsubscribe_with_a_signed_token(client, reader):
    token = services.unsubscribe_token(user=reader, scope="all")
    page = client.get(f"/notifications/unsubscribe/{token}/")
    assert page.status_code == 200 and services.preference_for(reader).email_enabled  # GET changes nothing
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 200
    preference = services.preference_for(reader)
    assert (preference.email_enabled, preference.digest_enabled) == (False, False)
    tampered = client.post(f"/notifications/unsubscribe/{token[:-2]}xx/")
    assert tampered.status_code == 400


def test_centre_counts_unread_and_opening_marks_read(client, reader):
    notice = services.notify(recipient=reader, kind="x", title="甲", url="/deals/", email=False)
    services.notify(recipient=reader, kind="x", title="乙", email=False)
    client.force_login(reader)
    assert client.get("/notifications/").context["unread"] == 2
    assert client.post(f"/notifications/{notice.pk}/open/")["Location"] == "/deals/"
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
    client.post("/api/v1/notifications/mark-read/", {}, content_type="application/json")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_saved_search_form_rejects_empty_searches(client, reader, tracks):
    client.force_login(reader)
    response = client.post(
        "/en/notifications/saved-searches/", {"name": "储能", "kind": "technology", "query": ""}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["Enter some words or choose a filter to save."]
    response = client.post("/notifications/saved-searches/", {"name": "", "kind": "robots"})
    assert set(response.context["form"].errors) == {"name", "kind"}
    assert not SavedSearch.objects.exists()
    response = client.post(
        "/notifications/saved-searches/",
        {"name": "储能", "kind": "technology", "query": "钠离子", "track": "advanced-energy"},
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get()
    assert (saved.query, saved.filters) == ("钠离子", {"track": "advanced-energy"})


def test_digest_lists_pending_requests_and_goes_out_once_a_day(reader, enterprise_user, university):
    technology = TechnologyFactory(published=True, organisation=university, title="柔性钙钛矿电池")
    match_request(requester=enterprise_user, listing=technology)
    day = timezone.localdate()
    mail.outbox.clear()
    assert digest_services.send_user_digest(user=reader, day=day) is True
    assert digest_services.send_user_digest(user=reader, day=day) is False
    assert digest_services.send_daily_digests(day=day) == 0  # the reader is served; the requester has nothing
    digests = [m for m in mail.outbox if m.to == [reader.email]]
    assert len(digests) == 1
    assert "柔性钙钛矿电池" in digests[0].body and "Awaiting your answer by" in digests[0].body
    assert "/notifications/unsubscribe/" in digests[0].extra_headers["List-Unsubscribe"]
    assert DigestDelivery.objects.get(user=reader, day=day).item_count == 1
    assert digest_services.send_user_digest(user=reader, day=day + datetime.timedelta(days=1)) is True


def test_unsubscribed_digest_is_not_sent(reader, enterprise_user, university):
    match_request(
        requester=enterprise_user, listing=TechnologyFactory(published=True, organisation=university)
    )
    services.unsubscribe(user=reader, scope="digest")
    mail.outbox.clear()
    digest_services.send_daily_digests(day=timezone.localdate())
    assert not [m for m in mail.outbox if m.to == [reader.email]]


@pytest.mark.smoke
def test_periodic_tasks_are_registered_with_celery_beat(db):
    tasks = dict(PeriodicTask.objects.values_list("name", "task"))
    assert tasks["notifications: daily digest"] == "notifications.send_daily_digests"
    assert tasks["dealflow: deadline reminders"] == "dealflow.send_deadline_reminders"


def test_notification_badge_shows_the_unread_count(rf, reader):
    services.notify(recipient=reader, kind="x", title="甲", email=False)
    request = rf.get("/")
    request.user = reader
    html = Template("{% load notification_tags %}{% notification_badge %}").render(
        Context({"request": request})
    )
    assert '<span class="tag">1</span>' in html and "/notifications/" in html


def test_search_page_link_prefills_the_saved_search_form(client, reader, tracks):
    client.force_login(reader)
    form = client.get(
        "/notifications/saved-searches/?kind=demand&query=低温储能&track=advanced-energy"
    ).context["form"]
    assert form.initial == {
        "kind": "demand",
        "query": "低温储能",
        "track": "advanced-energy",
        "name": "低温储能",
    }


def test_digest_includes_new_results_of_saved_searches(
    reader, university, tracks, django_capture_on_commit_callbacks
):
    technology = TechnologyFactory(published=True, organisation=university, title="海水淡化石墨烯膜")
    with django_capture_on_commit_callbacks(execute=True):  # the search index updates after commit
        listings_changed.send(sender=Technology, ids=[technology.pk])
    digest_services.save_search(user=reader, name="淡化膜", kind="technology", query="石墨烯")
    mail.outbox.clear()
    assert digest_services.send_user_digest(user=reader, day=timezone.localdate()) is True
    body = mail.outbox[0].body
    assert "Saved search: 淡化膜" in body and technology.ref in body and "海水淡化石墨烯膜" in body


def test_digest_includes_new_matches_for_the_readers_listings(
    reader, university, enterprise_org, tracks, django_capture_on_commit_callbacks
):
    """Both the reader's listing and its match are named in the reader's language (English here)
    where they carry a translation, as every page names them."""
    technology = TechnologyFactory(
        published=True, organisation=university, title="钠离子电池正极材料",
        translated_title="Sodium-ion cathode material",
    )  # fmt: skip
    demand = DemandFactory(
        published=True,
        organisation=enterprise_org,
        title="储能电站钠离子电池正极材料需求",
        translated_title="Sodium-ion cathodes for a storage plant",
        summary="寻求低成本钠离子电池正极材料，用于储能电站。",
        keywords=["钠离子电池", "正极材料", "储能"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        listings_changed.send(sender=Technology, ids=[technology.pk])
        listings_changed.send(sender=Demand, ids=[demand.pk])
    mail.outbox.clear()
    assert digest_services.send_user_digest(user=reader, day=timezone.localdate()) is True
    body = mail.outbox[0].body
    assert "New match for Sodium-ion cathode material" in body and demand.ref in body
    assert "Sodium-ion cathodes for a storage plant" in body and demand.title not in body


def test_a_notice_keeps_the_language_it_was_written_in_and_the_centre_marks_it(client, researcher):
    """Notices are written in the recipient's language; read in the other one, they say so."""
    from django.utils.translation import gettext  # noqa: PLC0415 - evaluated under each person's language

    researcher.preferred_language = "zh-hans"
    researcher.save(update_fields=["preferred_language"])
    (notice,) = services.notify_each(
        [researcher],
        kind="test",
        title=lambda: gettext("Notifications"),
        body=lambda: gettext("Notifications"),
    )
    assert (notice.title, notice.language) == ("通知", "zh-hans")
    client.force_login(researcher)
    english = client.get("/en/notifications/").content.decode()
    assert '<strong lang="zh-hans">通知</strong>' in english
    assert 'data-testid="notices-language"' in english and 'href="/en/accounts/profile/"' in english
    chinese = client.get("/notifications/").content.decode()
    assert "<strong>通知</strong>" in chinese and 'data-testid="notices-language"' not in chinese
