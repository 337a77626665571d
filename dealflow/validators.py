"""Thread and NDA uploads: the content decides the type, not the file name."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Office documents are ZIP containers; filetype looks inside to tell them apart.
ALLOWED_TYPES = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
}


def validate_thread_file(upload, *, pdf_only=False):
    """Return the sniffed MIME type of an accepted upload; ValidationError with a clear message otherwise."""
    max_bytes = getattr(settings, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    allowed = {"application/pdf": ("pdf",)} if pdf_only else ALLOWED_TYPES
    if mime not in allowed:
        if pdf_only:
            raise ValidationError(_("The NDA must be a PDF document."))
        raise ValidationError(_("Only PDF, Word, Excel, PowerPoint, PNG and JPEG files may be shared."))
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in allowed[mime]:
        raise ValidationError(
            _("The file's name says .%(ext)s but its content is %(mime)s.") % {"ext": extension, "mime": mime}
        )
    return mime
