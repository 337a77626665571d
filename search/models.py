"""What the search app stores in the database.

``SearchDocument`` is the analysed copy of every published listing: the embedded backend
searches it directly, and it is what Elasticsearch receives. ``PendingIndexUpdate`` remembers
index updates Elasticsearch could not take while it was down, until they are drained.
``IndexChunk`` is one slice of a ``rebuild_search_index`` run, done by whichever worker took it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


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
        # Every search reads the kind's row count and latest update (the embedded backend's
        # freshness check), then the rows changed since its base: both from this index.
        indexes = [models.Index(fields=["kind", "updated_at"], name="search_document_updated")]

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


class ListingEmbedding(models.Model):
    """The meaning vector of one published listing's revision (computed in the background), and
    a technology's passage vectors (``search.passages``: matching weighs its best passage too).

    ``digest`` fingerprints the text that was embedded and the model that embedded it, so the
    task computes a vector once per revision and skips when nothing it reads has changed.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ListingKind.choices)
    listing_id = models.BigIntegerField(_("listing id"))
    revision = models.BigIntegerField(_("revision"), default=0, help_text=_("The live revision embedded."))
    digest = models.CharField(_("digest"), max_length=64)
    model = models.CharField(_("model"), max_length=80)
    vector = models.BinaryField(_("vector"))
    # A technology's passage vectors (k × DIM float16, search.passages); empty for a demand.
    passages = models.BinaryField(_("passages"), default=b"", blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("listing embedding")
        verbose_name_plural = _("listing embeddings")
        constraints = [
            models.UniqueConstraint(fields=["kind", "listing_id"], name="listing_embedding_unique")
        ]
        # Catching up reads the rows changed since the last look (search.embedding.StoredVectors).
        indexes = [models.Index(fields=["kind", "model", "updated_at"], name="listing_embedding_updated")]

    def __str__(self):
        return f"{self.kind} {self.listing_id} @{self.revision}"


class EmbeddingVersion(models.Model):
    """A counter per kind, bumped in the transaction that writes or deletes any of its
    ``ListingEmbedding`` rows: every process tells whether its vectors are current with one
    indexed read (``search.embedding.StoredVectors``) instead of an aggregate over every vector."""

    kind = models.CharField(_("kind"), max_length=20, choices=ListingKind.choices, unique=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("embedding version")
        verbose_name_plural = _("embedding versions")

    def __str__(self):
        return f"{self.kind} v{self.version}"


def split_variants(text):
    """The spellings in a comma-, semicolon- or line-separated field (，；、 count too)."""
    for separator in ("，", "；", "、", ";", "\n"):
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


class GlossaryTerm(index.Indexed, models.Model):
    """A term of the eight tracks that search and matching treat as one concept in both languages.

    Its Chinese spellings and English spellings meet on one token, so a Chinese demand naming
    北斗导航 finds an English listing on BeiDou navigation; the Chinese spellings are also kept
    whole when Chinese text is cut into words. Saving or deleting a term re-indexes the listings
    that use it (within a minute or two). Explanations name the concept by its first spelling.
    """

    track = models.ForeignKey(
        "taxonomy.Track",
        verbose_name=_("track"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="glossary_terms",
        help_text=_("Leave empty for a term every track uses."),
    )
    chinese = models.CharField(
        _("Chinese"),
        max_length=200,
        help_text=_("One or more spellings separated by commas; the first is shown."),
    )
    english = models.CharField(
        _("English"),
        max_length=300,
        help_text=_("One or more spellings separated by commas; the first is shown."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [FieldPanel("track"), FieldPanel("chinese"), FieldPanel("english")]
    search_fields = [index.SearchField("chinese"), index.SearchField("english"), index.FilterField("track")]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["track__order", "chinese"]
        constraints = [models.UniqueConstraint(fields=["chinese"], name="glossary_term_unique_chinese")]

    def __str__(self):
        return f"{self.chinese} / {self.english}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if {"chinese", "english"} <= set(field_names):
            instance._saved_variants = instance.variants  # what the index knew before an edit
        return instance

    @property
    def chinese_variants(self):
        return split_variants(self.chinese)

    @property
    def english_variants(self):
        return split_variants(self.english)

    @property
    def variants(self):
        return self.chinese_variants + self.english_variants
