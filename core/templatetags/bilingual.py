"""`{% load bilingual %}`: content in the reader's language.

- `{% text obj "title" %}`: the field in the reader's language; when only the other language exists it is
  wrapped with its `lang` and marked "Chinese only" / "仅有英文".
- `{{ obj|text:"title" }}`: the same as plain text, for attributes and the document title.
- `{% text obj "description" markdown=True %}`: a Markdown description rendered safely.
- `{{ value|markdown }}`: render a Markdown text safely.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from core.bilingual import LANG_ATTRIBUTE, LocalizedText, localized, original_language, reader_language
from core.richtext import render_markdown

register = template.Library()


def _mark(value):
    if value.lang == "zh":
        return gettext("Chinese only")
    return gettext("English only")


@register.simple_tag(name="text")
def text_tag(obj, field, markdown=False):
    value = localized(obj, field)
    body = render_markdown(value) if markdown else value
    if not value.fallback:
        if markdown:
            return format_html('<div class="rich-text">{}</div>', body)
        return str(value)
    if markdown:
        return format_html(
            '<div class="rich-text" lang="{}"><p class="only-in-mark">{}</p>{}</div>',
            value.lang_attribute,
            _mark(value),
            body,
        )
    return format_html(
        '<span lang="{}">{}</span> <span class="only-in-mark">{}</span>',
        value.lang_attribute,
        body,
        _mark(value),
    )


@register.simple_tag(name="only_in_mark")
def only_in_mark(value):
    """The "Chinese only" mark after a LocalizedText that stands in for a missing translation."""
    if isinstance(value, LocalizedText) and value.fallback:
        return format_html(' <span class="only-in-mark">{}</span>', _mark(value))
    return ""


@register.filter(name="lang_attr")
def lang_attr(value):
    """` lang="zh-Hans"` for a LocalizedText not in the reader's language; '' otherwise."""
    if isinstance(value, LocalizedText) and value.fallback:
        return format_html(' lang="{}"', value.lang_attribute)
    return ""


@register.filter(name="content_lang")
def content_lang(obj):
    """` lang="…"` when `obj` is written in another language than the reader's (keywords, tags)."""
    language = original_language(obj)
    if language != reader_language():
        return format_html(' lang="{}"', LANG_ATTRIBUTE[language])
    return ""


@register.filter(name="text")
def text_filter(obj, field):
    return localized(obj, field)  # a str that still knows its language, for `|lang_attr`


@register.filter(name="markdown")
def markdown_filter(value):
    return render_markdown(value)
