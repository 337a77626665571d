"""Descriptions people write: Markdown, rendered by markdown-it-py and sanitised by nh3.

What people type is stored as they typed it and made safe when shown: HTML typed into a description is
shown as text, never run, and nh3 checks the rendered HTML once more (links get rel=nofollow, only
http, https and mailto). Plain text written before Markdown keeps its paragraphs (blank lines) and line
breaks; the sanitised HTML the old editor stored was turned into Markdown once, by a data migration
(`legacy_html_to_markdown`).
"""

import html
import re

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt
from markdownify import markdownify

_ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "u", "code", "pre", "blockquote", "sub", "sup",
    "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}

_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False}).enable("table")


def _demote_headings(tokens):
    # A description sits under the page's own h1/h2: its headings start at h3.
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 2, 6)
            token.tag = f"h{level}"
    return tokens


def render_markdown(text):
    """Safe HTML for a description (SafeString); '' for no text."""
    if not text or not str(text).strip():
        return mark_safe("")
    tokens = _demote_headings(_markdown.parse(str(text)))
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
    return mark_safe(clean)  # noqa: S308 — sanitised by nh3 just above


def markdown_to_text(text):
    """The description as plain text (for e-mails' text part, search and feeds)."""
    return strip_tags(render_markdown(text)).strip()


def clean_source(text):
    """A description as its author wrote it, with line ends normalised and the ends trimmed."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


_LEGACY_TAG = re.compile(
    r"</?(p|br|ul|ol|li|strong|b|em|i|u|h[1-6]|blockquote|a|sub|sup|code|pre|table|thead|tbody|tr|th|td)\b",
    re.I,
)


def legacy_html_to_markdown(text):
    """A description stored by the old editor (sanitised HTML, entities escaped) as Markdown.

    Plain text only loses the entities the sanitiser added (`a &lt; b` → `a < b`); HTML becomes the
    Markdown that renders the same paragraphs, lists, emphasis, links and tables.
    """
    if not text:
        return text or ""
    if not _LEGACY_TAG.search(text):
        return html.unescape(text)
    return markdownify(text, heading_style="ATX", bullets="-", strip=["script", "style"]).strip()
