"""The taxonomy every part points at: the plan's eight tracks and the Binhai development zones.

Plain models, so that listings, pitches and products never depend on positions in the page tree. The
tables keep their first names (they were born in ``home``). A track's page lives on the top floor;
``home`` tells this module how to find it through ``register_track_page_finder``.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Locale
from wagtail.search import index

# Filled by the app that presents tracks as pages (home): a callable (track, locale) -> page or None.
_track_page_finders = []


def register_track_page_finder(finder):
    """Let a higher floor say which page presents a track: ``finder(track, locale)`` returns it or None."""
    if finder not in _track_page_finders:
        _track_page_finders.append(finder)


def _is_english():
    return (get_language() or "").startswith("en")


class Track(index.Indexed, models.Model):
    """One of the plan's eight future-industry tracks (新赛道).

    The taxonomy that listings, pitches, products and indicators point at. The slugs are fixed
    by the public import format; the track's page presents it to visitors.
    """

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    summary_zh = models.TextField(_("Chinese summary"), blank=True, max_length=500)
    summary_en = models.TextField(_("English summary"), blank=True, max_length=800)
    keywords = models.JSONField(
        _("keywords"),
        default=list,
        blank=True,
        help_text=_('Bilingual keywords used by search and matching: a list of {"zh": ..., "en": ...}.'),
    )

    panels = [
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("name_zh"), FieldPanel("name_en")]),
        FieldPanel("order"),
        FieldPanel("summary_zh"),
        FieldPanel("summary_en"),
        FieldPanel("keywords"),
    ]
    search_fields = [
        index.SearchField("name_zh"),
        index.SearchField("name_en"),
        index.SearchField("summary_zh"),
        index.SearchField("summary_en"),
        index.AutocompleteField("name_zh"),
        index.AutocompleteField("name_en"),
        index.SearchField("slug"),
        index.FilterField("slug"),
    ]

    class Meta:
        db_table = "home_track"
        ordering = ["order", "slug"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        page = self.get_page()
        return page.url if page else ""

    @property
    def name(self):
        """The name in the visitor's language."""
        return self.name_en if _is_english() else self.name_zh

    @property
    def summary(self):
        return (self.summary_en if _is_english() else self.summary_zh) or ""

    @property
    def keyword_list(self):
        """Keywords in the visitor's language."""
        key = "en" if _is_english() else "zh"
        return [keyword.get(key, "") for keyword in self.keywords if keyword.get(key)]

    def get_page(self, locale=None):
        """The live page presenting this track in the given (or active) locale, or None."""
        locale = locale or Locale.get_active()
        for finder in _track_page_finders:
            page = finder(self, locale)
            if page is not None:
                return page
        return None


class DevelopmentZone(index.Indexed, models.Model):
    """A development zone or park of the Binhai New Area (开发区), where demands and clusters sit."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    short_name_zh = models.CharField(_("Chinese short name"), max_length=40, blank=True)
    short_name_en = models.CharField(_("English short name"), max_length=60, blank=True)

    panels = [
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("name_zh"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("short_name_zh"), FieldPanel("short_name_en")]),
        FieldPanel("order"),
    ]
    search_fields = [
        index.SearchField("name_zh"),
        index.SearchField("name_en"),
        index.AutocompleteField("name_zh"),
        index.AutocompleteField("name_en"),
        index.SearchField("slug"),
    ]

    class Meta:
        db_table = "home_developmentzone"
        ordering = ["order", "slug"]
        verbose_name = _("development zone")
        verbose_name_plural = _("development zones")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if _is_english() else self.name_zh

    @property
    def short_name(self):
        if _is_english():
            return self.short_name_en or self.name_en
        return self.short_name_zh or self.name_zh
