"""Match requests: asking for an introduction, the owner's answer, withdrawal, the broker, and what
happens to pending requests when a listing closes."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, group_name_for
from accounts.services import filing_organisation
from core.services import audit
from core.threads import services as threads
from notifications.services import notify_each

from ..models import CooperationMode, MatchRequest
from ..registry import may_assign_broker
from ..signals import broker_assigned, match_request_created
from ..validators import validate_thread_file
from ._common import Stage, Status, _members, _store_file, _when, participants, response_days


@transaction.atomic
def request_introduction(
    *,
    requester,
    technology=None,
    demand=None,
    organisation=None,
    message,
    cooperation_mode,
    source="direct",
    source_object=None,
    non_confidential_accepted=True,
    attachments=(),
):
    """Ask a listing's owner for an introduction (a technology's owner, or a demand's owner when a
    technology is offered to the demand).

    The request is filed for ``organisation``, one the requester has accepted to join (see
    accounts.services.filing_organisation), or as an individual; that organisation's members are
    then on the requester's side. Side effects: creates a pending MatchRequest with a response deadline, stores attachments
    (non-confidential), writes the audit entry and notifies the owner's members with the deadline.
    """
    if technology is None and demand is None:
        raise ValidationError(_("Choose a technology or a demand."))
    if not (requester and requester.is_authenticated):
        raise PermissionDenied(_("Sign in to ask for an introduction."))
    listing = demand if demand is not None else technology
    if listing.status != "published":
        raise ValidationError(_("This listing is not published."))
    if listing.organisation_id in requester.organisation_ids:
        raise ValidationError(_("This listing belongs to your own organisation."))
    message = (message or "").strip()
    if len(message) < 10:
        raise ValidationError(_("Write a message of at least 10 characters saying what you are looking for."))
    if cooperation_mode not in CooperationMode.values:
        raise ValidationError(_("Choose how you would like to cooperate."))
    if not non_confidential_accepted:
        raise ValidationError(_("Confirm that the first exchange is non-confidential."))
    duplicate = MatchRequest.objects.filter(
        requester=requester,
        technology=technology,
        demand=demand,
        status__in=[Status.PENDING, Status.ACCEPTED],
    ).exclude(stage__in=[Stage.CLOSED_DEAL, Stage.CLOSED_NO_DEAL])
    if duplicate.exists():
        raise ValidationError(_("You already have an open request for this listing."))
    requester_organisation = filing_organisation(user=requester, organisation=organisation)
    checked = [(upload, validate_thread_file(upload)) for upload in attachments]
    now = timezone.now()
    requester_org_id = requester_organisation.pk if requester_organisation else None
    match_request = MatchRequest.objects.create(
        requester=requester,
        requester_organisation_id=requester_org_id,
        owner_organisation_id=listing.organisation_id,
        technology=technology,
        demand=demand,
        message=message,
        cooperation_mode=cooperation_mode,
        source=source,
        source_content_type=ContentType.objects.get_for_model(source_object) if source_object else None,
        source_object_id=source_object.pk if source_object else None,
        response_deadline=now + datetime.timedelta(days=response_days()),
        requester_accepted_non_confidential_at=now,
    )
    for upload, mime in checked:
        _store_file(match_request, requester, upload, mime, confidential=False)
    audit(subject=match_request, action="requested", actor=requester, to_state=Status.PENDING, note=source)
    match_request_created.send(sender=MatchRequest, match_request=match_request)
    notify_each(
        _members(match_request.owner_organisation),
        kind="match_request.received",
        title=lambda: _("New introduction request for %(title)s") % {"title": listing.display_title},
        body=lambda: _(
            "%(who)s asks for an introduction. Next: accept or decline with a reason by %(deadline)s."
        )
        % {"who": requester, "deadline": _when(match_request.response_deadline)},
        url=match_request.get_absolute_url(),
        action_deadline=match_request.response_deadline,
        dedupe_key=f"request:{match_request.pk}:received",
    )
    return match_request


@transaction.atomic
def accept_match_request(*, match_request, user):
    """The owner accepts. Side effects: status accepted, stage introduced, thread opens, audit, notices."""
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    if match_request.side_of(user) != "owner":
        raise PermissionDenied(_("Only the listing's owner can answer this request."))
    if match_request.status != Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    now = timezone.now()
    match_request.status, match_request.stage = Status.ACCEPTED, Stage.INTRODUCED
    match_request.responded_at, match_request.responded_by = now, user
    match_request.owner_accepted_non_confidential_at = now
    match_request.save()
    audit(
        subject=match_request,
        action="accepted",
        actor=user,
        from_state=Status.PENDING,
        to_state=Status.ACCEPTED,
    )
    notify_each(
        [match_request.requester] + ([match_request.broker] if match_request.broker else []),
        kind="match_request.accepted",
        title=lambda: _("Your introduction request for %(title)s was accepted")
        % {"title": match_request.listing.display_title},
        body=lambda: _("Next: introduce yourselves in the private thread and agree the next step."),
        url=match_request.get_absolute_url(),
        dedupe_key=f"request:{match_request.pk}:accepted",
    )
    return match_request


@transaction.atomic
def decline_match_request(*, match_request, user, reason, detail=""):
    """The owner declines with a structured reason (and text for "other").

    Side effects: status declined, audit, the requester is told the reason.
    """
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    if match_request.side_of(user) != "owner":
        raise PermissionDenied(_("Only the listing's owner can answer this request."))
    if match_request.status != Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    label, detail = threads.decline_with_reason(
        subject=match_request,
        user=user,
        reason=reason,
        detail=detail,
        reasons=MatchRequest.DeclineReason,
        declined=Status.DECLINED,
    )
    notify_each(
        [match_request.requester],
        kind="match_request.declined",
        title=lambda: _("Your introduction request for %(title)s was declined")
        % {"title": match_request.listing.display_title},
        body=lambda: _(
            "Reason: %(reason)s. %(detail)s Next: look at similar listings or ask the broker desk for help."
        )
        % {"reason": label.label, "detail": detail},
        url=match_request.get_absolute_url(),
        dedupe_key=f"request:{match_request.pk}:declined",
    )
    return match_request


@transaction.atomic
def withdraw_match_request(*, match_request, user):
    """The requester withdraws an unanswered request. Side effects: status withdrawn, audit, notice to owner."""
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    if user.pk != match_request.requester_id:
        raise PermissionDenied(_("Only the person who asked can withdraw the request."))
    if match_request.status != Status.PENDING:
        raise ValidationError(_("Only a request awaiting an answer can be withdrawn."))
    match_request.status = Status.WITHDRAWN
    match_request.save()
    audit(
        subject=match_request,
        action="withdrawn",
        actor=user,
        from_state=Status.PENDING,
        to_state=Status.WITHDRAWN,
    )
    return match_request


@transaction.atomic
def assign_broker(*, match_request, broker, assigned_by):
    """An editor assigns (or removes, broker=None) the technology broker; so may whoever a registered
    broker authority allows (dealflow.registry: an agency that accepted to broker the demand).

    Side effects: sets the broker, audit, notices to the broker and both sides; sends
    ``signals.broker_assigned`` (the network records which agency the introduction counts for).
    """
    if broker is not None and not broker.has_role(Role.BROKER):
        raise ValidationError(_("%(person)s is not a technology broker.") % {"person": broker})
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    if not (
        assigned_by.is_editor
        or may_assign_broker(match_request=match_request, broker=broker, assigned_by=assigned_by)
    ):
        raise PermissionDenied(_("Only editors assign brokers."))
    previous = match_request.broker
    if previous == broker:
        return match_request
    match_request.broker = broker
    match_request.save(update_fields=["broker", "updated_at"])
    broker_assigned.send(sender=MatchRequest, match_request=match_request, broker=broker, previous=previous)
    audit(
        subject=match_request,
        action="broker_assigned",
        actor=assigned_by,
        from_state=str(previous.pk) if previous else "",
        to_state=str(broker.pk) if broker else "",
        note=str(broker or ""),
    )
    if broker is not None:
        notify_each(
            participants(match_request),
            kind="match_request.broker",
            title=lambda: _("%(broker)s is the broker for request #%(pk)s")
            % {"broker": broker, "pk": match_request.pk},
            body=lambda: _("Next: the broker will contact both sides within two working days."),
            url=match_request.get_absolute_url(),
            dedupe_key=f"request:{match_request.pk}:broker:{broker.pk}",
        )
    return match_request


def brokers():
    return (
        get_user_model().objects.filter(groups__name=group_name_for(Role.BROKER), is_active=True).distinct()
    )


def close_requests_for_unpublished_listings(*, model, ids):
    """When listings are closed, withdrawn or unpublished, pending requests about them end: the
    requesters hear why. Such requests leave the owner's responsiveness figures (status withdrawn).

    Side effects: statuses, audit entries, notifications.
    """
    field = "demand" if model.__name__ == "Demand" else "technology"
    unpublished = model.objects.filter(pk__in=ids).exclude(status="published").values_list("pk", flat=True)
    pending = MatchRequest.objects.awaiting_answer().filter(**{f"{field}_id__in": list(unpublished)})
    if field == "technology":
        pending = pending.filter(demand__isnull=True)
    closed = 0
    for match_request in pending.select_related("technology", "demand", "requester"):
        with transaction.atomic():
            if not MatchRequest.objects.filter(pk=match_request.pk, status=Status.PENDING).update(
                status=Status.WITHDRAWN
            ):
                continue
            audit(
                subject=match_request,
                action="listing_unpublished",
                from_state=Status.PENDING,
                to_state=Status.WITHDRAWN,
            )
            notify_each(
                [match_request.requester],
                kind="match_request.listing_closed",
                title=lambda match_request=match_request: _("%(title)s is no longer available")
                % {"title": match_request.listing.display_title},
                body=lambda: _(
                    "Your request ended because the owner closed the listing. Next: look at similar listings."
                ),
                url=match_request.get_absolute_url(),
                dedupe_key=f"request:{match_request.pk}:listing_closed",
            )
            closed += 1
    return closed
