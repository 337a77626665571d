"""Moderation on by default (editor submits, moderator approves) and scheduled publishing."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts.roles import Role
from home.models import NewsPage
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    user = user_with_role(Role.EDITOR, display_name="吴审核")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def _draft_news(index, slug="draft-news"):
    page = NewsPage(
        title="场景需求征集启动", slug=slug, date=datetime.date(2026, 4, 1), intro="面向八条赛道征集需求。"
    )
    page.live = False
    index.add_child(instance=page)
    page.save_revision()
    return page


@pytest.mark.smoke
def test_a_new_page_uses_the_moderators_approval_workflow(page_tree):
    page = _draft_news(page_tree["news"])
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "Moderators approval"
    assert [task.name for task in workflow.tasks] == ["Moderators approval"]


def test_editor_submits_in_the_admin_then_moderator_approves_and_the_page_goes_live(
    page_tree, editor, moderator, client
):
    index = page_tree["news"]
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "场景需求征集启动",
            "slug": "call-for-demands",
            "date": "2026-04-01",
            "intro": "面向八条赛道征集需求。",
            "body": streamfield([]),
            "tags": "",
            "comments": inline_formset([]),
            "action-submit": "submit",
        }
    )
    response = client.post(f"/admin/pages/add/home/newspage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = NewsPage.objects.get(slug="call-for-demands")
    assert not page.live
    assert client.get("/news/call-for-demands/").status_code == 404
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    # The submitting editor is not a moderator: no approve action for them.
    assert task_state.task.specific.get_actions(page, editor) == []
    assert not page.permissions_for_user(editor).can_publish()

    client.force_login(moderator)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "同意发布"}
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    state.refresh_from_db()
    assert page.live
    assert state.status == WorkflowState.STATUS_APPROVED
    assert client.get("/news/call-for-demands/").status_code == 200


def test_moderator_rejection_keeps_the_page_off_the_site(page_tree, editor, moderator):
    page = _draft_news(page_tree["news"], slug="rejected")
    state = page.get_workflow().start(page, editor)
    state.current_task_state.task.specific.on_action(state.current_task_state, moderator, "reject")
    page.refresh_from_db()
    state.refresh_from_db()
    assert not page.live
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_page_scheduled_for_the_future_goes_live_only_after_publish_scheduled(page_tree, client):
    page = _draft_news(page_tree["news"], slug="scheduled")
    page.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at is not None

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live
    assert client.get("/news/scheduled/").status_code == 404

    # Three hours later the scheduled moment is behind us.
    later = timezone.now() + datetime.timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert client.get("/news/scheduled/").status_code == 200
