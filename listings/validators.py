"""Upload checks: the content decides the type, not the file name."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

ALLOWED_ATTACHMENT_TYPES = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/webp": ("webp",),
    "image/gif": ("gif",),
}


def sniff_attachment_type(file):
    """The MIME type read from the file's first bytes, or None when it is not one we accept."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8192)
    file.seek(position)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_ATTACHMENT_TYPES:
        return None
    return kind.mime


def validate_attachment(file):
    """A PDF or image no larger than settings.ATTACHMENT_MAX_BYTES, whatever its name says."""
    max_bytes = getattr(settings, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; attachments may be at most %(max)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
        )
    mime = sniff_attachment_type(file)
    if mime is None:
        raise ValidationError(
            _("Only PDF documents and PNG, JPEG, WebP or GIF images may be attached."), code="bad_type"
        )
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if extension not in ALLOWED_ATTACHMENT_TYPES[mime]:
        raise ValidationError(
            _("The file's name says .%(ext)s but its content is %(mime)s."),
            code="mismatch",
            params={"ext": extension, "mime": mime},
        )
