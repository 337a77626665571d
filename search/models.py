"""What the search app stores in the database.

``SearchDocument`` is the analysed copy of every published listing: the embedded backend
searches it directly, and it is what Elasticsearch receives. ``PendingIndexUpdate`` remembers
index updates Elasticsearch could not take while it was down, until they are drained.
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


class ListingEmbedding(models.Model):
    """The meaning vector of one published listing's revision (computed in the background).

    ``digest`` fingerprints the text that was embedded and the model that embedded it, so the
    task computes a vector once per revision and skips when nothing it reads has changed.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ListingKind.choices)
    listing_id = models.BigIntegerField(_("listing id"))
    revision = models.BigIntegerField(_("revision"), default=0, help_text=_("The live revision embedded."))
    digest = models.CharField(_("digest"), max_length=64)
    model = models.CharField(_("model"), max_length=80)
    vector = models.BinaryField(_("vector"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("listing embedding")
        verbose_name_plural = _("listing embeddings")
        constraints = [
            models.UniqueConstraint(fields=["kind", "listing_id"], name="listing_embedding_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.listing_id} @{self.revision}"
