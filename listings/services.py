"""What can happen to a listing, shared by the web pages, the API, the admin hooks and commands.

The lifecycle: draft → submitted (Wagtail workflow) → published, or back to draft with the
moderator's reason; the owner may withdraw or close a listing at any time. The handlers in
``listings.signals`` keep ``status`` in step with Wagtail's publish/unpublish and workflow events,
so the admin and these functions agree.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.unpublish import UnpublishAction

from core.richtext import clean_source

from .importer import ImportReport, import_listings  # noqa: F401  (re-exported service)
from .kinds import MODELS, model_for  # noqa: F401  (re-exported: the kind map lives in listings.kinds)
from .models import Demand, Listing, Technology
from .registry import count_pending_requests
from .signals import send_listings_changed
from .validators import sniff_attachment_type, validate_attachment


def _check_can_edit(listing, user):
    if not listing.can_edit(user):
        raise PermissionDenied(_("Only members of the owning organisation can change this listing."))


def _check_owner_choice(listing, user):
    """The organisation picked must be one of the person's own (editors may pick any)."""
    if not (user and user.is_authenticated):
        raise PermissionDenied(_("Sign in to publish listings."))
    if not user.is_editor and listing.organisation_id not in user.organisation_ids:
        raise PermissionDenied(_("You can only publish listings for organisations you belong to."))


def check_listing_terms(*, listing, original=None):
    """The terms every way of saving a listing must meet (page, API, admin, import).

    A technology has a price or is marked negotiable; a demand's maximum budget is not below its
    minimum; a deadline set or changed (compared with ``original``) is not in the past.
    Raises ValidationError naming the fields; no side effects.
    """
    errors = {}
    if isinstance(listing, Technology) and listing.price_cny is None and not listing.price_negotiable:
        errors["price_cny"] = _("Give a price or mark the price as negotiable.")
    if isinstance(listing, Demand):
        low, high = listing.budget_min_cny, listing.budget_max_cny
        if low is not None and high is not None and low > high:
            errors["budget_max_cny"] = _("The maximum budget must not be below the minimum.")
        deadline = listing.deadline
        changed = original is None or original.deadline != deadline
        if deadline and changed and deadline < timezone.localdate():
            errors["deadline"] = _("The deadline cannot be in the past.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_listing(*, listing, user):
    """Create or change a listing from a validated (unsaved) instance, child patents included.

    A new listing starts as a draft. Changes to a published listing are kept as a new revision
    awaiting moderation while the published version stays public; changes to anything else are
    saved at once. Side effects: saves the listing and a Wagtail revision; sends
    ``listings_changed`` after commit. Refuses listings that break ``check_listing_terms``.
    """
    _check_owner_choice(listing, user)
    model = type(listing)
    if listing.pk:
        original = model.objects.select_for_update().get(pk=listing.pk)
        _check_can_edit(original, user)
        listing.ref = original.ref
    else:
        original = None
        listing.created_by = user
        listing.status = Listing.Status.DRAFT
        listing.live = False
    check_listing_terms(listing=listing, original=saved_version(original))
    listing.description = clean_source(listing.description)
    listing.keywords = normalise_keywords(listing.keywords)
    if original is not None and original.live:
        # Wagtail's model: the live row stays as published; the draft lives in the revision.
        listing.live = original.live
        listing.save_revision(user=user, log_action=True)
        return original
    listing.save()
    listing.save_revision(user=user, log_action=True)
    send_listings_changed(model, [listing.pk])
    return listing


def saved_version(listing):
    """The listing as last saved: its latest revision (which may await moderation). No side effects."""
    if listing is None:
        return None
    return listing.get_latest_revision_as_object() if listing.latest_revision_id else listing


def normalise_keywords(keywords):
    """Trimmed, unique keywords in their given order."""
    seen, out = set(), []
    for word in keywords or []:
        word = str(word).strip()
        if word and word.lower() not in seen:
            seen.add(word.lower())
            out.append(word[:50])
    return out[:20]


@transaction.atomic
def submit_listing(*, listing, user):
    """Send a listing's latest revision to the editors' moderation workflow.

    Side effects: starts the Wagtail workflow assigned to listings (status becomes "submitted"
    through the workflow signal; the last rejection reason is cleared).
    """
    _check_can_edit(listing, user)
    if listing.status in (Listing.Status.SUBMITTED,) or listing.workflow_in_progress:
        raise ValidationError(_("This listing is already awaiting moderation."))
    if listing.live and not listing.has_unpublished_changes:
        raise ValidationError(_("This listing is published and has no changes to submit."))
    workflow = listing.get_workflow()
    if workflow is None:
        raise ValidationError(_("No moderation workflow is set up for listings; ask an editor."))
    if listing.latest_revision_id is None:
        listing.save_revision(user=user)
    state = listing.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        # Sent back before: Wagtail resumes the same workflow at the task that asked for changes.
        state.resume(user=user)
    else:
        workflow.start(listing, user)
    updates = {"rejection_reason": ""}
    if not listing.live:
        updates["status"] = Listing.Status.SUBMITTED
    type(listing).objects.filter(pk=listing.pk).update(**updates)
    listing.refresh_from_db()
    return listing


@transaction.atomic
def save_and_submit_listing(*, listing, user):
    """Save a listing from the form and send it to the editors in one step ("submit for review").

    Side effects: those of ``save_listing`` then ``submit_listing``, in one transaction (nothing is
    saved when the submission is refused). Returns the saved listing.
    """
    saved = save_listing(listing=listing, user=user)
    saved.refresh_from_db()
    return submit_listing(listing=saved, user=user)


def take_down_consequences(*, listing):
    """What withdrawing or closing ``listing`` does, for the confirmation page. No side effects.

    Returns ``{"pending_requests": n, "live": bool}``: pending requests end (their requesters are told)
    and a published listing leaves the public pages and the matches.
    """
    return {"pending_requests": count_pending_requests(listing=listing), "live": bool(listing.live)}


@transaction.atomic
def publish_listing(*, listing, user):
    """Publish the latest revision of a listing (editors only; the workflow does this on approval).

    Side effects: the listing becomes live and "published"; ``listings_changed`` after commit.
    """
    if not (user and user.is_authenticated and user.is_editor):
        raise PermissionDenied(_("Only editors publish listings."))
    revision = listing.latest_revision or listing.save_revision(user=user)
    revision.publish(user=user)
    listing.refresh_from_db()
    return listing


@transaction.atomic
def _take_down(*, listing, user, status):
    _check_can_edit(listing, user)
    if listing.status in (Listing.Status.CLOSED, Listing.Status.WITHDRAWN):
        raise ValidationError(_("This listing is already closed or withdrawn."))
    if listing.current_workflow_state is not None:
        listing.current_workflow_state.cancel(user=user)
    model = type(listing)
    model.objects.filter(pk=listing.pk).update(status=status, updated_at=timezone.now())
    listing.status = status
    if listing.live:
        # Owners are not admin users; ownership was checked above.
        UnpublishAction(listing, user=user, log_action=True).execute(skip_permission_checks=True)
    send_listings_changed(model, [listing.pk])
    listing.refresh_from_db()
    return listing


def withdraw_listing(*, listing, user):
    """The owner takes a listing off the marketplace (it can be edited and submitted again).

    Side effects: cancels a moderation in progress, unpublishes, status "withdrawn",
    ``listings_changed`` after commit.
    """
    return _take_down(listing=listing, user=user, status=Listing.Status.WITHDRAWN)


def close_listing(*, listing, user):
    """The owner marks a listing done (licensed, demand solved); it leaves the public site.

    Side effects: as ``withdraw_listing`` with status "closed".
    """
    return _take_down(listing=listing, user=user, status=Listing.Status.CLOSED)


@transaction.atomic
def reopen_listing(*, listing, user):
    """A withdrawn or closed listing goes back to draft so that it can be edited and submitted.

    Side effects: status "draft"; ``listings_changed`` after commit.
    """
    _check_can_edit(listing, user)
    if listing.status not in (Listing.Status.CLOSED, Listing.Status.WITHDRAWN):
        raise ValidationError(_("Only closed or withdrawn listings can be reopened."))
    type(listing).objects.filter(pk=listing.pk).update(status=Listing.Status.DRAFT)
    send_listings_changed(type(listing), [listing.pk])
    listing.refresh_from_db()
    return listing


def record_view(*, listing):
    """Count one view of a public page. Side effects: increments ``views_count`` in the database."""
    type(listing).objects.filter(pk=listing.pk).update(views_count=F("views_count") + 1)


def record_view_by_ref(*, model, ref):
    """Count one view of a public page served from the page cache (the listing is not loaded).

    Side effects: increments ``views_count`` of the published listing with this ref.
    """
    model.objects.published().filter(ref=ref).update(views_count=F("views_count") + 1)


@transaction.atomic
def add_attachment(*, listing, user, file, title=""):
    """Attach a validated PDF or image to a listing. Side effects: stores the file, saves a row."""

    _check_can_edit(listing, user)
    validate_attachment(file)
    return listing.attachments.create(
        file=file,
        original_name=file.name[:255],
        title=title,
        content_type=sniff_attachment_type(file) or "",
        size=file.size,
        uploaded_by=user,
    )


@transaction.atomic
def remove_attachment(*, attachment, user):
    """Delete an attachment and its file. Side effects: removes the row and the stored file."""
    _check_can_edit(attachment.listing, user)
    attachment.file.delete(save=False)
    attachment.delete()
