"""Application documents and thread files (see core.uploads)."""

from django.utils.translation import gettext_lazy as _

from core.uploads import OFFICE, PDF, PHOTOS, validate_upload

DOCUMENT_TYPES = {**PDF, **PHOTOS, **OFFICE}


def validate_document(upload):
    """Return the sniffed MIME type of an accepted document; ValidationError with a clear message otherwise."""
    return validate_upload(
        upload,
        allowed=DOCUMENT_TYPES,
        type_error=_("Only PDF, Word, Excel, PowerPoint, PNG and JPEG files may be uploaded."),
    )
