"""RFC 5545 recurrence rules read with python-dateutil, in the series' own time zone."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_FREQUENCIES = {DAILY, WEEKLY, MONTHLY, YEARLY}


def _clean_rule_text(text):
    text = (text or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    return text


def parse_rule(text, *, dtstart_local):
    """The dateutil rrule for an RRULE value, anchored at a naive local start."""
    return rrulestr(_clean_rule_text(text), dtstart=dtstart_local)


def validate_rrule(text):
    """Refuse rules dateutil cannot read and rules finer than daily (a session every minute)."""

    try:
        rule = parse_rule(text, dtstart_local=datetime(2026, 1, 1, 9, 0))
    except (ValueError, TypeError) as exc:
        raise ValidationError(_("This is not a valid recurrence rule: %(error)s") % {"error": exc}) from exc
    if rule._freq not in ALLOWED_FREQUENCIES:
        raise ValidationError(_("Sessions can repeat daily, weekly, monthly or yearly, not more often."))


def validate_timezone(name):
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("Unknown time zone: %(name)s") % {"name": name}) from exc


def occurrences(*, rule_text, first_start, tz_name, start, end):
    """Aware UTC starts of the occurrences between two aware moments (inclusive).

    The rule runs on local wall-clock time, so "Thursdays at 14:00" stays 14:00 local.
    """
    zone = ZoneInfo(tz_name)
    local_first = first_start.astimezone(zone).replace(tzinfo=None)
    rule = parse_rule(rule_text, dtstart_local=local_first)
    local_start = start.astimezone(zone).replace(tzinfo=None)
    local_end = end.astimezone(zone).replace(tzinfo=None)
    return [dt.replace(tzinfo=zone).astimezone(UTC) for dt in rule.between(local_start, local_end, inc=True)]
