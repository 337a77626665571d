from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class Track(index.Indexed, models.Model):
    """One of the plan's eight future-industry tracks (新赛道).

    The taxonomy that listings, pitches, products and indicators point at. The slugs are fixed
    by the public import format; the track's page presents it to visitors.
    """

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("slug"), FieldPanel("name_zh"), FieldPanel("name_en"), FieldPanel("order")]
    search_fields = [index.SearchField("name_zh"), index.SearchField("name_en"), index.FilterField("slug")]

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name in the visitor's language."""
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class DevelopmentZone(index.Indexed, models.Model):
    """A development zone or park of the Binhai New Area (开发区), where demands and clusters sit."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("slug"), FieldPanel("name_zh"), FieldPanel("name_en"), FieldPanel("order")]
    search_fields = [index.SearchField("name_zh"), index.SearchField("name_en")]

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("development zone")
        verbose_name_plural = _("development zones")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class HomePage(Page):
    """The site's front page: the plan's goals, the eight tracks and the latest activity."""

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    content_panels = Page.content_panels
