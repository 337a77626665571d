"""The listings' signal, and the handlers keeping ``status`` in step with Wagtail's moderation.

``listings_changed(sender=<model class>, ids=[...])`` is sent after the transaction commits
whenever listings are created, edited, published, unpublished, closed or withdrawn. Bulk
imports send one signal per batch. The search index listens to it.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext
from wagtail import signals as wagtail_signals

from . import notices, tallies
from .models import Demand, Technology

listings_changed = Signal()


def send_listings_changed(model, ids):
    """Send ``listings_changed`` once the current transaction commits (at once outside one).

    The published counts are brought up to date at once, in the change's own transaction.
    """
    ids = list(ids)
    if not ids:
        return
    tallies.record_listings(model, ids)
    transaction.on_commit(lambda: listings_changed.send(sender=model, ids=ids))


# --- Keeping ``status`` in step with Wagtail's moderation -----------------------------------------


def _listing_models():
    return (Technology, Demand)


def on_published(sender, instance, **kwargs):
    """A revision went live (editor published or the workflow approved): the listing is public."""
    if sender not in _listing_models():
        return

    now = timezone.now()
    published_at = instance.published_at or now
    sender.objects.filter(pk=instance.pk).update(
        status="published", published_at=published_at, rejection_reason=""
    )
    instance.status, instance.published_at, instance.rejection_reason = "published", published_at, ""
    send_listings_changed(sender, [instance.pk])


def on_unpublished(sender, instance, **kwargs):
    """Unpublished in the admin: back to draft, unless the owner closed or withdrew it."""
    if sender not in _listing_models():
        return
    sender.objects.filter(pk=instance.pk, status__in=["published", "submitted"]).update(status="draft")
    send_listings_changed(sender, [instance.pk])


def _workflow_listing(workflow_state):
    obj = workflow_state.content_object
    return obj if isinstance(obj, _listing_models()) else None


def on_workflow_submitted(sender, instance, user=None, **kwargs):
    listing = _workflow_listing(instance)
    if listing is None or listing.live:
        # A published listing's pending changes are moderated while the published text stays public.
        return
    type(listing).objects.filter(pk=listing.pk).update(status="submitted", rejection_reason="")


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    """The moderator asked for changes: the owner sees the reviewer's comment as the reason."""

    listing = _workflow_listing(instance)
    if listing is None:
        return
    task_state = instance.current_task_state
    reason = (task_state.comment if task_state else "") or gettext("The editors asked for changes.")
    updates = {"rejection_reason": reason}
    if not listing.live:
        updates["status"] = "draft"
    type(listing).objects.filter(pk=listing.pk).update(**updates)
    notices.notify_owner_of_decision(
        listing=listing, decision="changes_requested", reason=reason, workflow_state=instance
    )


def on_workflow_approved(sender, instance, user=None, **kwargs):
    """The moderator approved: the owner hears it in the site and by e-mail, in their language."""
    listing = _workflow_listing(instance)
    if listing is None:
        return
    listing.refresh_from_db()
    notices.notify_owner_of_decision(listing=listing, decision="approved", workflow_state=instance)


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    listing = _workflow_listing(instance)
    if listing is None:
        return
    type(listing).objects.filter(pk=listing.pk, status="submitted").update(status="draft")


def on_written(sender, instance, raw=False, **kwargs):
    """A listing saved or deleted directly: its published count follows in the same transaction."""
    if sender in _listing_models() and not raw:
        tallies.record_listings(sender, [instance.pk])


def connect():
    post_save.connect(on_written, dispatch_uid="listings_tally_saved")
    post_delete.connect(on_written, dispatch_uid="listings_tally_deleted")
    wagtail_signals.published.connect(on_published, dispatch_uid="listings_published")
    wagtail_signals.unpublished.connect(on_unpublished, dispatch_uid="listings_unpublished")
    wagtail_signals.workflow_submitted.connect(on_workflow_submitted, dispatch_uid="listings_wf_submitted")
    wagtail_signals.workflow_rejected.connect(on_workflow_rejected, dispatch_uid="listings_wf_rejected")
    wagtail_signals.workflow_cancelled.connect(on_workflow_cancelled, dispatch_uid="listings_wf_cancelled")
    wagtail_signals.workflow_approved.connect(on_workflow_approved, dispatch_uid="listings_wf_approved")
    notices.replace_wagtail_notifiers(
        approved=wagtail_signals.workflow_approved, rejected=wagtail_signals.workflow_rejected
    )
