"""What the deal-flow services share: settings, the sides of a request and notices in each person's language."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.queries import members_of
from core.exceptions import RateLimited  # noqa: F401  (re-exported: services.RateLimited)
from core.threads import services as threads

from .. import registry
from ..models import MatchRequest, ThreadFile

Status, Stage = MatchRequest.Status, MatchRequest.Stage


def response_days():
    return int(getattr(settings, "DEALFLOW_RESPONSE_DAYS", 7))


def reminder_hours():
    return tuple(getattr(settings, "DEALFLOW_REMINDER_HOURS", (72, 24)))


def _when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def _members(organisation):
    """The organisation's members now (accepted memberships only, active accounts)."""
    return list(members_of(organisation))


def participants(match_request):
    """Everybody who may read the thread: both sides' people and the broker (while still a member
    of the organisation they were assigned through)."""
    people = {match_request.requester_id: match_request.requester}
    for person in _members(match_request.owner_organisation):
        people.setdefault(person.pk, person)
    if registry.broker_takes_part(match_request):
        people.setdefault(match_request.broker_id, match_request.broker)
    return list(people.values())


def _require_side(match_request, user, allowed=("requester", "owner", "broker")):
    return threads.require_side(
        match_request, user, allowed, refusal=_("You do not take part in this request.")
    )


def _require_open_thread(match_request):
    if match_request.status != Status.ACCEPTED:
        raise ValidationError(_("The thread opens once the request is accepted."))


def _store_file(match_request, user, upload, mime, *, confidential):
    return ThreadFile.objects.create(
        match_request=match_request,
        uploaded_by=user,
        file=upload,
        original_name=upload.name[:255],
        content_type=mime,
        size=upload.size,
        confidential=confidential,
    )
