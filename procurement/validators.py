"""Product attachments: PDF, photos and Word/Excel documents (see core.uploads)."""

from django.utils.translation import gettext_lazy as _

from core.uploads import OFFICE, PDF, PHOTOS, validate_upload

OFFICE_DOCUMENTS = {mime: ext for mime, ext in OFFICE.items() if ext[0] in ("docx", "xlsx")}
ALLOWED_TYPES = {**PDF, **PHOTOS, **OFFICE_DOCUMENTS}


def validate_product_attachment(file):
    """PDF, PNG, JPEG, DOCX or XLSX, no larger than settings.ATTACHMENT_MAX_BYTES. Returns the MIME type."""
    return validate_upload(
        file,
        allowed=ALLOWED_TYPES,
        type_error=_("Only PDF, PNG, JPEG, Word (.docx) and Excel (.xlsx) files may be attached."),
    )
