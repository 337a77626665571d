"""Innovation products, their catalogue category, certifications, attachments and status history."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.bilingual import localized
from core.uploads import RandomName, private_storage

from ._common import _localised
from .panels import Evaluation


class ProcurementCategory(models.Model):
    """A heading of the government procurement catalogue (政府采购品目), e.g. "A02010104 台式计算机".

    Products are filed under one; the code goes into the batch export the finance bureau reads.
    """

    code = models.CharField(_("catalogue code"), max_length=32, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)

    panels = [FieldPanel("code"), FieldPanel("name_zh"), FieldPanel("name_en")]

    class Meta:
        ordering = ["code"]
        verbose_name = _("procurement category")
        verbose_name_plural = _("procurement categories")

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self):
        return _localised(self.name_zh, self.name_en)


class InnovationProductQuerySet(models.QuerySet):
    def public(self):
        """Products the public may see: recommended to, or accepted into, the catalogue."""
        return self.filter(status__in=InnovationProduct.PUBLIC_STATUSES)


class InnovationProduct(index.Indexed, models.Model):
    """An enterprise's innovation product (创新产品) put forward for the government procurement catalogue.

    The enterprise fills it in and submits it; editors move it through evaluation and
    recommendation; the catalogue decision and entry number are recorded here.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
        RECOMMENDED = "recommended", _("Recommended")
        NOT_RECOMMENDED = "not_recommended", _("Not recommended")
        ACCEPTED = "accepted", _("Accepted into the catalogue")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    PUBLIC_STATUSES = (Status.RECOMMENDED, Status.ACCEPTED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.SUBMITTED)

    ref = models.CharField(_("reference"), max_length=64, unique=True, blank=True)
    name = models.CharField(_("product name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("One sentence, public."))
    summary_en = models.CharField(_("English summary"), max_length=300, blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Markdown: a blank line starts a paragraph, “- ” a list item."),
    )
    description_en = models.TextField(_("English description"), blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="innovation_products",
        verbose_name=_("enterprise"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    track = models.ForeignKey("taxonomy.Track", on_delete=models.PROTECT, related_name="innovation_products")
    category = models.ForeignKey(
        ProcurementCategory,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("procurement category"),
    )
    technologies = models.ManyToManyField(
        "listings.Technology",
        blank=True,
        related_name="innovation_products",
        verbose_name=_("technologies it comes from"),
    )
    deals = models.ManyToManyField(
        "dealflow.MatchRequest",
        blank=True,
        related_name="innovation_products",
        verbose_name=_("deals it comes from"),
        help_text=_("Registered technology contracts behind the product."),
    )
    specifications = models.TextField(_("specifications"), help_text=_("Model, key parameters, standards."))
    specifications_en = models.TextField(_("specifications in English"), blank=True)
    price_cny = models.DecimalField(
        _("unit price (CNY)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    price_unit = models.CharField(_("price unit"), max_length=30, default="台/套", blank=True)
    price_unit_en = models.CharField(_("price unit in English"), max_length=30, blank=True)
    proven_scenarios = models.TextField(
        _("where it has been proven"),
        blank=True,
        help_text=_("Sites and uses where the product is in service."),
    )
    qualifications = models.TextField(
        _("enterprise qualifications"),
        blank=True,
        help_text=_("Licences, quality-system certificates, high-tech enterprise status and the like."),
    )
    proven_scenarios_en = models.TextField(_("where it has been proven, in English"), blank=True)
    qualifications_en = models.TextField(_("enterprise qualifications in English"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    batch = models.ForeignKey(
        "RecommendationBatch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("recommendation batch"),
    )
    catalogue_entry_number = models.CharField(_("catalogue entry number"), max_length=64, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    recommendation_override = models.TextField(
        _("reason for recommending without every score"),
        blank=True,
        help_text=_("Recorded when an editor recommends the product before every assigned expert scored it."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    recommended_at = models.DateTimeField(_("recommended at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("catalogue decision at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InnovationProductQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.SearchField("summary"),
        index.FilterField("status"),
        index.FilterField("track_id"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("innovation product")
        verbose_name_plural = _("innovation products")
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue_entry_number"],
                condition=~models.Q(catalogue_entry_number=""),
                name="unique_catalogue_entry_number",
            )
        ]

    def __str__(self):
        return f"{self.ref} {self.display_name}"

    def save(self, *args, **kwargs):
        # The readable ref comes from the primary key; a unique placeholder stands in until then.
        provisional = not self.ref
        if provisional:
            self.ref = f"_new-{uuid.uuid4().hex}"
        super().save(*args, **kwargs)
        if provisional:
            self.ref = f"P{self.pk:06d}"
            type(self).objects.filter(pk=self.pk).update(ref=self.ref)

    def get_absolute_url(self):
        return reverse("procurement:product_detail", kwargs={"ref": self.ref})

    @property
    def display_name(self):
        return localized(self, "name")

    @property
    def display_summary(self):
        return localized(self, "summary")

    @property
    def is_public(self):
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    def can_edit(self, user):
        """Members of the enterprise edit while it is a draft or newly submitted; editors always."""
        if not (user and user.is_authenticated):
            return False
        return user.is_editor or (self.organisation.has_member(user) and self.is_editable)

    def can_view(self, user):
        if self.is_public:
            return True
        if not (user and user.is_authenticated):
            return False
        return (
            user.is_editor
            or self.organisation.has_member(user)
            or self.evaluations.filter(expert=user).exclude(status=Evaluation.Status.CONFLICT).exists()
        )


class ProductCertification(models.Model):
    """A test report or recognition the product holds: first set (首台套), first batch (首批次),
    first version (首版次), a third-party test report or another certificate."""

    class Kind(models.TextChoices):
        TEST_REPORT = "test_report", _("Test report")
        FIRST_SET = "first_set", _("First-of-its-kind major technical equipment")
        FIRST_BATCH = "first_batch", _("First batch of a new material")
        FIRST_VERSION = "first_version", _("First version of a software product")
        OTHER = "other", _("Other certificate")

    product = models.ForeignKey(InnovationProduct, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200)
    issuer_en = models.CharField(_("issued by, in English"), max_length=200, blank=True)
    number = models.CharField(_("certificate number"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class ProductAttachment(models.Model):
    """A file the enterprise attaches (brochure, test report scan, drawings); checked by content and size."""

    product = models.ForeignKey(InnovationProduct, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=RandomName("procurement/attachments")
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


class ProductStatusChange(models.Model):
    """One step of a product's way through evaluation and the catalogue, shown to the enterprise."""

    product = models.ForeignKey(InnovationProduct, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=InnovationProduct.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=InnovationProduct.Status.choices)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.product_id}: {self.from_status} → {self.to_status}"
