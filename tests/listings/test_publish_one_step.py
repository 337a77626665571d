"""Publish in one step: the form submits for review; the owner hears the editors' decision on the site."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from dealflow.models import MatchRequest
from listings import services
from listings.models import Listing, Technology
from notifications.models import Notification
from tests.factories.dealflow import match_request
from tests.listings.test_views import _form_data

pytestmark = pytest.mark.django_db


def _decide(listing, editor, action, comment=""):
    task_state = listing.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, editor, action, comment=comment)
    listing.refresh_from_db()


@pytest.fixture
def submitted_via_form(client, researcher, university, tracks, django_capture_on_commit_callbacks):
    client.force_login(researcher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("listings:create", args=["technology"]),
            {**_form_data(university, tracks[4]), "intent": "submit"},
        )
    assert response.status_code == 302
    assert response["Location"] == "/workspace/"
    return Technology.objects.get()


def test_submit_for_review_saves_and_sends_to_the_editors_in_one_step(submitted_via_form):
    assert submitted_via_form.status == Listing.Status.SUBMITTED
    assert submitted_via_form.workflow_in_progress


def test_save_draft_keeps_it_a_draft(client, researcher, university, tracks):
    client.force_login(researcher)
    response = client.post(
        reverse("listings:create", args=["technology"]),
        {**_form_data(university, tracks[4]), "intent": "draft"},
    )
    assert response.status_code == 302
    listing = Technology.objects.get()
    assert listing.status == Listing.Status.DRAFT
    assert not listing.workflow_in_progress


def test_form_offers_both_buttons(client, researcher):
    client.force_login(researcher)
    page = client.get(reverse("listings:create", args=["technology"])).content.decode()
    assert 'name="intent" value="submit"' in page
    assert 'name="intent" value="draft"' in page
    assert "提交审核" in page


def test_invalid_submission_saves_nothing(client, researcher, university, tracks):
    client.force_login(researcher)
    data = {**_form_data(university, tracks[4], title=""), "intent": "submit"}
    response = client.post(reverse("listings:create", args=["technology"]), data)
    assert response.status_code == 200
    assert not Technology.objects.exists()


def test_approval_notifies_the_owner_in_their_language_linking_to_the_site(
    submitted_via_form, editor, researcher, django_capture_on_commit_callbacks
):
    researcher.preferred_language = "en"
    researcher.save(update_fields=["preferred_language"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _decide(submitted_via_form, editor, "approve")
    assert submitted_via_form.status == Listing.Status.PUBLISHED
    note = Notification.objects.get(recipient=researcher, kind="listing_approved")
    assert note.title == f"“{submitted_via_form.title}” is published"
    with translation.override("en"):
        assert note.url == submitted_via_form.get_absolute_url()
    assert note.url.startswith("/en/")
    # One mail, ours: the site's page, no admin link, no Wagtail text.
    assert [m.to for m in mail.outbox] == [[researcher.email]]
    assert mail.outbox[0].subject == note.title
    assert f"{note.url}\n" in mail.outbox[0].body
    assert "/admin/" not in mail.outbox[0].body


def test_changes_requested_notifies_the_owner_in_chinese_with_the_reason(
    submitted_via_form, editor, researcher, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _decide(submitted_via_form, editor, "reject", comment="请补充低温循环数据。")
    assert submitted_via_form.status == Listing.Status.DRAFT
    assert submitted_via_form.rejection_reason == "请补充低温循环数据。"
    note = Notification.objects.get(recipient=researcher, kind="listing_rejected")
    assert note.body == "请补充低温循环数据。"
    assert note.url == submitted_via_form.get_absolute_url()
    assert not note.url.startswith("/en/")
    assert len(mail.outbox) == 1
    assert "/admin/" not in mail.outbox[0].body


def test_fix_and_resubmit_after_changes_requested(
    client, submitted_via_form, editor, researcher, university, tracks
):
    _decide(submitted_via_form, editor, "reject", comment="请补充低温循环数据。")
    page = client.get(submitted_via_form.get_absolute_url()).content.decode()
    assert "请补充低温循环数据。" in page
    url = reverse("listings:edit", args=["technology", submitted_via_form.ref])
    response = client.post(
        url, {**_form_data(university, tracks[4], summary="补充了低温数据。"), "intent": "submit"}
    )
    assert response.status_code == 302
    submitted_via_form.refresh_from_db()
    assert submitted_via_form.status == Listing.Status.SUBMITTED
    assert submitted_via_form.rejection_reason == ""
    _decide(submitted_via_form, editor, "approve")
    assert submitted_via_form.status == Listing.Status.PUBLISHED
    assert submitted_via_form.summary == "补充了低温数据。"


def test_withdraw_asks_for_confirmation_naming_pending_requests(
    client, researcher, enterprise_user, technology
):
    match_request(requester=enterprise_user, listing=technology)
    client.force_login(researcher)
    url = reverse("listings:action", args=["technology", technology.ref, "withdraw"])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 个对接请求仍在等待您的答复" in page or "1 match request still waits" in page
    technology.refresh_from_db()
    assert technology.status == Listing.Status.PUBLISHED  # a GET changes nothing
    assert response.context["pending_requests"] == 1


def test_confirmed_close_ends_pending_requests(
    client, researcher, enterprise_user, technology, django_capture_on_commit_callbacks
):
    request = match_request(requester=enterprise_user, listing=technology)
    client.force_login(researcher)
    url = reverse("listings:action", args=["technology", technology.ref, "close"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"next": "/workspace/"})
    assert response["Location"] == "/workspace/"
    technology.refresh_from_db()
    assert technology.status == Listing.Status.CLOSED
    assert MatchRequest.objects.get(pk=request.pk).status == MatchRequest.Status.WITHDRAWN


def test_submit_action_still_refuses_get(client, researcher, draft_technology):
    client.force_login(researcher)
    response = client.get(reverse("listings:action", args=["technology", draft_technology.ref, "submit"]))
    assert response.status_code == 405


def test_service_refuses_second_submission(researcher, draft_technology):
    services.submit_listing(listing=draft_technology, user=researcher)
    draft_technology.refresh_from_db()
    with pytest.raises(ValidationError, match="此信息已在审核中"):
        services.save_and_submit_listing(listing=draft_technology, user=researcher)
    assert Technology.objects.get(pk=draft_technology.pk).status == Listing.Status.SUBMITTED
