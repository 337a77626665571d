"""Funding programmes (资助计划) of fund managers, the rubric their reviewers score with, and the
financial products (IP-pledge loans, guarantees, technology insurance) banks and insurers offer."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def english():
    return (get_language() or "").startswith("en")


def _pick(zh, en):
    return en if english() and en else zh


class Stage(models.TextChoices):
    """The rungs of the funding ladder, from proof of concept to growth."""

    PROOF_OF_CONCEPT = "poc", _("Proof of concept")
    PILOT = "pilot", _("Pilot-scale")
    TRANSFER = "transfer", _("Transfer")
    GROWTH = "growth", _("Growth")


LADDER = [Stage.PROOF_OF_CONCEPT, Stage.PILOT, Stage.TRANSFER, Stage.GROWTH]


def next_stage(stage):
    """The rung after ``stage`` on the ladder, or None at the top."""
    index = LADDER.index(stage) if stage in LADDER else -1
    return LADDER[index + 1] if 0 <= index < len(LADDER) - 1 else None


class ReviewStep(models.TextChoices):
    """The review steps a programme may run, in this order."""

    SCREENING = "screening", _("Screening")
    DUE_DILIGENCE = "due_diligence", _("Due diligence")
    COMMITTEE = "committee", _("Committee")


REVIEW_ORDER = [ReviewStep.SCREENING, ReviewStep.DUE_DILIGENCE, ReviewStep.COMMITTEE]


class ProgrammeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open(self, now=None):
        """Published programmes taking applications: rolling, or before their deadline."""
        now = now or timezone.now()
        return self.published().filter(models.Q(deadline__isnull=True) | models.Q(deadline__gt=now))

    def managed_by(self, user):
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(organisation_id__in=user.organisation_ids)


class Programme(models.Model):
    """A funding programme of a fund manager: proof-of-concept, pilot, transfer or growth money.

    Members of a verified fund-manager organisation publish it at /funding/ with its tracks,
    ticket range, eligibility (minimum TRL, IP status, applicant kinds), deadline or rolling intake,
    the documents applicants upload, and the review steps and rubric its reviewers use.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="funding_programmes",
        verbose_name=_("fund manager"),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title_zh = models.CharField(_("Chinese title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200)
    summary_zh = models.TextField(_("Chinese summary"), max_length=2000)
    summary_en = models.TextField(_("English summary"), max_length=4000)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    tracks = models.ManyToManyField(
        "taxonomy.Track", blank=True, related_name="funding_programmes", verbose_name=_("tracks")
    )
    ticket_min_cny = models.DecimalField(_("smallest ticket (CNY)"), max_digits=14, decimal_places=2)
    ticket_max_cny = models.DecimalField(_("largest ticket (CNY)"), max_digits=14, decimal_places=2)
    min_trl = models.PositiveSmallIntegerField(
        _("minimum TRL"), default=1, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    ip_statuses = models.JSONField(
        _("IP status accepted"), default=list, blank=True, help_text=_("Empty: any IP status.")
    )
    applicant_kinds = models.JSONField(
        _("organisations that may apply"), default=list, blank=True, help_text=_("Empty: any kind.")
    )
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True, help_text=_("Empty: rolling intake.")
    )
    documents_zh = models.TextField(
        _("documents asked for (Chinese)"), blank=True, help_text=_("One a line.")
    )
    documents_en = models.TextField(
        _("documents asked for (English)"), blank=True, help_text=_("One a line.")
    )
    review_steps = models.JSONField(_("review steps"), default=list, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:programme_detail", kwargs={"slug": self.slug})

    @property
    def title(self):
        return _pick(self.title_zh, self.title_en)

    @property
    def summary(self):
        return _pick(self.summary_zh, self.summary_en)

    @property
    def fund_name(self):
        """The fund manager's name in the reader's language."""
        return _pick(self.organisation.name, self.organisation.name_en)

    @property
    def documents(self):
        """The documents asked for, as (index, label in the reader's language)."""
        zh = [line.strip() for line in self.documents_zh.splitlines() if line.strip()]
        en = [line.strip() for line in self.documents_en.splitlines() if line.strip()]
        return [(i, _pick(name, en[i] if i < len(en) else "")) for i, name in enumerate(zh)]

    @property
    def steps(self):
        """The review steps this programme runs, in order (all three when none are chosen)."""
        chosen = [step for step in REVIEW_ORDER if step in (self.review_steps or [])]
        return chosen or list(REVIEW_ORDER)

    @property
    def is_rolling(self):
        return self.deadline is None

    def is_open(self, now=None):
        return self.is_published and (self.deadline is None or self.deadline > (now or timezone.now()))

    def is_manager(self, user):
        return bool(user and user.is_authenticated and self.organisation_id in user.organisation_ids)


class Criterion(models.Model):
    """One line of a programme's scoring rubric, with the most points it may give."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name_zh = models.CharField(_("criterion (Chinese)"), max_length=200)
    name_en = models.CharField(_("criterion (English)"), max_length=200)
    max_points = models.PositiveSmallIntegerField(
        _("most points"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return _pick(self.name_zh, self.name_en)


class FinancialProduct(models.Model):
    """A bank's or insurer's product for technology owners: an IP-pledge loan, a guarantee or
    technology insurance, with the amounts, terms and eligibility shown at /funding/products/."""

    class Kind(models.TextChoices):
        IP_PLEDGE_LOAN = "ip_pledge_loan", _("IP-pledge loan (知识产权质押贷款)")
        GUARANTEE = "guarantee", _("Guarantee")
        INSURANCE = "insurance", _("Technology insurance")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="financial_products",
        verbose_name=_("bank or insurer"),
    )  # fmt: skip
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title_zh = models.CharField(_("Chinese title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200)
    summary_zh = models.TextField(_("Chinese summary"), max_length=2000)
    summary_en = models.TextField(_("English summary"), max_length=4000)
    tracks = models.ManyToManyField(
        "taxonomy.Track", blank=True, related_name="financial_products", verbose_name=_("tracks")
    )
    amount_min_cny = models.DecimalField(_("smallest amount (CNY)"), max_digits=14, decimal_places=2)
    amount_max_cny = models.DecimalField(_("largest amount (CNY)"), max_digits=14, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    rate_note = models.CharField(_("rate or premium"), max_length=200, blank=True)
    min_trl = models.PositiveSmallIntegerField(
        _("minimum TRL"), default=1, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    ip_statuses = models.JSONField(
        _("IP status accepted"), default=list, blank=True, help_text=_("Empty: any IP status.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title_zh", "pk"]
        verbose_name = _("financial product")
        verbose_name_plural = _("financial products")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:product_detail", kwargs={"slug": self.slug})

    @property
    def title(self):
        return _pick(self.title_zh, self.title_en)

    @property
    def summary(self):
        return _pick(self.summary_zh, self.summary_en)

    @property
    def provider_name(self):
        """The bank's or insurer's name in the reader's language."""
        return _pick(self.organisation.name, self.organisation.name_en)

    def is_provider(self, user):
        return bool(user and user.is_authenticated and self.organisation_id in user.organisation_ids)
