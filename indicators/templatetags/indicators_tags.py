from django import template

register = template.Library()


@register.filter
def grouped(value):
    """A whole number with thousands separators in every language: 1,500,000."""
    if value is None or value == "":
        return "—"
    return f"{float(value):,.0f}"
