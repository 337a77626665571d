"""What a listing's owner hears when the editors decide: in the site and by e-mail, in their language.

Wagtail's own moderation mails link to the admin and mix the editor's language with the owner's;
owners who are not editors cannot open the admin, so for listings they get these notices instead
(linking to the listing's page on the site) and Wagtail mails only editors.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from wagtail.admin.mail import WorkflowStateApprovalEmailNotifier, WorkflowStateRejectionEmailNotifier
from wagtail.models import WorkflowState

from notifications.services import notify

from .models import Demand, Technology


def _owner(listing, workflow_state=None):
    requested_by = getattr(workflow_state, "requested_by", None)
    return listing.created_by or requested_by


def notify_owner_of_decision(*, listing, decision, reason="", workflow_state=None):
    """Tell the owner that the editors approved the listing or asked for changes.

    ``decision`` is "approved" or "changes_requested". Side effects: one notification (in-site, and
    an e-mail after commit if the owner wants it) in the owner's language, linking to the listing's
    page in that language; none when the listing has no owner. Returns the notification or None.
    """
    owner = _owner(listing, workflow_state)
    if owner is None:
        return None
    with translation.override(owner.preferred_language or settings.LANGUAGE_CODE):
        if decision == "approved":
            kind = "listing_approved"
            title = gettext("“%(title)s” is published") % {"title": listing.title}
            body = gettext(
                "The editors approved your listing. It is now public and matched with demands and technologies."
            )
        else:
            kind = "listing_rejected"
            title = gettext("Changes requested for “%(title)s”") % {"title": listing.title}
            body = reason
        return notify(
            recipient=owner,
            kind=kind,
            title=title,
            body=body,
            url=listing.get_absolute_url(),
            dedupe_key=f"listing-{decision}:{listing.kind}:{listing.pk}:{listing.latest_revision_id}",
        )


def _listing_of(workflow_state):
    obj = workflow_state.content_object
    return obj if isinstance(obj, (Technology, Demand)) else None


class _EditorsOnlyForListings:
    """Wagtail's moderation mail for listings goes only to editors (who can open the admin)."""

    def get_recipient_users(self, workflow_state, **kwargs):
        users = super().get_recipient_users(workflow_state, **kwargs)
        if _listing_of(workflow_state) is None:
            return users
        return {user for user in users if user is not None and user.is_editor}


class ApprovalEmailNotifier(_EditorsOnlyForListings, WorkflowStateApprovalEmailNotifier):
    pass


class RejectionEmailNotifier(_EditorsOnlyForListings, WorkflowStateRejectionEmailNotifier):
    pass


def replace_wagtail_notifiers(*, approved, rejected):
    """Put the listing-aware notifiers in place of Wagtail's (same dispatch ids, either app order)."""
    for signal, notifier, uid in (
        (approved, ApprovalEmailNotifier(), "workflow_state_approved_email_notification"),
        (rejected, RejectionEmailNotifier(), "workflow_state_rejected_email_notification"),
    ):
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(notifier, sender=WorkflowState, dispatch_uid=uid, weak=False)
