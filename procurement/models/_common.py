"""Helpers the procurement models share."""

from django.utils import timezone

from core.bilingual import reader_language


def current_year():
    return timezone.localdate().year


def _localised(zh, en):
    """For fields named `…_zh`/`…_en` (the catalogue's headings); models with a plain field and its
    `…_en` use core.bilingual.localized."""
    return en if reader_language() == "en" and en else zh
