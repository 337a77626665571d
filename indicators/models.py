"""The plan's monitoring figures (监测指标体系): targets and the counts only editors can know.

Everything else on the dashboard is computed from the marketplace's own data (see sources.py).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Indicator(models.TextChoices):
    """The three headline targets of the action plan for 2025."""

    CLUSTERS = "clusters", _("Future-industry clusters")
    TYPICAL_SCENARIOS = "typical_scenarios", _("Typical application scenarios")
    PLATFORMS = "platforms", _("Platforms and leading enterprises")


# The two indicators editors count by hand; typical scenarios are counted from the published ones.
MAINTAINED_INDICATORS = (Indicator.CLUSTERS, Indicator.PLATFORMS)


class ProgrammeTarget(models.Model):
    """A target of the action plan: e.g. 10 clusters, 50 typical scenarios, 100 platforms by 2025.

    Leave the track empty for the plan-wide target; add per-track rows where the plan or the
    track's own programme sets one.
    """

    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    track = models.ForeignKey(
        "taxonomy.Track",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="programme_targets",
        verbose_name=_("track"),
        help_text=_("Empty: the target for the whole programme."),
    )
    value = models.PositiveIntegerField(_("target"), validators=[MinValueValidator(1)])
    year = models.PositiveSmallIntegerField(_("by the end of"), default=2025)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("Document and article."))

    panels = [
        FieldPanel("indicator"),
        FieldPanel("track"),
        FieldPanel("value"),
        FieldPanel("year"),
        FieldPanel("source"),
    ]

    class Meta:
        ordering = ["indicator", "track__order"]
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "track", "year"], name="unique_programme_target"),
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=models.Q(track=None), name="unique_overall_target"
            ),
        ]

    def __str__(self):
        scope = self.track.name if self.track_id else _("Overall")
        return f"{self.get_indicator_display()} · {scope} · {self.value} ({self.year})"


class MaintainedCount(models.Model):
    """A count editors keep up to date because no data on the site can show it: clusters built,
    platforms and leading enterprises fostered. Add a new row when the count changes, with the
    date it holds from; the dashboard reads the latest row on or before each month's end.
    """

    indicator = models.CharField(
        _("indicator"),
        max_length=30,
        choices=[(i.value, i.label) for i in MAINTAINED_INDICATORS],
    )
    track = models.ForeignKey(
        "taxonomy.Track",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="maintained_counts",
        verbose_name=_("track"),
        help_text=_("Empty: a count for the whole programme that no track claims."),
    )
    value = models.PositiveIntegerField(_("count"))
    as_of = models.DateField(_("as of"))
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("What was counted, and the source.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("indicator"),
        FieldPanel("track"),
        FieldPanel("value"),
        FieldPanel("as_of"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["indicator", "-as_of"]
        verbose_name = _("maintained count")
        verbose_name_plural = _("maintained counts")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "track", "as_of"], name="unique_maintained_count"),
        ]

    def __str__(self):
        scope = self.track.name if self.track_id else _("Overall")
        return f"{self.get_indicator_display()} · {scope} · {self.value} ({self.as_of:%Y-%m-%d})"


class MonthlyReport(models.Model):
    """The monthly indicators report (XLSX) for the evaluation agency, generated on the 1st of each month."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month reported on."))
    file = models.FileField(_("report"), upload_to="indicators/reports/")
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    generated_at = models.DateTimeField(_("generated at"), auto_now=True)

    panels = [FieldPanel("month", read_only=True), FieldPanel("file", read_only=True)]

    class Meta:
        ordering = ["-month"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")

    def __str__(self):
        return f"{self.month:%Y-%m}"
