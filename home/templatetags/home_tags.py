"""Template tags shared by every page: the language switcher, the editorial navigation."""

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from core.formatting import format_date
from home.models import HomePage, NewsIndexPage, PolicyIndexPage, TrackIndexPage

register = template.Library()


def _locales_by_language(request):
    cached = getattr(request, "_home_locales", None)
    if cached is None:
        cached = {locale.language_code: locale for locale in Locale.objects.all()}
        if request is not None:
            request._home_locales = cached
    return cached


def _site_root(request):
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per other language: its code, its own name, the target URL and the `next` to post.

    On a Wagtail page the target is the same page's translation (or the translated home page when
    there is none); anywhere else it is the same path in the other language.

    Django's set_language passes `next` through translate_url(), resolving it in the default
    language (its own URL has no language prefix). Wagtail's catch-all pattern would read an
    "/en/..." path as a Chinese page path and prefix it twice, so `next` is the target without
    its language prefix, which set_language puts back.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    cache_key = ("_home_language_links", getattr(page, "pk", None), current)
    cached = getattr(request, "_home_language_links", {}) if request is not None else {}
    if cache_key in cached:
        return cached[cache_key]
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        target = None
        if isinstance(page, Page) and request is not None:
            locale = _locales_by_language(request).get(code)
            translated = page.get_translation_or_none(locale) if locale else None
            if translated is None or not translated.live:
                root = _site_root(request)
                translated = root.get_translation_or_none(locale) if root and locale else None
            if translated is not None:
                target = translated.get_url(request=request)
        if not target:
            path = request.get_full_path() if request is not None else "/"
            target = translate_url(path, code)
        links.append(
            {"code": code, "name": name, "url": target, "next": _strip_language_prefix(target, code)}
        )
    return links


def _strip_language_prefix(url, code):
    prefix = f"/{code}/"
    if code != settings.LANGUAGE_CODE and url.startswith(prefix):
        return url[len(prefix) - 1 :]
    return url


@register.simple_tag(takes_context=True)
def editorial_sections(context):
    """The home page and its index pages (tracks, policies, news) in the active locale."""

    index_models = {"tracks": TrackIndexPage, "policies": PolicyIndexPage, "news": NewsIndexPage}
    request = context.get("request")
    if request is not None and hasattr(request, "_home_sections"):
        return request._home_sections
    sections = {}
    # No locale rows yet (a site before its first page) means no sections, not an error.
    codes = _active_language_codes()
    locales = sorted(
        Locale.objects.filter(language_code__in=codes), key=lambda loc: codes.index(loc.language_code)
    )
    locale = locales[0] if locales else None
    home = HomePage.objects.live().filter(locale=locale).first() if locale else None
    if home is not None:
        sections["home"] = home
        kinds = {ContentType.objects.get_for_model(model).pk: key for key, model in index_models.items()}
        for index in Page.objects.live().child_of(home).filter(content_type__in=kinds).order_by("path"):
            sections.setdefault(kinds[index.content_type_id], index)
    if request is not None:
        request._home_sections = sections
    return sections


def _active_language_codes():
    return [get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE]


@register.filter
def localized_date(value):
    """A date in the active language's own long format (2023年7月6日 / 6 July 2023)."""
    return format_date(value)


@register.filter
def page_description(page):
    """The best short description a page has, for search engines and link previews."""
    for name in ("search_description", "summary", "intro", "hero_intro"):
        value = getattr(page, name, "")
        if value:
            return str(value)
    return ""
