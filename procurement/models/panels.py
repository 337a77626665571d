"""Expert panels: their weighted criteria, their experts, and each expert's evaluation of a product."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class ExpertPanel(ClusterableModel):
    """An expert panel (评审专家组) that editors set up for a round of evaluation.

    Give it its criteria with weights (by default innovation, maturity, market and independent
    control) and its experts; then assign products to it from the product's management page.
    """

    name = models.CharField(_("name"), max_length=200)
    track = models.ForeignKey(
        "taxonomy.Track",
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
        INDEPENDENT_CONTROL = "independent_control", _("Independent and controllable")
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
    product = models.ForeignKey("InnovationProduct", on_delete=models.CASCADE, related_name="evaluations")
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
