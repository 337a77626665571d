"""Deadlines: reminders before a response is due, expiry after it, challenges moving into review."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit
from notifications.models import Notification
from notifications.services import notify_each

from ..models import Challenge, MatchRequest
from ._common import Status, _members, _when, reminder_hours


def send_deadline_reminders(*, now=None):
    """Remind owners before a response deadline, expire requests past it, move challenges past their
    deadline into review. Idempotent: each reminder has a dedupe key.

    Side effects: notifications, status expired (audit), challenge status reviewing (audit).
    """
    now = now or timezone.now()
    reminded = 0
    windows = sorted(reminder_hours(), reverse=True)
    pending = MatchRequest.objects.awaiting_answer().select_related(
        "owner_organisation", "technology", "demand"
    )
    for match_request in pending.filter(
        response_deadline__gt=now, response_deadline__lte=now + datetime.timedelta(hours=windows[0])
    ):
        left = (match_request.response_deadline - now).total_seconds() / 3600
        window = min(w for w in windows if left <= w)
        for person in _members(match_request.owner_organisation):
            before = Notification.objects.filter(recipient=person).count()
            notify_each(
                [person],
                kind="match_request.reminder",
                title=lambda match_request=match_request: _(
                    "Reminder: answer the introduction request for %(title)s"
                )
                % {"title": match_request.listing.display_title},
                body=lambda match_request=match_request: _(
                    "Next: accept or decline with a reason by %(deadline)s; unanswered requests count against your responsiveness."
                )
                % {"deadline": _when(match_request.response_deadline)},
                url=match_request.get_absolute_url(),
                action_deadline=match_request.response_deadline,
                dedupe_key=f"request:{match_request.pk}:reminder:{window}h:{person.pk}",
            )
            reminded += Notification.objects.filter(recipient=person).count() - before
        MatchRequest.objects.filter(pk=match_request.pk).update(last_reminded_at=now)
    for match_request in pending.filter(response_deadline__lte=now):
        with transaction.atomic():
            MatchRequest.objects.filter(pk=match_request.pk, status=Status.PENDING).update(
                status=Status.EXPIRED
            )
            audit(subject=match_request, action="expired", from_state=Status.PENDING, to_state=Status.EXPIRED)
            notify_each(
                [match_request.requester],
                kind="match_request.expired",
                title=lambda match_request=match_request: _("No answer in time for %(title)s")
                % {"title": match_request.listing.display_title},
                body=lambda match_request=match_request: _(
                    "The owner did not answer by the deadline. Next: ask an editor for a broker, or try similar listings."
                ),
                url=match_request.get_absolute_url(),
                dedupe_key=f"request:{match_request.pk}:expired",
            )
    for challenge in Challenge.objects.filter(status=Challenge.Status.OPEN, deadline__lte=now):
        with transaction.atomic():
            Challenge.objects.filter(pk=challenge.pk).update(status=Challenge.Status.REVIEWING)
            audit(subject=challenge, action="review_started", from_state="open", to_state="reviewing")
            for reviewer in challenge.reviewers.select_related("user"):
                notify_each(
                    [reviewer.user],
                    kind="challenge.review",
                    title=lambda challenge=challenge: _("Proposals for “%(title)s” are ready for review")
                    % {"title": challenge.demand.display_title},
                    body=lambda challenge=challenge: _("Next: screen and score the proposals."),
                    url=challenge.get_absolute_url() + "review/",
                    dedupe_key=f"challenge:{challenge.pk}:review",
                )
    return reminded
