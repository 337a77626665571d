"""Thread files and validation reports (see core.uploads)."""

from django.utils.translation import gettext_lazy as _

from core.uploads import OFFICE, PDF, PHOTOS, validate_upload

THREAD_TYPES = {**PDF, **PHOTOS, **OFFICE}


def validate_slot_file(upload):
    """Return the sniffed MIME type of an accepted thread file; ValidationError with a clear message otherwise."""
    return validate_upload(
        upload,
        allowed=THREAD_TYPES,
        type_error=_("Only PDF, Word, Excel, PowerPoint, PNG and JPEG files may be shared."),
    )


def validate_report_file(upload):
    """A validation report must be a PDF; returns its MIME type."""
    return validate_upload(upload, allowed=PDF, type_error=_("The validation report must be a PDF document."))
