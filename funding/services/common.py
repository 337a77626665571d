"""What every funding service shares: who belongs to an organisation, notices in each person's
language, amounts and dates."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation

from core.formatting import format_cny, format_datetime
from notifications.services import notify_each


def when(moment):
    """A date or time in Beijing time for the active language ('' for None)."""
    return format_datetime(moment)


def members(organisation):
    if organisation is None:
        return []
    return list(organisation.members.filter(is_active=True))


def notify_many(people, *, url, **kwargs):
    """notify_each, with the link also built in each person's language (so it opens their pages)."""
    for person in people:
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            link = url()
        notify_each([person], url=link, **kwargs)


def amount(value, *, allow_zero=False):
    """A yuan amount with two decimals, or None when it is not a sensible amount."""
    try:
        parsed = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if parsed < 0 or (parsed == 0 and not allow_zero) or parsed >= Decimal("1000000000000"):
        return None
    return parsed


def text(value):
    return (value or "").strip()


def yuan(value):
    """An amount as the active language writes it (150万元 / ¥1,500,000)."""
    return format_cny(value)
