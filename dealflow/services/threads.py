"""The private thread of an accepted request: messages, files and the NDA."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit
from core.threads import services as threads
from notifications.services import notify_each

from ..models import MatchRequest, ThreadFile, ThreadMessage
from ..validators import validate_thread_file
from ._common import _require_open_thread, _require_side, participants


@transaction.atomic
def post_message(*, match_request, author, body):
    """Write in the private thread. Side effects: creates a ThreadMessage, notifies the other participants.

    Raises RateLimited beyond DEALFLOW_MESSAGES_PER_MINUTE messages a minute.
    """
    _require_side(match_request, author)
    _require_open_thread(match_request)

    return threads.post_message(
        thread=match_request,
        author=author,
        body=body,
        model=ThreadMessage,
        participants=participants(match_request),
        notify_kind="thread.message",
        title=lambda: _("New message about %(title)s") % {"title": match_request.listing.display_title},
        rate=("dealflow", "DEALFLOW_MESSAGES_PER_MINUTE"),
        field=None,
    )


@transaction.atomic
def share_file(*, match_request, user, upload, confidential=False):
    """Share a file in the thread; confidential files only once the NDA is in force.

    Side effects: stores the file, audit, notices to the other participants.
    """
    _require_side(match_request, user)
    _require_open_thread(match_request)
    if confidential and not match_request.nda_in_force:
        raise ValidationError(
            _("Confidential files can be shared once both sides have acknowledged the NDA.")
        )

    return threads.share_file(
        thread=match_request,
        user=user,
        upload=upload,
        model=ThreadFile,
        validate=validate_thread_file,
        participants=participants(match_request),
        notify_kind="thread.file",
        title=lambda: _("New file about %(title)s") % {"title": match_request.listing.display_title},
        field=None,
        confidential=confidential,
    )


def can_download(*, thread_file, user):
    side = thread_file.match_request.side_of(user)
    if side is None:
        return False
    return not thread_file.confidential or thread_file.match_request.nda_in_force


@transaction.atomic
def attach_nda(*, match_request, user, upload):
    """Attach the NDA (a PDF); acknowledgements start over. Once both sides have acknowledged an NDA
    it is in force and cannot be replaced. Side effects: stores it, audit, notices."""
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    side = _require_side(match_request, user, ("requester", "owner", "broker"))
    _require_open_thread(match_request)
    if match_request.nda_in_force:
        raise ValidationError(
            _("Both sides have acknowledged the NDA; it is in force and can no longer be replaced.")
        )
    validate_thread_file(upload, pdf_only=True)
    match_request.nda_document = upload
    match_request.nda_uploaded_by = user
    match_request.nda_requester_acknowledged_at = None
    match_request.nda_owner_acknowledged_at = None
    match_request.save(
        update_fields=[
            "nda_document",
            "nda_uploaded_by",
            "nda_requester_acknowledged_at",
            "nda_owner_acknowledged_at",
            "updated_at",
        ]
    )
    audit(subject=match_request, action="nda_attached", actor=user, note=side)
    notify_each(
        participants(match_request),
        exclude=user,
        kind="match_request.nda",
        title=lambda: _("An NDA was attached to request #%(pk)s") % {"pk": match_request.pk},
        body=lambda: _("Next: read it and acknowledge it so confidential files can be shared."),
        url=match_request.get_absolute_url() + "#nda",
    )
    return match_request


@transaction.atomic
def acknowledge_nda(*, match_request, user):
    """One side acknowledges the NDA. Side effects: sets its acknowledgement time, audit."""
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    side = _require_side(match_request, user, ("requester", "owner"))
    if not match_request.nda_document:
        raise ValidationError(_("No NDA has been attached yet."))
    field = f"nda_{side}_acknowledged_at"
    if getattr(match_request, field) is None:
        setattr(match_request, field, timezone.now())
        match_request.save(update_fields=[field, "updated_at"])
        audit(subject=match_request, action="nda_acknowledged", actor=user, note=side)
    return match_request
