"""Innovation products recommended for the government procurement catalogue, and application scenarios.

The chain: an enterprise submits a product; editors put it before an expert panel; experts
declare conflicts of interest and score it against weighted criteria; editors place the best in a
dated recommendation batch sent to the finance bureau; the bureau's decision (accepted into the
catalogue with an entry number, or not) is recorded and the enterprise sees every step.
"""

import hashlib
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from marketplace.uploads import RandomName, private_storage


def current_year():
    return timezone.localdate().year


def _localised(zh, en):
    return en if (get_language() or "").startswith("en") and en else zh


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
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="innovation_products",
        verbose_name=_("enterprise"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    track = models.ForeignKey("home.Track", on_delete=models.PROTECT, related_name="innovation_products")
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
    price_cny = models.DecimalField(
        _("unit price (CNY)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    price_unit = models.CharField(_("price unit"), max_length=30, default="台/套", blank=True)
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
        return _localised(self.name, self.name_en)

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
        FIRST_SET = "first_set", _("First (set) of major technical equipment (首台套)")
        FIRST_BATCH = "first_batch", _("First batch of new materials (首批次)")
        FIRST_VERSION = "first_version", _("First version of software (首版次)")
        OTHER = "other", _("Other certificate")

    product = models.ForeignKey(InnovationProduct, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=200)
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


class ExpertPanel(ClusterableModel):
    """An expert panel (评审专家组) that editors set up for a round of evaluation.

    Give it its criteria with weights (by default innovation, maturity, market and independent
    control) and its experts; then assign products to it from the product's management page.
    """

    name = models.CharField(_("name"), max_length=200)
    track = models.ForeignKey(
        "home.Track",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("track"),
    )
    description = models.TextField(_("description"), blank=True)
    is_open = models.BooleanField(_("open for scoring"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("track"),
        FieldPanel("description"),
        FieldPanel("is_open"),
        InlinePanel("criteria", label=_("Criteria"), min_num=1),
        InlinePanel("memberships", label=_("Experts"), min_num=1),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("expert panel")
        verbose_name_plural = _("expert panels")

    def __str__(self):
        return self.name


class PanelCriterion(Orderable):
    """A scoring criterion and its weight; an expert gives each criterion 0-10 points."""

    class Key(models.TextChoices):
        INNOVATION = "innovation", _("Innovation")
        MATURITY = "maturity", _("Technical maturity")
        MARKET = "market", _("Market prospects")
        INDEPENDENT_CONTROL = "independent_control", _("Independent control (自主可控)")
        OTHER = "other", _("Other")

    panel = ParentalKey(ExpertPanel, on_delete=models.CASCADE, related_name="criteria")
    key = models.CharField(_("criterion"), max_length=30, choices=Key.choices)
    label = models.CharField(_("label"), max_length=100, blank=True, help_text=_("Only for “Other”."))
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    panels = [FieldPanel("key"), FieldPanel("label"), FieldPanel("weight")]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["panel", "key", "label"], name="unique_panel_criterion")
        ]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return self.label or self.get_key_display()


class PanelMembership(Orderable):
    """An expert sitting on a panel. Experts are ordinary accounts; they score on the site."""

    panel = ParentalKey(ExpertPanel, on_delete=models.CASCADE, related_name="memberships")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_memberships"
    )

    panels = [FieldPanel("expert")]

    class Meta(Orderable.Meta):
        verbose_name = _("panel expert")
        verbose_name_plural = _("panel experts")
        constraints = [models.UniqueConstraint(fields=["panel", "expert"], name="unique_panel_expert")]

    def __str__(self):
        return str(self.expert)


class Evaluation(models.Model):
    """One expert's evaluation of one product: conflict-of-interest declaration, scores and comment."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("To declare")
        DECLARED = "declared", _("To score")
        SUBMITTED = "submitted", _("Scores submitted")
        CONFLICT = "conflict", _("Withdrawn: conflict of interest")

    panel = models.ForeignKey(ExpertPanel, on_delete=models.CASCADE, related_name="evaluations")
    product = models.ForeignKey(InnovationProduct, on_delete=models.CASCADE, related_name="evaluations")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluations")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    conflict_statement = models.TextField(_("conflict-of-interest statement"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    weighted_score = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["panel", "product", "expert"], name="unique_evaluation")
        ]

    def __str__(self):
        return f"{self.expert} · {self.product}"

    def get_absolute_url(self):
        return reverse("procurement:evaluation", kwargs={"pk": self.pk})


class CriterionScore(models.Model):
    """The points (0-10) an expert gave a product on one criterion."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(PanelCriterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="unique_criterion_score")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class RecommendationBatch(models.Model):
    """A dated batch of products recommended to the finance bureau (推荐批次), e.g. "2026年第1批"."""

    code = models.SlugField(_("code"), max_length=20, unique=True, help_text=_("e.g. 2026-1"))
    title = models.CharField(_("title"), max_length=200)
    recommended_on = models.DateField(_("recommended on"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("code"), FieldPanel("title"), FieldPanel("recommended_on"), FieldPanel("note")]

    class Meta:
        ordering = ["-recommended_on", "-id"]
        verbose_name = _("recommendation batch")
        verbose_name_plural = _("recommendation batches")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("procurement:batch_detail", kwargs={"code": self.code})


class FeedConsumer(models.Model):
    """A system that reads the recommendation feed (e.g. the finance bureau's catalogue system).

    Each consumer has its own API key, shown once when the consumer is created; switch it off to
    revoke access. The key is stored only as a hash.
    """

    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    key_prefix = models.CharField(_("key prefix"), max_length=8, editable=False, db_index=True)
    key_hash = models.CharField(max_length=64, editable=False, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    panels = [FieldPanel("name"), FieldPanel("contact"), FieldPanel("is_active")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("feed consumer")
        verbose_name_plural = _("feed consumers")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.key_hash:
            # Kept on the instance for the admin to show once; never stored in clear.
            self.new_key = self.set_new_key()
        super().save(*args, **kwargs)

    # The consumer needs no user account, so DRF's user-bound Token does not fit.
    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    def set_new_key(self):
        """Give the consumer a fresh key and return it; only its hash is kept."""
        key = secrets.token_urlsafe(32)
        self.key_prefix = key[:8]
        self.key_hash = self.hash_key(key)
        return key


class ApplicationScenario(index.Indexed, ClusterableModel):
    """A typical application scenario (典型应用场景): where future technologies and products are used.

    Say where it is, what was needed, which technologies and products answered the need and what
    came of it, with photos. Tick "typical" for scenarios counted towards the plan's target of 50.
    """

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    site = models.CharField(
        _("site"), max_length=200, help_text=_("Where: the organisation, park or city facility.")
    )
    development_zone = models.ForeignKey(
        "home.DevelopmentZone", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), default=current_year)
    need = RichTextField(_("the need"), features=["bold", "italic", "ol", "ul", "link"])
    solution = RichTextField(
        _("technologies and products used"), features=["bold", "italic", "ol", "ul", "link"]
    )
    results = RichTextField(_("results"), features=["bold", "italic", "ol", "ul", "link"])
    summary_en = models.TextField(_("English summary"), blank=True)
    tracks = ParentalManyToManyField("home.Track", related_name="application_scenarios", blank=True)
    demands = ParentalManyToManyField("listings.Demand", related_name="scenario_cases", blank=True)
    technologies = ParentalManyToManyField("listings.Technology", related_name="scenario_cases", blank=True)
    products = ParentalManyToManyField(InnovationProduct, related_name="application_scenarios", blank=True)
    is_typical = models.BooleanField(_("typical scenario"), default=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("title_en"), FieldPanel("slug"), FieldPanel("year")],
            heading=_("Scenario"),
        ),
        MultiFieldPanel([FieldPanel("site"), FieldPanel("development_zone")], heading=_("Where")),
        FieldPanel("need"),
        FieldPanel("solution"),
        FieldPanel("results"),
        FieldPanel("summary_en"),
        InlinePanel("photos", label=_("Photos")),
        MultiFieldPanel(
            [FieldPanel("tracks"), FieldPanel("demands"), FieldPanel("technologies"), FieldPanel("products")],
            heading=_("Links"),
        ),
        MultiFieldPanel([FieldPanel("is_typical"), FieldPanel("is_published")], heading=_("Publication")),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("title_en"),
        index.SearchField("site"),
        index.FilterField("is_published"),
    ]

    class Meta:
        ordering = ["-year", "-published_at", "-id"]
        verbose_name = _("application scenario")
        verbose_name_plural = _("application scenarios")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def display_title(self):
        return _localised(self.title, self.title_en)

    def get_absolute_url(self):
        return reverse("procurement:scenario_detail", kwargs={"slug": self.slug})


class ScenarioPhoto(Orderable):
    """A photo of the scenario on site, with a caption."""

    scenario = ParentalKey(ApplicationScenario, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class ScenarioSelection(ClusterableModel):
    """The annual selection of outstanding application cases (优秀应用场景案例), shown in a public showcase."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    announced_on = models.DateField(_("announced on"))
    is_published = models.BooleanField(_("published"), default=False)

    panels = [
        FieldPanel("year"),
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("introduction"),
        FieldPanel("announced_on"),
        FieldPanel("is_published"),
        InlinePanel("awards", label=_("Selected cases"), min_num=1),
    ]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual selection of outstanding cases")
        verbose_name_plural = _("annual selections of outstanding cases")

    def __str__(self):
        return self.title

    @property
    def display_title(self):
        return _localised(self.title, self.title_en)

    def get_absolute_url(self):
        return reverse("procurement:showcase", kwargs={"year": self.year})


class ScenarioAward(Orderable):
    """A scenario chosen in an annual selection, with its distinction and the jury's citation."""

    class Level(models.TextChoices):
        OUTSTANDING = "outstanding", _("Outstanding case")
        EXEMPLARY = "exemplary", _("Exemplary case")

    selection = ParentalKey(ScenarioSelection, on_delete=models.CASCADE, related_name="awards")
    scenario = models.ForeignKey(ApplicationScenario, on_delete=models.CASCADE, related_name="awards")
    level = models.CharField(
        _("distinction"), max_length=20, choices=Level.choices, default=Level.OUTSTANDING
    )
    citation = models.TextField(_("citation"), blank=True)

    panels = [FieldPanel("scenario"), FieldPanel("level"), FieldPanel("citation")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["selection", "scenario"], name="unique_scenario_award")
        ]
