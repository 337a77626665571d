"""Money and time as a reader of each language expects them, for pages, e-mails and exports alike.

Amounts are yuan (CNY). Times are shown in Beijing time, the platform's one time zone.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

BEIJING = ZoneInfo("Asia/Shanghai")


def _english():
    return (get_language() or "").startswith("en")


def format_cny(amount, *, language=None):
    """300万元 / 1,500元 in Chinese, ¥3,000,000 in English; '' for no amount. Fractions of a yuan kept."""
    if amount in (None, ""):
        return ""
    amount = Decimal(str(amount))
    english = (language or get_language() or "").startswith("en")
    cents = amount != amount.to_integral_value()
    if not english and abs(amount) >= 10_000:
        text = f"{amount / 10_000:,.4f}".rstrip("0").rstrip(".")
        return f"{text}万元"  # only ever shown in Chinese
    text = f"{amount:,.2f}" if cents else f"{int(amount):,}"
    return f"¥{text}" if english else f"{text}元"


def format_date(value, *, language=None):
    """2027年1月10日 / 10 January 2027."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value, BEIJING) if timezone.is_aware(value) else value
    if (language or get_language() or "").startswith("en"):
        return date_format(value, "j F Y")
    return date_format(value, "Y年n月j日")


def format_datetime(value, *, language=None):
    """2027年1月10日 20:11 / 10 January 2027, 20:11 — always Beijing time, 24-hour clock."""
    if not value:
        return ""
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value, language=language)
    local = timezone.localtime(value, BEIJING) if timezone.is_aware(value) else value
    return f"{format_date(local, language=language)}{'' if not (language or get_language() or '').startswith('en') else ','} {local:%H:%M}"


def join_list(items, *, language=None):
    """甲、乙和丙 in Chinese; a, b and c in English."""
    items = [str(item) for item in items if str(item)]
    if len(items) < 2:
        return "".join(items)
    if (language or get_language() or "").startswith("en"):
        return ", ".join(items[:-1]) + " and " + items[-1]
    return "、".join(items[:-1]) + "和" + items[-1]
