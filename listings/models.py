"""Technologies (科技成果) and scenario demands (场景需求): the two sides the marketplace matches.

Both are Wagtail snippets with drafts, revisions, locking and the moderation workflow. The
``status`` field is the public lifecycle the rest of the site reads; Wagtail's publish, unpublish
and workflow signals keep it in step (see ``listings.signals``).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

from core.bilingual import localized
from core.uploads import private_storage, random_name

from .queries import ListingQuerySet
from .validators import validate_attachment

REF_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Use letters, digits, dots, dashes and underscores only, starting with a letter or digit."),
)


class TransferMode(models.TextChoices):
    LICENSE = "license", _("Licence")
    ASSIGNMENT = "assignment", _("Assignment")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    EQUITY = "equity", _("Equity investment")


class Language(models.TextChoices):
    ZH = "zh", _("Chinese")
    EN = "en", _("English")


class Listing(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """What technologies and demands share: identity, text, track, owner and lifecycle."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("listing status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("listing status", "Awaiting moderation")
        PUBLISHED = "published", pgettext_lazy("listing status", "Published")
        CLOSED = "closed", pgettext_lazy("listing status", "Closed")
        WITHDRAWN = "withdrawn", pgettext_lazy("listing status", "Withdrawn")

    REF_PREFIX = "L"

    ref = models.CharField(
        _("reference"),
        max_length=64,
        unique=True,
        validators=[REF_VALIDATOR],
        help_text=_("A stable identifier; given automatically when left empty."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One non-confidential sentence.")
    )
    description = models.TextField(
        _("detailed description"),
        blank=True,
        help_text=_("Markdown: a blank line starts a paragraph, “- ” starts a list item, **bold**."),
    )
    translated_title = models.CharField(
        _("title in the other language"),
        max_length=200,
        blank=True,
        help_text=_("Shown to readers of the other language (English for a Chinese listing)."),
    )
    translated_summary = models.CharField(_("summary in the other language"), max_length=300, blank=True)
    translated_description = models.TextField(_("description in the other language"), blank=True)
    track = models.ForeignKey(
        "taxonomy.Track", on_delete=models.PROTECT, related_name="%(class)ss", verbose_name=_("track")
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ZH)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    rejection_reason = models.TextField(
        _("reason for rejection"),
        blank=True,
        editable=False,
        help_text=_("The moderator's comment, shown to the owner when a listing is sent back."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    views_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ListingQuerySet.as_manager()

    # Values that belong to the listing as a whole, not to one revision of its content.
    _preserved_on_revision = (
        "ref",
        "status",
        "rejection_reason",
        "published_at",
        "views_count",
        "created_at",
        "created_by_id",
        "locked",
        "locked_at",
        "locked_by_id",
    )

    class Meta:
        abstract = True
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return f"{self.ref} {self.title}"

    @property
    def display_title(self):
        """The title in the reader's language where a translation exists (see core.bilingual)."""
        return localized(self, "title")

    @property
    def display_summary(self):
        return localized(self, "summary")

    @property
    def translation(self):
        """The exchange format's `translation` object: title and summary in the other language."""
        return {
            "title": self.translated_title,
            "summary": self.translated_summary,
            "description": self.translated_description,
        }

    def save(self, *args, **kwargs):
        # A ref is needed before the row exists; the readable one comes from the primary key.
        provisional = not self.ref
        if provisional:
            self.ref = f"_new-{uuid.uuid4().hex}"
        super().save(*args, **kwargs)
        if provisional:
            ref = f"{self.REF_PREFIX}{self.pk:06d}"
            if type(self).objects.filter(ref=ref).exists():  # an imported listing chose this ref
                ref = f"{ref}-{uuid.uuid4().hex[:4]}"
            self.ref = ref
            type(self).objects.filter(pk=self.pk).update(ref=self.ref)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self._preserved_on_revision:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def kind(self):
        raise NotImplementedError

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def slug(self):
        """An ASCII slug from the title for readable URLs; the ref alone identifies the listing."""
        return slugify(self.title)[:60].strip("-")

    def get_absolute_url(self):
        name = f"listings:{self.kind}_detail"
        if self.slug:
            return reverse(name, kwargs={"ref": self.ref, "slug": self.slug})
        return reverse(name, kwargs={"ref": self.ref})

    def can_edit(self, user):
        """Members of the owning organisation and editors may change a listing."""
        if not (user and user.is_authenticated):
            return False
        return user.is_editor or self.organisation_id in user.organisation_ids


class Technology(Listing):
    """A technology offered for transfer (科技成果): what it does, how mature, how it may be licensed.

    Published technologies are public, searchable and matched against demands. Editors moderate
    submissions through the listing workflow; owners edit their own on the site.
    """

    REF_PREFIX = "T"

    class Stage(models.TextChoices):
        RESEARCH = "research", _("Laboratory research")
        PROOF_OF_CONCEPT = "proof_of_concept", _("Proof of concept")
        PROTOTYPE = "prototype", _("Prototype")
        PILOT = "pilot", _("Pilot-scale verification")
        SMALL_BATCH = "small_batch", _("Small-batch production")
        INDUSTRIALISED = "industrialised", _("Industrialised")

    class IPStatus(models.TextChoices):
        GRANTED = "granted", _("Patents granted")
        PENDING = "pending", _("Patent applications pending")
        SOFTWARE = "software", _("Software copyright")
        KNOW_HOW = "know_how", _("Know-how / trade secret")
        NONE = "none", _("No registered rights")

    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("1 (basic principles observed) to 9 (proven in operation)."),
    )
    development_stage = models.CharField(
        _("development stage"), max_length=30, choices=Stage.choices, blank=True
    )
    advantages = models.TextField(_("advantages over the state of the art"), blank=True)
    application_scenarios = models.TextField(_("application scenarios"), blank=True)
    ip_status = models.CharField(_("IP status"), max_length=20, choices=IPStatus.choices, blank=True)
    transfer_modes = models.JSONField(_("transfer modes"), default=list, blank=True)
    price_cny = models.PositiveBigIntegerField(_("price (CNY)"), null=True, blank=True)
    price_negotiable = models.BooleanField(_("price negotiable"), default=True)
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)

    _revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="technology",
    )
    _workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="technology",
    )

    class Meta(Listing.Meta):
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")
        indexes = [
            models.Index(fields=["status", "track"], name="technology_status_track"),
            models.Index(fields=["status", "-published_at"], name="technology_status_published"),
            models.Index(fields=["status", "track", "-published_at"], name="technology_track_published"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(trl__gte=1, trl__lte=9), name="technology_trl_1_9"),
        ]

    @property
    def kind(self):
        return "technology"

    @property
    def transfer_mode_labels(self):
        labels = dict(TransferMode.choices)
        return [labels.get(mode, mode) for mode in self.transfer_modes]


class Demand(Listing):
    """A scenario demand (场景需求): an enterprise sets the question, researchers answer it.

    States the problem, the scenario, the capabilities wanted, a budget range and a deadline.
    Published demands are public, searchable and matched against technologies.
    """

    REF_PREFIX = "D"

    scenario = models.TextField(_("application scenario"), blank=True)
    required_capabilities = models.TextField(_("required capabilities"), blank=True)
    budget_min_cny = models.PositiveBigIntegerField(_("budget from (CNY)"), null=True, blank=True)
    budget_max_cny = models.PositiveBigIntegerField(_("budget up to (CNY)"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    development_zone = models.ForeignKey(
        "taxonomy.DevelopmentZone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demands",
        verbose_name=_("development zone"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)

    _revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="demand",
    )
    _workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        for_concrete_model=False,
        related_query_name="demand",
    )

    class Meta(Listing.Meta):
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        indexes = [
            models.Index(fields=["status", "track"], name="demand_status_track"),
            models.Index(fields=["status", "-published_at"], name="demand_status_published"),
            models.Index(fields=["status", "track", "-published_at"], name="demand_track_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_min_cny__isnull=True)
                | models.Q(budget_max_cny__isnull=True)
                | models.Q(budget_min_cny__lte=models.F("budget_max_cny")),
                name="demand_budget_range_ordered",
            ),
        ]

    @property
    def kind(self):
        return "demand"


class Patent(models.Model):
    """A patent or application behind a technology: number, type and legal status."""

    class Type(models.TextChoices):
        INVENTION = "invention", _("Invention patent")
        UTILITY_MODEL = "utility_model", _("Utility model")
        DESIGN = "design", _("Design patent")
        PCT = "pct", _("PCT application")
        SOFTWARE = "software", _("Software copyright")

    class LegalStatus(models.TextChoices):
        PENDING = "pending", _("Application pending")
        GRANTED = "granted", _("Granted, in force")
        LAPSED = "lapsed", _("Lapsed or expired")

    technology = ParentalKey(Technology, on_delete=models.CASCADE, related_name="patents")
    number = models.CharField(_("number"), max_length=50)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.INVENTION)
    legal_status = models.CharField(
        _("legal status"), max_length=20, choices=LegalStatus.choices, default=LegalStatus.PENDING
    )
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("patent")
        verbose_name_plural = _("patents")

    def __str__(self):
        return self.number


def attachment_upload_to(instance, filename):
    return random_name(f"listings/{instance.listing.kind}", filename)


class ListingAttachment(models.Model):
    """A PDF or image attached to a listing; checked by content and size on upload."""

    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_upload_to, validators=[validate_attachment]
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title or self.original_name or self.file.name.rsplit("/", 1)[-1]


class TechnologyAttachment(ListingAttachment):
    """A brochure, drawing or photograph of a technology."""

    listing = models.ForeignKey(Technology, on_delete=models.CASCADE, related_name="attachments")

    class Meta(ListingAttachment.Meta):
        verbose_name = _("technology attachment")
        verbose_name_plural = _("technology attachments")


class DemandAttachment(ListingAttachment):
    """A specification, drawing or photograph explaining a demand."""

    listing = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="attachments")

    class Meta(ListingAttachment.Meta):
        verbose_name = _("demand attachment")
        verbose_name_plural = _("demand attachments")
