"""`{% load formatting %}`: `amount|cny`, `day|localized_date`, `moment|localized_datetime`, `items|join_list`."""

from django import template

from core.formatting import format_cny, format_date, format_datetime, join_list

register = template.Library()


@register.filter
def cny(amount):
    """An amount in yuan as the reader expects it (300万元 / ¥3,000,000)."""
    return format_cny(amount)


@register.filter
def localized_date(value):
    """A date in the active language's own long format (2023年7月6日 / 6 July 2023)."""
    return format_date(value)


@register.filter
def localized_datetime(value):
    """A moment in Beijing time in the active language (2027年1月10日 20:11 / 10 January 2027, 20:11)."""
    return format_datetime(value)


@register.filter(name="join_list")
def join_list_filter(items):
    """Items joined as the reader's language lists them (甲、乙和丙 / a, b and c)."""
    return join_list(items)
