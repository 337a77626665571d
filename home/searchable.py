"""Policies and news in the site-wide search.

A policy or news item is one search document for all its translations (Wagtail locales): the
page in the default locale stands for the group (or, when that one is not live, the page in
another locale), its document holds every live translation's texts, and a hit opens the page in
the reader's language where it exists.
"""

from datetime import UTC, datetime, time

from django.conf import settings
from django.db.models import Q
from django.db.models.signals import post_delete
from django.utils.translation import pgettext_lazy
from wagtail import signals as wagtail_signals
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from search.registry import SearchableKind, SiteEntry, on_signals

from .models import NewsPage, PolicyPage


def _language(locale):
    return "en" if locale.language_code.startswith("en") else "zh"


def _public(model):
    """Live pages without view restrictions, one per translation group."""
    pages = model.objects.live().public()
    # By code, in the query: a database without locales (yet) simply has no pages.
    default = Q(locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    in_default = pages.filter(default).values("translation_key")
    return (
        pages.filter(default | ~Q(translation_key__in=in_default))
        .select_related("locale")
        .prefetch_related("related_tracks")
    )


def public_policies():
    return _public(PolicyPage)


def public_news():
    return _public(NewsPage)


def _body_text(page):
    return "\n".join(str(text) for text in page.body.stream_block.get_searchable_content(page.body))


def _entry(page, summary_field, extra_fields=()):
    translations = type(page).objects.filter(translation_key=page.translation_key).live().public()
    titles, summaries, bodies, urls = {}, {}, {}, {}
    for translation in translations.select_related("locale"):
        language = _language(translation.locale)
        titles[language] = translation.title
        summaries[language] = getattr(translation, summary_field, "") or ""
        extra = [getattr(translation, name, "") or "" for name in extra_fields]
        bodies[language] = "\n".join([*extra, _body_text(translation)])
        urls[language] = translation.get_url()
    return SiteEntry(
        pk=page.pk,
        title=titles,
        summary=summaries,
        body=bodies,
        tracks=tuple(sorted(track.slug for track in page.related_tracks.all())),
        language=_language(page.locale),
        url=urls,
        published_at=datetime.combine(page.date, time(), tzinfo=UTC),
    )


def policy_entry(page):
    return _entry(page, "summary", ("issuing_body", "document_number"))


def news_entry(page):
    return _entry(page, "intro")


def _translations(instance, **kwargs):
    # The whole group: which page stands for it may change with this one.
    group = Page.objects.filter(translation_key=instance.translation_key).values_list("pk", flat=True)
    return [instance.pk, *group]  # a deleted page is no longer in its group


def _triggers(model):
    return on_signals(
        model,
        _translations,
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.post_page_move,
        post_delete,
    )


POLICY_KIND = SearchableKind(
    name="policy",
    label=pgettext_lazy("search kind", "Policies"),
    order=50,
    public=public_policies,
    entry=policy_entry,
    triggers=_triggers(PolicyPage),
)
NEWS_KIND = SearchableKind(
    name="news",
    label=pgettext_lazy("search kind", "News"),
    order=60,
    public=public_news,
    entry=news_entry,
    triggers=_triggers(NewsPage),
)
