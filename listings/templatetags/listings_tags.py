from django import template

from core.formatting import format_cny

register = template.Library()


@register.filter
def cny(amount):
    """An amount in yuan as a reader expects it: 300万元 in Chinese, ¥3,000,000 in English."""
    return format_cny(amount)
