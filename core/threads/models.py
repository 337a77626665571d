"""Abstract models of a private thread's messages and files.

Each part's concrete model adds the foreign key to its own request (named in ``request_field``) and,
for files, the ``file`` field with its own upload folder; the tables and their migrations stay the part's.
"""

from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 5000


class Side(NamedTuple):
    """One way of taking part in a request: as a member of `organisation` or as the person `person`
    (ids; None when the request has nobody there, for example no broker yet)."""

    name: str
    organisation: int | None = None
    person: int | None = None


class ThreadSidesMixin:
    """For a request model with a private thread: ``side_of(user)`` from the part's ``thread_sides()``.

    The part yields its sides in the order they are tried (the first that fits names the person's side),
    lazily, so a side reached through a related row costs a query only when it is tried.
    """

    def thread_sides(self):
        raise NotImplementedError

    def side_of(self, user):
        """The side this person takes in the request (the part's name for it), or None. No side effects."""
        if not (user and user.is_authenticated):
            return None
        for side in self.thread_sides():
            if side.organisation is not None and side.organisation in user.organisation_ids:
                return side.name
            if side.person is not None and side.person == user.pk:
                return side.name
        return None


class ThreadRow(models.Model):
    """What a message and a file share: the request they belong to and when they were written."""

    request_field = None  # the name of the concrete model's foreign key to its request
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    @property
    def thread(self):
        """The request this row belongs to."""
        return getattr(self, self.request_field)

    @property
    def thread_id(self):
        return getattr(self, f"{self.request_field}_id")


class ThreadMessageBase(ThreadRow):
    """A message in a request's private thread, seen only by the request's sides."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)

    class Meta(ThreadRow.Meta):
        abstract = True

    def __str__(self):
        return f"{self.author}: {self.body[:40]}"


class ThreadFileBase(ThreadRow):
    """A file shared in a request's private thread; served only through the part's checked download view."""

    download_url_name = None  # the part's download view, taking the request's pk and the file's pk
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta(ThreadRow.Meta):
        abstract = True

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(self.download_url_name, kwargs={"pk": self.thread_id, "file_pk": self.pk})
