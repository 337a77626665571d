"""The editorial site: the Wagtail page types and the site's contact details.

Tracks and development zones live on the ground floor (``taxonomy``); a TrackPage presents one
Track to visitors, in each locale.
"""

import datetime
import html
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from taxonomy.models import DevelopmentZone, Track, register_track_page_finder

from .blocks import BodyStreamBlock, FigureBlock, NamedItemStreamBlock


@register_setting(icon="mail")
class SiteContactSettings(BaseSiteSetting):
    """How visitors reach the service centre: shown in the footer of every page."""

    organisation_name = models.CharField(_("operated by"), max_length=200, blank=True)
    organisation_name_en = models.CharField(_("operated by, in English"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    hotline = models.CharField(_("service hotline"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_en = models.CharField(_("address in English"), max_length=200, blank=True)
    icp_number = models.CharField(
        _("ICP licence number"), max_length=60, blank=True, help_text=_("For example 津ICP备00000000号.")
    )

    panels = [
        FieldRowPanel([FieldPanel("organisation_name"), FieldPanel("organisation_name_en")]),
        FieldRowPanel([FieldPanel("contact_email"), FieldPanel("hotline")]),
        FieldRowPanel([FieldPanel("address"), FieldPanel("address_en")]),
        FieldPanel("icp_number"),
    ]

    class Meta:
        verbose_name = _("contact details")


# --- Pages ---------------------------------------------------------------------------------


class FilteredIndexMixin(RoutablePageMixin):
    """Shared by index pages: children filtered by track, tag and year, paginated, and an RSS feed."""

    per_page = 10
    feed_length = 20

    def child_pages(self):
        """The live children the index lists, newest first."""
        raise NotImplementedError

    def filtered_context(self, request, queryset):
        from .forms import IndexFilterForm  # noqa: PLC0415 — circular: imports home.models

        form = IndexFilterForm(request.GET or None)
        if form.is_valid():
            queryset = form.apply(queryset)
        page_obj = Paginator(queryset, self.per_page).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return {"filter_form": form, "page_obj": page_obj, "filter_query": query.urlencode()}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.filtered_context(request, self.child_pages()))
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        """RSS 2.0 of the newest items, so portals and readers can follow new policies and news."""
        feed = Rss201rev2Feed(
            title=self.title,
            link=self.get_full_url(request),
            description=html.unescape(strip_tags(getattr(self, "intro", ""))) or self.title,
            language=self.locale.language_code,
            feed_url=self.get_full_url(request) + self.reverse_subpage("feed"),
        )
        for item in self.child_pages()[: self.feed_length]:
            feed.add_item(
                title=item.title,
                link=item.get_full_url(request),
                description=getattr(item, "intro", "") or getattr(item, "summary", ""),
                pubdate=datetime.datetime.combine(
                    item.date, datetime.time(9), tzinfo=ZoneInfo(settings.TIME_ZONE)
                ),
                unique_id=item.get_full_url(request),
                categories=[track.name for track in item.related_tracks.all()],
            )
        response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
        feed.write(response, "utf-8")
        return response


class HomePage(RoutablePageMixin, Page):
    """The site's front page: the plan's goals, the eight tracks and the latest news and policies.

    Also serves /sitemap/ (XML) for search engines, listing the pages in both languages.
    """

    hero_kicker = models.CharField(_("kicker"), max_length=120, blank=True)
    hero_intro = models.TextField(_("introduction"), blank=True)
    goals_heading = models.CharField(_("goals heading"), max_length=120, blank=True)
    goals = StreamField(
        [("figure", FigureBlock())], verbose_name=_("2025 targets"), blank=True, use_json_field=True
    )
    goal_2030 = models.TextField(_("2030 goal"), blank=True)
    featured_policy = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("featured policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.TrackIndexPage", "home.PolicyIndexPage", "home.NewsIndexPage", "home.StandardPage"]

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_kicker"), FieldPanel("hero_intro")], heading=_("Hero")),
        MultiFieldPanel(
            [FieldPanel("goals_heading"), FieldPanel("goals"), FieldPanel("goal_2030")], heading=_("Goals")
        ),
        PageChooserPanel("featured_policy", "home.PolicyPage"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_intro")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from . import queries  # noqa: PLC0415 — circular: imports home.models
        from .marketplace import gather_highlights  # noqa: PLC0415 — circular: imports home.models

        context = super().get_context(request, *args, **kwargs)
        context["track_pages"] = queries.track_pages(locale=self.locale)
        context["latest_news"] = queries.news_pages(locale=self.locale, with_tracks=False)[:4]
        context["latest_policies"] = queries.policy_pages(locale=self.locale, with_tracks=False)[:4]
        context["marketplace"] = gather_highlights()
        if self.featured_policy_id:
            context["featured_policy"] = (
                PolicyPage.objects.live().filter(pk=self.featured_policy_id).select_related("locale").first()
            )
        return context

    # Wagtail serves only slash-terminated paths; a /sitemap.xml alias needs a line in urls.py.
    @path("sitemap/", name="sitemap")
    def sitemap(self, request):
        from .sitemaps import BilingualSitemap  # noqa: PLC0415 — circular: imports home.models

        return sitemap(request, sitemaps={"pages": BilingualSitemap(request)})


class TrackIndexPage(Page):
    """Lists the eight tracks; each child TrackPage presents one track."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.TrackPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("track index page")

    def get_context(self, request, *args, **kwargs):
        from . import queries  # noqa: PLC0415 — circular: imports home.models

        context = super().get_context(request, *args, **kwargs)
        context["track_pages"] = queries.track_pages(locale=self.locale)
        return context


class TrackPage(Page):
    """Presents one of the eight tracks: what it works on, who supplies the science, where it grows.

    The track itself (its slug and names) is a snippet that listings point at; this page holds the
    editorial text for it in one language.
    """

    track = models.ForeignKey(Track, verbose_name=_("track"), on_delete=models.PROTECT, related_name="pages")
    summary = models.TextField(_("summary"), blank=True, max_length=500)
    introduction = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])
    focus_areas = StreamField(
        NamedItemStreamBlock(), verbose_name=_("focus areas"), blank=True, use_json_field=True
    )
    innovation_sources = StreamField(
        NamedItemStreamBlock(), verbose_name=_("innovation sources"), blank=True, use_json_field=True
    )
    industry_carriers = StreamField(
        NamedItemStreamBlock(), verbose_name=_("industry carriers"), blank=True, use_json_field=True
    )
    clusters = StreamField(
        NamedItemStreamBlock(), verbose_name=_("future-industry clusters"), blank=True, use_json_field=True
    )
    development_zones = ParentalManyToManyField(
        DevelopmentZone, verbose_name=_("development zones"), blank=True, related_name="track_pages"
    )
    target_2025 = models.TextField(_("2025 target"), blank=True)
    target_2030 = models.TextField(_("2030 target"), blank=True)

    parent_page_types = ["home.TrackIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("track"),
        FieldPanel("summary"),
        FieldPanel("introduction"),
        FieldPanel("focus_areas"),
        MultiFieldPanel(
            [FieldPanel("innovation_sources"), FieldPanel("industry_carriers"), FieldPanel("clusters")],
            heading=_("Who and where"),
        ),
        FieldPanel("development_zones", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("target_2025"), FieldPanel("target_2030")], heading=_("Targets")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("introduction"),
        index.SearchField("focus_areas"),
        index.SearchField("innovation_sources"),
        index.FilterField("track"),
    ]

    class Meta:
        verbose_name = _("track page")

    def get_context(self, request, *args, **kwargs):
        from . import queries  # noqa: PLC0415 — circular: imports home.models
        from .marketplace import gather_highlights  # noqa: PLC0415 — circular: imports home.models

        context = super().get_context(request, *args, **kwargs)
        context["zones"] = list(self.development_zones.all())
        context["related_news"] = queries.news_pages(
            locale=self.locale, track=self.track_id, with_tracks=False
        )[:5]
        context["related_policies"] = queries.policy_pages(
            locale=self.locale, track=self.track_id, with_tracks=False
        )[:5]
        context["sibling_tracks"] = queries.track_pages(locale=self.locale)
        context["marketplace"] = gather_highlights(track=self.track)
        return context


def _live_track_page(track, locale):
    return TrackPage.objects.live().filter(track=track, locale=locale).first()


register_track_page_finder(_live_track_page)


class PolicyIndexPage(FilteredIndexMixin, Page):
    """Lists policy documents, newest first, filterable by track, tag and year."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.PolicyPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("policy index page")

    def child_pages(self):
        from . import queries  # noqa: PLC0415 — circular: imports home.models

        return queries.policy_pages(locale=self.locale, parent=self)


class PolicyPageTag(TaggedItemBase):
    """Links a policy to a tag; tags let visitors filter the policy list."""

    content_object = ParentalKey("home.PolicyPage", related_name="tagged_items", on_delete=models.CASCADE)


class PolicyPage(Page):
    """A policy document: who issued it, its number and date, its text and its attachments."""

    issuing_body = models.CharField(_("issuing body"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    date = models.DateField(_("date issued"))
    summary = models.TextField(_("summary"), blank=True, max_length=1200)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True, use_json_field=True)
    related_tracks = ParentalManyToManyField(
        Track, verbose_name=_("related tracks"), blank=True, related_name="policy_pages"
    )
    tags = ClusterTaggableManager(through=PolicyPageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["home.PolicyIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("issuing_body"),
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("date")]),
            ],
            heading=_("Document"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Attachments")),
        FieldPanel("related_tracks", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("issuing_body"),
        index.SearchField("document_number"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    preview_modes = [("", _("Full page")), ("card", _("Listing card"))]

    class Meta:
        verbose_name = _("policy page")
        ordering = ["-date"]

    def get_preview_template(self, request, mode_name):
        return "home/includes/page_card_preview.html" if mode_name == "card" else self.get_template(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = [block for block in self.body if block.block_type in ("section", "heading")]
        context["attachments"] = self.attachments.select_related("document").all()
        return context


class PolicyAttachment(Orderable):
    """A file that belongs to a policy (the original text, annexes), kept in the document library."""

    page = ParentalKey(PolicyPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("link text"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self):
        return self.title or self.document.title


class NewsIndexPage(FilteredIndexMixin, Page):
    """Lists news items, newest first, filterable by track, tag and year."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    max_count_per_parent = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("news index page")

    def child_pages(self):
        from . import queries  # noqa: PLC0415 — circular: imports home.models

        return queries.news_pages(locale=self.locale, parent=self)


class NewsPageTag(TaggedItemBase):
    """Links a news item to a tag; tags let visitors filter the news list."""

    content_object = ParentalKey("home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(Page):
    """A news item or announcement about the plan, the tracks or the marketplace."""

    date = models.DateField(_("date"))
    intro = models.TextField(_("introduction"), max_length=600)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True, use_json_field=True)
    related_tracks = ParentalManyToManyField(
        Track, verbose_name=_("related tracks"), blank=True, related_name="news_pages"
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("related_tracks", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    preview_modes = [("", _("Full page")), ("card", _("Listing card"))]

    class Meta:
        verbose_name = _("news page")
        ordering = ["-date"]

    def get_preview_template(self, request, mode_name):
        return "home/includes/page_card_preview.html" if mode_name == "card" else self.get_template(request)

    @cached_property
    def track_list(self):
        return list(self.related_tracks.all())


class StandardPage(Page):
    """A plain page for anything else: about the centre, services, contact, terms."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True, use_json_field=True)

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
