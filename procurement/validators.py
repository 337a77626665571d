"""Upload checks for product attachments: the content decides the type, not the file name."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# MIME type read from the content -> file name extensions allowed for it.
ALLOWED_TYPES = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
}


def sniff(file):
    """The MIME type guessed from the file's content by `filetype`, or None."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16384)
    file.seek(position)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_product_attachment(file):
    """PDF, PNG, JPEG, DOCX or XLSX, no larger than settings.ATTACHMENT_MAX_BYTES. Returns the MIME type."""
    max_bytes = getattr(settings, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; attachments may be at most %(max)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
        )
    mime = sniff(file)
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("Only PDF, PNG, JPEG, Word (.docx) and Excel (.xlsx) files may be attached."), code="bad_type"
        )
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if extension not in ALLOWED_TYPES[mime]:
        raise ValidationError(
            _("The file's name says .%(ext)s but its content is %(mime)s."),
            code="mismatch",
            params={"ext": extension, "mime": mime},
        )
    return mime
