"""Editors moderate listings in the Wagtail admin: the snippet views and the workflow actions."""

import pytest
from django.urls import reverse

from listings import services
from listings.models import Listing, Technology
from notifications.models import Notification


@pytest.fixture
def submitted(draft_technology, researcher):
    services.submit_listing(listing=draft_technology, user=researcher)
    draft_technology.refresh_from_db()
    return draft_technology


def _action_url(listing, action):
    task_state = listing.current_workflow_state.current_task_state
    return reverse(
        "wagtailsnippets_listings_technology:workflow_action", args=[listing.pk, action, task_state.pk]
    )


def test_editor_sees_listings_under_marketplace_with_filters(client, editor, submitted, technology):
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_listings_technology:list"), {"status": "submitted"})
    html = response.content.decode()
    assert response.status_code == 200
    assert submitted.ref in html
    assert technology.ref not in html
    response = client.get(reverse("wagtailsnippets_listings_technology:list"), {"q": "未公开"})
    assert submitted.ref in response.content.decode()
    edit = client.get(reverse("wagtailsnippets_listings_technology:edit", args=[submitted.pk]))
    assert edit.status_code == 200
    assert "patents-TOTAL_FORMS" in edit.content.decode()


def test_editor_rejects_in_admin_and_owner_sees_reason(client, editor, researcher, submitted):
    client.force_login(editor)
    response = client.post(_action_url(submitted, "reject"), {"comment": "请补充低温测试数据。"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Listing.Status.DRAFT
    assert submitted.rejection_reason == "请补充低温测试数据。"
    client.force_login(researcher)
    html = client.get(reverse("listings:dashboard")).content.decode()
    assert "请补充低温测试数据。" in html


def test_editor_approves_in_admin_and_listing_is_published(client, editor, submitted):
    client.force_login(editor)
    response = client.post(_action_url(submitted, "approve"), {"comment": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Listing.Status.PUBLISHED
    assert list(Technology.objects.published().values_list("ref", flat=True)) == [submitted.ref]
    client.logout()
    assert client.get(submitted.get_absolute_url()).status_code == 200


def test_rejection_notifies_the_owner(editor, researcher, submitted):
    task_state = submitted.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "reject", comment="缺少专利信息")
    note = Notification.objects.get(recipient=researcher)
    assert note.body == "缺少专利信息"
    assert "未公开的草稿成果" in note.title


def test_researchers_cannot_reach_the_admin(client, researcher):
    client.force_login(researcher)
    response = client.get(reverse("wagtailsnippets_listings_technology:list"))
    assert response.status_code == 403  # a plain refusal, not a redirect back to sign-in
