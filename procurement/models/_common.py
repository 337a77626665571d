"""Helpers the procurement models share."""

from django.utils import timezone
from django.utils.translation import get_language


def current_year():
    return timezone.localdate().year


def _localised(zh, en):
    return en if (get_language() or "").startswith("en") and en else zh
