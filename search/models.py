"""What the search app stores in the database.

``SearchDocument`` is the analysed copy of every published listing: the embedded backend
searches it directly, and it is what Elasticsearch receives. ``PendingIndexUpdate`` remembers
index updates Elasticsearch could not take while it was down, until they are drained.
``IndexChunk`` is one slice of a ``rebuild_search_index`` run, done by whichever worker took it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingKind(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology")
    DEMAND = "demand", _("Demand")


class SearchDocument(models.Model):
    """The analysed, search-ready copy of one published listing (maintained automatically)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ListingKind.choices)
    listing_id = models.BigIntegerField(_("listing id"))
    data = models.JSONField(_("analysed document"))
    # Digest of the texts analysed and of the analyser (search.bulk.revision_of): unchanged, the
    # analysis is reused instead of being done again.
    revision = models.CharField(_("analysis revision"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [models.UniqueConstraint(fields=["kind", "listing_id"], name="search_document_unique")]

    def __str__(self):
        return f"{self.kind} {self.listing_id}"


class PendingIndexUpdate(models.Model):
    """An index update Elasticsearch has not taken yet; drained when it is reachable again."""

    kind = models.CharField(_("kind"), max_length=20, choices=ListingKind.choices)
    listing_id = models.BigIntegerField(_("listing id"))
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "listing_id"], name="pending_index_update_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.listing_id}"


class IndexChunk(models.Model):
    """One slice of listings (a primary-key range of one kind) of a rebuild run, and how it went."""

    run = models.UUIDField(_("run"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ListingKind.choices)
    first_pk = models.BigIntegerField(_("first listing id"))
    last_pk = models.BigIntegerField(_("last listing id"))
    listings = models.PositiveIntegerField(_("listings indexed"), default=0)
    analysed = models.PositiveIntegerField(_("listings analysed"), default=0)
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    timings = models.JSONField(_("seconds per step"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("index rebuild chunk")
        verbose_name_plural = _("index rebuild chunks")
        ordering = ["run", "kind", "first_pk"]

    def __str__(self):
        return f"{self.kind} {self.first_pk}-{self.last_pk}"
