"""Application scenarios (应用场景) and the yearly selections of typical cases."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from core.bilingual import localized

from ._common import current_year
from .products import InnovationProduct


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
        "taxonomy.DevelopmentZone", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), default=current_year)
    need = RichTextField(_("the need"), features=["bold", "italic", "ol", "ul", "link"])
    solution = RichTextField(
        _("technologies and products used"), features=["bold", "italic", "ol", "ul", "link"]
    )
    results = RichTextField(_("results"), features=["bold", "italic", "ol", "ul", "link"])
    summary_en = models.TextField(_("English summary"), blank=True)
    tracks = ParentalManyToManyField("taxonomy.Track", related_name="application_scenarios", blank=True)
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
        return localized(self, "title")

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
        return localized(self, "title")

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
