"""Thread files and NDAs (see core.uploads)."""

from django.utils.translation import gettext_lazy as _

from core.uploads import OFFICE, PDF, PHOTOS, validate_upload

ALLOWED_TYPES = {**PDF, **PHOTOS, **OFFICE}


def validate_thread_file(upload, *, pdf_only=False):
    """Return the sniffed MIME type of an accepted upload; ValidationError with a clear message otherwise."""
    if pdf_only:
        return validate_upload(upload, allowed=PDF, type_error=_("The NDA must be a PDF document."))
    return validate_upload(
        upload,
        allowed=ALLOWED_TYPES,
        type_error=_("Only PDF, Word, Excel, PowerPoint, PNG and JPEG files may be shared."),
    )
