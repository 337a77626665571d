"""Listing attachments: PDF documents and images (see core.uploads)."""

from django.utils.translation import gettext_lazy as _

from core.uploads import IMAGES, PDF, sniff_mime, validate_upload

ALLOWED_ATTACHMENT_TYPES = {**PDF, **IMAGES}


def sniff_attachment_type(file):
    """The MIME type read from the file's first bytes, or None when it is not one we accept."""
    mime = sniff_mime(file)
    return mime if mime in ALLOWED_ATTACHMENT_TYPES else None


def validate_attachment(file):
    """A PDF or image no larger than settings.ATTACHMENT_MAX_BYTES, whatever its name says."""
    validate_upload(
        file,
        allowed=ALLOWED_ATTACHMENT_TYPES,
        type_error=_("Only PDF documents and PNG, JPEG, WebP or GIF images may be attached."),
    )
