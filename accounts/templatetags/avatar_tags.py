"""`{% load avatar_tags %}`: a person's initials in a circle, drawn by the site (no avatar service)."""

import unicodedata

from django import template
from django.utils.html import format_html

register = template.Library()


def initials(name):
    """ "王" for 王研究员, "JS" for Jane Smith, "J" for jane@example.com; "?" for no name."""
    name = (name or "").strip()
    if not name:
        return "?"
    if "@" in name:
        name = name.split("@", 1)[0]
    first = name[0]
    if unicodedata.east_asian_width(first) in ("W", "F"):
        return first
    words = [word for word in name.replace(".", " ").replace("_", " ").split() if word[:1].isalnum()]
    return ("".join(word[0] for word in words[:2]) or first).upper()


@register.simple_tag
def initials_avatar(user):
    """An inline avatar with the person's initials; decorative, their name is written beside it."""
    name = user.get_short_name() or user.get_username()
    return format_html('<span class="avatar" aria-hidden="true">{}</span>', initials(name))
