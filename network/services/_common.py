"""What the network's services share: the people of each side, notices in each person's language."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format

from accounts.queries import members_of
from accounts.roles import ROLE_GROUPS, Role


def response_days():
    return int(getattr(settings, "NETWORK_RESPONSE_DAYS", 5))


def when(moment):
    """A date or time formatted for the active language ('' for None)."""
    if moment is None:
        return ""
    if isinstance(moment, datetime.datetime):
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return date_format(moment, "DATE_FORMAT")


def text(value):
    return (value or "").strip()


def members(organisation):
    return list(members_of(organisation))


def editors():
    return (
        get_user_model()
        .objects.filter(groups__name__in=ROLE_GROUPS[Role.EDITOR], is_active=True)
        .distinct()
        .order_by("pk")
    )


def require_editor(user, message):
    if not (user and user.is_authenticated and user.is_editor):
        raise PermissionDenied(message)
