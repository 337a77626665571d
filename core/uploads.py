"""Upload checks shared by every part: the content decides the type, not the file name.

Each part states which types it takes and how to say so; the size limit, the sniffing (by the
`filetype` library, which looks inside Office ZIP containers) and the name/content agreement are
checked the same way everywhere. Private uploads go to their own storage under random names.
"""

import logging
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

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


# --- Where private files live -------------------------------------------------------------


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk at PRIVATE_MEDIA_ROOT that have no URL: asking for one is a programming error."""

    def __init__(self, location=None, **kwargs):
        super().__init__(location=location or settings.PRIVATE_MEDIA_ROOT, **kwargs)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no URL; link to their download view.")


def private_storage():
    """The storage of files only the permission-checked download views hand out.

    Thread files, NDAs, product and listing attachments live here, never under MEDIA_ROOT, so no
    URL (not even DEBUG's `static(MEDIA_URL)`) reaches them; the storage has no base URL.
    """
    return storages["private"]


@deconstructible
class RandomName:
    """upload_to that stores a file under `<prefix>/<year>/<month>/<random>.<ext>`.

    The uploaded name is kept in a field of the row (for the download's file name), never in the
    stored path, so paths can neither be guessed nor carry a person's or a deal's name.
    """

    def __init__(self, prefix):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename):
        return random_name(self.prefix, filename)

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.prefix == self.prefix


def random_name(prefix, filename):
    """A new random stored name under `prefix`, keeping only a plain extension of `filename`."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{extension}" if extension.isascii() and extension.isalnum() and len(extension) <= 8 else ""
    return f"{prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def move_files(model, field_name, *, prefix, to_private=True, original_name_field=None, clean_name=None):
    """Move the files of `model.field_name` between the public and the private storage (migrations).

    To the private storage each file gets a new random name under `prefix`; its uploaded name goes
    into `original_name_field` when that is empty (`clean_name` turns the old stored base name into
    it). Back to the public storage a file keeps its name. A file is deleted from its old storage
    only once the transaction commits, and a row whose file is missing is left as it is (logged).
    """
    source, target = storages["default"], storages["private"]
    if not to_private:
        source, target = target, source
    for row in model.objects.exclude(**{field_name: ""}).iterator():
        old_name = getattr(row, field_name).name
        if not source.exists(old_name):
            if not target.exists(old_name):
                logger.warning("%s %s: file %s not found; left as it is", model.__name__, row.pk, old_name)
            continue
        with source.open(old_name, "rb") as content:
            new_name = random_name(prefix, old_name) if to_private else old_name
            new_name = target.save(new_name, File(content, name=old_name))
        changes = {field_name: new_name}
        if to_private and original_name_field and not getattr(row, original_name_field):
            base_name = old_name.rsplit("/", 1)[-1]
            changes[original_name_field] = (clean_name(base_name) if clean_name else base_name)[:255]
        model.objects.filter(pk=row.pk).update(**changes)
        transaction.on_commit(lambda name=old_name: source.delete(name))
