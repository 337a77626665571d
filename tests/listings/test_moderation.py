import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.richtext import render_markdown
from listings import services
from listings.models import Listing, Technology
from listings.moderation import WORKFLOW_NAME
from listings.signals import listings_changed
from tests.factories.listings import TechnologyFactory


@pytest.fixture
def draft(researcher, university, tracks):
    listing = Technology(
        title="钠离子电池层状氧化物正极材料",
        summary="低成本长寿命正极材料。",
        description='<p onclick="x()">正极<script>alert(1)</script><strong>材料</strong></p>',
        track=tracks[6],
        organisation=university,
        trl=5,
        transfer_modes=["license"],
    )
    return services.save_listing(listing=listing, user=researcher)


def _task_state(listing):
    listing.refresh_from_db()
    return listing.current_workflow_state.current_task_state


def test_listing_models_are_assigned_the_listing_workflow(db, draft):
    assert draft.get_workflow().name == WORKFLOW_NAME


def test_new_listing_is_a_sanitised_draft_with_a_revision(draft, researcher):
    assert draft.status == Listing.Status.DRAFT
    assert draft.live is False
    assert draft.description == '<p onclick="x()">正极<script>alert(1)</script><strong>材料</strong></p>'
    assert "<script" not in str(render_markdown(draft.description))
    assert draft.created_by == researcher
    assert draft.latest_revision is not None
    assert draft.ref == f"T{draft.pk:06d}"


@pytest.mark.smoke
def test_submit_then_editor_approves_in_workflow_publishes(draft, researcher, editor):
    services.submit_listing(listing=draft, user=researcher)
    draft.refresh_from_db()
    assert draft.status == Listing.Status.SUBMITTED
    assert not Technology.objects.published().exists()

    task_state = _task_state(draft)
    task_state.task.specific.on_action(task_state, editor, "approve", comment="")
    draft.refresh_from_db()
    assert draft.status == Listing.Status.PUBLISHED
    assert draft.live is True
    assert draft.published_at is not None
    assert list(Technology.objects.published()) == [draft]


def test_reject_sends_back_to_draft_with_the_reviewers_reason(draft, researcher, editor):
    services.submit_listing(listing=draft, user=researcher)
    task_state = _task_state(draft)
    task_state.task.specific.on_action(task_state, editor, "reject", comment="请补充专利号和技术指标。")
    draft.refresh_from_db()
    assert draft.status == Listing.Status.DRAFT
    assert draft.rejection_reason == "请补充专利号和技术指标。"
    assert draft.live is False

    # The owner fixes it and submits again: the same workflow resumes, the reason is cleared.
    services.submit_listing(listing=draft, user=researcher)
    draft.refresh_from_db()
    assert draft.status == Listing.Status.SUBMITTED
    assert draft.rejection_reason == ""


def test_non_member_cannot_submit_or_withdraw(draft, enterprise_user):
    with pytest.raises(PermissionDenied):
        services.submit_listing(listing=draft, user=enterprise_user)
    with pytest.raises(PermissionDenied):
        services.withdraw_listing(listing=draft, user=enterprise_user)


def test_submitting_twice_is_refused(draft, researcher):
    services.submit_listing(listing=draft, user=researcher)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        services.submit_listing(listing=draft, user=researcher)


def test_withdraw_unpublishes_and_close_is_final_until_reopened(draft, researcher, editor):
    services.publish_listing(listing=draft, user=editor)
    assert draft.status == Listing.Status.PUBLISHED
    services.withdraw_listing(listing=draft, user=researcher)
    assert draft.status == Listing.Status.WITHDRAWN
    assert draft.live is False
    assert not Technology.objects.published().exists()
    services.reopen_listing(listing=draft, user=researcher)
    assert draft.status == Listing.Status.DRAFT


def test_only_editors_publish_directly(draft, researcher):
    with pytest.raises(PermissionDenied):
        services.publish_listing(listing=draft, user=researcher)


def test_editing_a_published_listing_keeps_the_public_text_until_approved(draft, researcher, editor):
    services.publish_listing(listing=draft, user=editor)
    edited = draft.get_latest_revision_as_object()
    edited.title = "改进后的标题"
    services.save_listing(listing=edited, user=researcher)
    draft.refresh_from_db()
    assert draft.title == "钠离子电池层状氧化物正极材料"
    assert draft.has_unpublished_changes is True
    assert draft.status == Listing.Status.PUBLISHED
    services.submit_listing(listing=draft, user=researcher)
    task_state = _task_state(draft)
    task_state.task.specific.on_action(task_state, editor, "approve", comment="")
    draft.refresh_from_db()
    assert draft.title == "改进后的标题"
    assert draft.status == Listing.Status.PUBLISHED


def test_listings_changed_is_sent_on_publish(draft, editor, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, ids, **kwargs):
        received.append((sender, ids))

    listings_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_listing(listing=draft, user=editor)
    finally:
        listings_changed.disconnect(receiver)
    assert (Technology, [draft.pk]) in received


def test_factory_published_trait_is_public(db):
    assert TechnologyFactory(published=True).is_published
