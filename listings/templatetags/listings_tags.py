from decimal import Decimal

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def cny(amount):
    """An amount in yuan as a reader expects it: 300万元 in Chinese, ¥3,000,000 in English."""
    if amount in (None, ""):
        return ""
    amount = int(amount)
    if not (get_language() or "").startswith("en") and amount >= 10_000:
        wan = Decimal(amount) / 10_000
        text = f"{wan:,.2f}".rstrip("0").rstrip(".")
        return f"{text}万元"  # only ever shown in Chinese
    return f"¥{amount:,}"
