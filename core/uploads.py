"""Upload checks shared by every part: the content decides the type, not the file name.

Each part states which types it takes and how to say so; the size limit, the sniffing (by the
`filetype` library, which looks inside Office ZIP containers) and the name/content agreement are
checked the same way everywhere.
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# MIME type read from the content -> the file name extensions allowed for it.
PDF = {"application/pdf": ("pdf",)}
IMAGES = {
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/webp": ("webp",),
    "image/gif": ("gif",),
}
PHOTOS = {mime: IMAGES[mime] for mime in ("image/png", "image/jpeg")}
OFFICE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
}
SNIFF_BYTES = 16384


def sniff_mime(file):
    """The MIME type read from the file's first bytes, or None; the file position is kept."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(position)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_upload(file, *, allowed, type_error):
    """Check size, content type and name of an upload; return its MIME type.

    Raises ValidationError: too large (settings.ATTACHMENT_MAX_BYTES), content not in `allowed`
    (with `type_error` as the message), or a name whose extension does not fit the content.
    """
    max_bytes = getattr(settings, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; attachments may be at most %(max)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(max_bytes)},
        )
    mime = sniff_mime(file)
    if mime not in allowed:
        raise ValidationError(type_error, code="bad_type")
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if extension not in allowed[mime]:
        raise ValidationError(
            _("The file's name says .%(ext)s but its content is %(mime)s."),
            code="mismatch",
            params={"ext": extension, "mime": mime},
        )
    return mime
