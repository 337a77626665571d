"""What every funding service shares: who belongs to an organisation, notices in each person's
language, amounts and dates."""

from decimal import Decimal, InvalidOperation

from core.formatting import format_cny, format_datetime


def when(moment):
    """A date or time in Beijing time for the active language ('' for None)."""
    return format_datetime(moment)


def members(organisation):
    if organisation is None:
        return []
    return list(organisation.members.filter(is_active=True))


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
