"""The path from "I am interested" to a registered deal, and challenges (揭榜挂帅).

Shared by the web pages, the API and the periodic tasks. Each function checks who may do it
(PermissionDenied), validates its input (ValidationError, nothing saved), writes an AuditEntry
for every state change and notifies the people concerned through notifications.services.notify.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.roles import Role
from core.services import audit
from notifications.models import Notification
from notifications.services import notify

from .models import (
    Challenge,
    ChallengeReviewer,
    CooperationMode,
    Evaluation,
    MatchRequest,
    Proposal,
    ProposalComment,
    ProposalScore,
    ThreadFile,
    ThreadMessage,
)
from .validators import validate_thread_file

Status, Stage = MatchRequest.Status, MatchRequest.Stage


class RateLimited(Exception):
    """Too many messages in a short time; the caller answers 429."""


def response_days():
    return int(getattr(settings, "DEALFLOW_RESPONSE_DAYS", 7))


def reminder_hours():
    return tuple(getattr(settings, "DEALFLOW_REMINDER_HOURS", (72, 24)))


def _when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def _members(organisation):
    if organisation is None:
        return []
    return list(organisation.members.filter(is_active=True))


def participants(match_request):
    """Everybody who may read the thread: both sides' people and the broker."""
    people = {match_request.requester_id: match_request.requester}
    for person in _members(match_request.owner_organisation):
        people.setdefault(person.pk, person)
    if match_request.broker_id:
        people.setdefault(match_request.broker_id, match_request.broker)
    return list(people.values())


def _notify_many(people, *, title, body, exclude=None, **kwargs):
    """Notify each person in their own language: `title` and `body` are callables evaluated per person."""
    dedupe = kwargs.pop("dedupe_key", None)
    for person in people:
        if exclude is not None and person.pk == exclude.pk:
            continue
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            notify(
                recipient=person,
                title=title(),
                body=body(),
                dedupe_key=f"{dedupe}:{person.pk}" if dedupe else None,
                **kwargs,
            )


def _require_side(match_request, user, allowed=("requester", "owner", "broker")):
    side = match_request.side_of(user)
    if side not in allowed:
        raise PermissionDenied(_("You do not take part in this request."))
    return side


# --- Match requests -----------------------------------------------------------------------------


@transaction.atomic
def request_introduction(
    *,
    requester,
    technology=None,
    demand=None,
    message,
    cooperation_mode,
    source="direct",
    source_object=None,
    non_confidential_accepted=True,
    attachments=(),
):
    """Ask a listing's owner for an introduction (a technology's owner, or a demand's owner when a
    technology is offered to the demand).

    Side effects: creates a pending MatchRequest with a response deadline, stores attachments
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
    checked = [(upload, validate_thread_file(upload)) for upload in attachments]
    now = timezone.now()
    requester_org_id = next(iter(sorted(requester.organisation_ids)), None)
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
    _notify_many(
        _members(match_request.owner_organisation),
        kind="match_request.received",
        title=lambda: _("New introduction request for %(title)s") % {"title": listing.title},
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
    _notify_many(
        [match_request.requester] + ([match_request.broker] if match_request.broker else []),
        kind="match_request.accepted",
        title=lambda: _("Your introduction request for %(title)s was accepted")
        % {"title": match_request.listing.title},
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
    detail = (detail or "").strip()
    if reason not in MatchRequest.DeclineReason.values:
        raise ValidationError(_("Choose a reason for declining."))
    if reason == MatchRequest.DeclineReason.OTHER and not detail:
        raise ValidationError(_("Explain the reason when you choose “other”."))
    match_request.status = Status.DECLINED
    match_request.responded_at, match_request.responded_by = timezone.now(), user
    match_request.decline_reason, match_request.decline_detail = reason, detail
    match_request.save()
    label = MatchRequest.DeclineReason(reason).label
    audit(
        subject=match_request,
        action="declined",
        actor=user,
        from_state=Status.PENDING,
        to_state=Status.DECLINED,
        note=f"{reason}: {detail}",
    )
    _notify_many(
        [match_request.requester],
        kind="match_request.declined",
        title=lambda: _("Your introduction request for %(title)s was declined")
        % {"title": match_request.listing.title},
        body=lambda: _(
            "Reason: %(reason)s. %(detail)s Next: look at similar listings or ask the broker desk for help."
        )
        % {"reason": label, "detail": detail},
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
    """An editor assigns (or removes, broker=None) the technology broker.

    Side effects: sets the broker, audit, notices to the broker and both sides.
    """
    if not assigned_by.is_editor:
        raise PermissionDenied(_("Only editors assign brokers."))
    if broker is not None and not broker.has_role(Role.BROKER):
        raise ValidationError(_("%(person)s is not a technology broker.") % {"person": broker})
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    previous = match_request.broker
    if previous == broker:
        return match_request
    match_request.broker = broker
    match_request.save(update_fields=["broker", "updated_at"])
    audit(
        subject=match_request,
        action="broker_assigned",
        actor=assigned_by,
        from_state=str(previous.pk) if previous else "",
        to_state=str(broker.pk) if broker else "",
        note=str(broker or ""),
    )
    if broker is not None:
        _notify_many(
            participants(match_request),
            kind="match_request.broker",
            title=lambda: _("%(broker)s is the broker for request #%(pk)s")
            % {"broker": broker, "pk": match_request.pk},
            body=lambda: _("Next: the broker will contact both sides within two working days."),
            url=match_request.get_absolute_url(),
            dedupe_key=f"request:{match_request.pk}:broker:{broker.pk}",
        )
    return match_request


def _check_rate(user):
    limit = int(getattr(settings, "DEALFLOW_MESSAGES_PER_MINUTE", 10))
    key = f"dealflow:messages:{user.pk}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=120)
        count = 1
    if count > limit:
        raise RateLimited(
            _("You are sending messages too fast: at most %(n)s a minute. Wait a moment.") % {"n": limit}
        )


def _require_open_thread(match_request):
    if match_request.status != Status.ACCEPTED:
        raise ValidationError(_("The thread opens once the request is accepted."))


@transaction.atomic
def post_message(*, match_request, author, body):
    """Write in the private thread. Side effects: creates a ThreadMessage, notifies the other participants.

    Raises RateLimited beyond DEALFLOW_MESSAGES_PER_MINUTE messages a minute.
    """
    _require_side(match_request, author)
    _require_open_thread(match_request)
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message first."))
    if len(body) > 5000:
        raise ValidationError(_("A message may be at most 5000 characters."))
    _check_rate(author)
    message = ThreadMessage.objects.create(match_request=match_request, author=author, body=body)
    _notify_many(
        participants(match_request),
        exclude=author,
        kind="thread.message",
        title=lambda: _("New message about %(title)s") % {"title": match_request.listing.title},
        body=lambda: body[:300],
        url=match_request.get_absolute_url() + "#thread",
        dedupe_key=f"message:{message.pk}",
    )
    return message


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


@transaction.atomic
def share_file(*, match_request, user, upload, confidential=False):
    """Share a file in the thread; confidential files only once the NDA is in force.

    Side effects: stores the file, audit, notices to the other participants.
    """
    _require_side(match_request, user)
    _require_open_thread(match_request)
    if confidential and not match_request.nda_in_force:
        raise ValidationError(
            _("Confidential files can be shared once both sides have acknowledged the NDA.")
        )
    mime = validate_thread_file(upload)
    shared = _store_file(match_request, user, upload, mime, confidential=confidential)
    audit(subject=match_request, action="file_shared", actor=user, note=shared.original_name)
    _notify_many(
        participants(match_request),
        exclude=user,
        kind="thread.file",
        title=lambda: _("New file about %(title)s") % {"title": match_request.listing.title},
        body=lambda: shared.original_name,
        url=match_request.get_absolute_url() + "#files",
        dedupe_key=f"file:{shared.pk}",
    )
    return shared


def can_download(*, thread_file, user):
    side = thread_file.match_request.side_of(user)
    if side is None:
        return False
    return not thread_file.confidential or thread_file.match_request.nda_in_force


@transaction.atomic
def attach_nda(*, match_request, user, upload):
    """Attach the NDA (a PDF); acknowledgements start over. Side effects: stores it, audit, notices."""
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    side = _require_side(match_request, user, ("requester", "owner", "broker"))
    _require_open_thread(match_request)
    validate_thread_file(upload, pdf_only=True)
    match_request.nda_document = upload
    match_request.nda_uploaded_by = user
    match_request.nda_requester_acknowledged_at = None
    match_request.nda_owner_acknowledged_at = None
    match_request.save(
        update_fields=[
            "nda_document",
            "nda_uploaded_by",
            "nda_requester_acknowledged_at",
            "nda_owner_acknowledged_at",
            "updated_at",
        ]
    )
    audit(subject=match_request, action="nda_attached", actor=user, note=side)
    _notify_many(
        participants(match_request),
        exclude=user,
        kind="match_request.nda",
        title=lambda: _("An NDA was attached to request #%(pk)s") % {"pk": match_request.pk},
        body=lambda: _("Next: read it and acknowledge it so confidential files can be shared."),
        url=match_request.get_absolute_url() + "#nda",
    )
    return match_request


@transaction.atomic
def acknowledge_nda(*, match_request, user):
    """One side acknowledges the NDA. Side effects: sets its acknowledgement time, audit."""
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    side = _require_side(match_request, user, ("requester", "owner"))
    if not match_request.nda_document:
        raise ValidationError(_("No NDA has been attached yet."))
    field = f"nda_{side}_acknowledged_at"
    if getattr(match_request, field) is None:
        setattr(match_request, field, timezone.now())
        match_request.save(update_fields=[field, "updated_at"])
        audit(subject=match_request, action="nda_acknowledged", actor=user, note=side)
    return match_request


STAGE_FLOW = {
    Stage.INTRODUCED: (Stage.NEGOTIATING,),
    Stage.NEGOTIATING: (Stage.AGREEMENT,),
    Stage.AGREEMENT: (Stage.NEGOTIATING,),
}


@transaction.atomic
def move_stage(*, match_request, user, stage):
    """Both sides and the broker move an accepted request: introduced → negotiating → agreement.

    Side effects: sets the stage, audit, notices.
    """
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    _require_side(match_request, user)
    _require_open_thread(match_request)
    if stage not in STAGE_FLOW.get(match_request.stage, ()):
        raise ValidationError(_("This request cannot move to that stage now."))
    previous = match_request.stage
    match_request.stage = stage
    match_request.save(update_fields=["stage", "updated_at"])
    audit(subject=match_request, action="stage", actor=user, from_state=previous, to_state=stage)
    _notify_many(
        participants(match_request),
        exclude=user,
        kind="match_request.stage",
        title=lambda: _("Request #%(pk)s is now at “%(stage)s”")
        % {"pk": match_request.pk, "stage": Stage(stage).label},
        body=lambda: _("Next: once the contract is signed, record its registration details."),
        url=match_request.get_absolute_url(),
    )
    return match_request


@transaction.atomic
def record_registration(*, match_request, user, contract_type, amount_cny, signed_on, registration_number):
    """技术合同登记: record the signed technology contract's registration.

    Side effects: stores the details, stage registration, audit, notices asking both sides to confirm.
    """
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    _require_side(match_request, user)
    _require_open_thread(match_request)
    if match_request.stage not in (Stage.AGREEMENT, Stage.REGISTRATION):
        raise ValidationError(_("Record the registration once the two sides have reached an agreement."))
    errors = {}
    if contract_type not in MatchRequest.ContractType.values:
        errors["contract_type"] = _("Choose the contract type.")
    try:
        amount = Decimal(str(amount_cny))
        if amount <= 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        errors["amount_cny"] = _("Enter the contract amount in yuan, more than zero.")
    if not isinstance(signed_on, datetime.date) or signed_on > timezone.localdate():
        errors["signed_on"] = _("Enter the date the contract was signed (not in the future).")
    registration_number = (registration_number or "").strip()
    if not registration_number:
        errors["registration_number"] = _(
            "Enter the registration number from the technology-contract registry."
        )
    if errors:
        raise ValidationError(errors)
    previous = match_request.stage
    match_request.contract_type, match_request.contract_amount_cny = contract_type, amount
    match_request.contract_signed_on, match_request.registration_number = signed_on, registration_number
    match_request.stage = Stage.REGISTRATION
    match_request.save()
    audit(
        subject=match_request,
        action="registered",
        actor=user,
        from_state=previous,
        to_state=Stage.REGISTRATION,
        note=registration_number,
    )
    _notify_many(
        participants(match_request),
        exclude=user,
        kind="match_request.registration",
        title=lambda: _("Contract registration recorded for request #%(pk)s") % {"pk": match_request.pk},
        body=lambda: _("Next: both sides confirm the outcome."),
        url=match_request.get_absolute_url(),
    )
    return match_request


@transaction.atomic
def confirm_outcome(*, match_request, user, outcome):
    """Each side confirms the outcome ("deal" or "no_deal"); when both agree the request closes.

    Side effects: stores the side's answer; on agreement closes the request, audit, and asks both to
    evaluate; on disagreement tells the broker and both sides.
    """
    match_request = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
    side = _require_side(match_request, user, ("requester", "owner"))
    _require_open_thread(match_request)
    if match_request.is_closed:
        raise ValidationError(_("This request is already closed."))
    if outcome not in ("deal", "no_deal"):
        raise ValidationError(_("Choose whether a deal was made."))
    if outcome == "deal" and match_request.stage != Stage.REGISTRATION:
        raise ValidationError(_("Record the contract registration before confirming a deal."))
    setattr(match_request, f"{side}_outcome", outcome)
    match_request.save()
    audit(subject=match_request, action="outcome_confirmed", actor=user, note=f"{side}: {outcome}")
    other = match_request.owner_outcome if side == "requester" else match_request.requester_outcome
    if not other:
        _notify_many(
            participants(match_request),
            exclude=user,
            kind="match_request.outcome",
            title=lambda: _("Confirm the outcome of request #%(pk)s") % {"pk": match_request.pk},
            body=lambda: _(
                "The other side has confirmed the outcome. Next: confirm it too so the request closes."
            ),
            url=match_request.get_absolute_url(),
        )
        return match_request
    if other != outcome:
        _notify_many(
            participants(match_request),
            kind="match_request.outcome_disputed",
            title=lambda: _("The two sides disagree on the outcome of request #%(pk)s")
            % {"pk": match_request.pk},
            body=lambda: _("Next: talk it over in the thread; the broker can help."),
            url=match_request.get_absolute_url(),
        )
        return match_request
    previous = match_request.stage
    match_request.stage = Stage.CLOSED_DEAL if outcome == "deal" else Stage.CLOSED_NO_DEAL
    match_request.closed_at = timezone.now()
    match_request.save()
    audit(
        subject=match_request, action="closed", actor=user, from_state=previous, to_state=match_request.stage
    )
    _notify_many(
        participants(match_request),
        kind="match_request.closed",
        title=lambda: _("Request #%(pk)s is closed: %(stage)s")
        % {"pk": match_request.pk, "stage": Stage(match_request.stage).label},
        body=lambda: _("Next: rate the other side and the service within 14 days."),
        url=match_request.get_absolute_url() + "#evaluate",
        action_deadline=match_request.closed_at + datetime.timedelta(days=14),
    )
    return match_request


@transaction.atomic
def evaluate(*, match_request, user, counterpart_rating, service_rating, comment=""):
    """评价: one side rates the other and the service after closing. Side effects: creates an Evaluation."""
    side = _require_side(match_request, user, ("requester", "owner"))
    if not match_request.is_closed:
        raise ValidationError(_("You can evaluate once the request is closed."))
    errors = {}
    for name, value in (("counterpart_rating", counterpart_rating), ("service_rating", service_rating)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = _("Give a rating from 1 to 5.")
    if errors:
        raise ValidationError(errors)
    if Evaluation.objects.filter(match_request=match_request, side=side).exists():
        raise ValidationError(_("Your side has already evaluated this request."))
    evaluated = (
        match_request.owner_organisation if side == "requester" else match_request.requester_organisation
    )
    evaluation = Evaluation.objects.create(
        match_request=match_request,
        author=user,
        side=side,
        evaluated_organisation=evaluated,
        counterpart_rating=counterpart_rating,
        service_rating=service_rating,
        comment=(comment or "").strip(),
    )
    audit(
        subject=match_request,
        action="evaluated",
        actor=user,
        note=f"{side}: {counterpart_rating}/{service_rating}",
    )
    return evaluation


# --- Deadlines ---------------------------------------------------------------------------------


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
            _notify_many(
                [person],
                kind="match_request.reminder",
                title=lambda match_request=match_request: _(
                    "Reminder: answer the introduction request for %(title)s"
                )
                % {"title": match_request.listing.title},
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
            _notify_many(
                [match_request.requester],
                kind="match_request.expired",
                title=lambda match_request=match_request: _("No answer in time for %(title)s")
                % {"title": match_request.listing.title},
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
                _notify_many(
                    [reviewer.user],
                    kind="challenge.review",
                    title=lambda challenge=challenge: _("Proposals for “%(title)s” are ready for review")
                    % {"title": challenge.demand.title},
                    body=lambda challenge=challenge: _("Next: screen and score the proposals."),
                    url=challenge.get_absolute_url() + "review/",
                    dedupe_key=f"challenge:{challenge.pk}:review",
                )
    return reminded


# --- Challenges ---------------------------------------------------------------------------------


def review_role(challenge, user):
    """'lead', 'reviewer' or None for this person on this challenge's review team."""
    if not (user and user.is_authenticated):
        return None
    if challenge.demand.organisation_id not in user.organisation_ids:
        return None
    roles = {r.user_id: r.role for r in challenge.reviewers.all()}
    if user.pk in roles:
        return roles[user.pk]
    if challenge.demand.organisation.is_admin(user):
        return ChallengeReviewer.Role.LEAD
    return None


@transaction.atomic
def open_challenge(*, demand, user, brief, deadline):
    """Open a published demand as a challenge (揭榜挂帅). Side effects: creates it, makes the creator lead, audit."""
    if demand.organisation_id not in user.organisation_ids:
        raise PermissionDenied(_("Only the demand's organisation can open it as a challenge."))
    if demand.status != "published":
        raise ValidationError(_("Publish the demand before opening it as a challenge."))
    if Challenge.objects.filter(demand=demand).exists():
        raise ValidationError(_("This demand is already a challenge."))
    errors = {}
    brief = (brief or "").strip()
    if len(brief) < 20:
        errors["brief"] = _("Say in at least 20 characters what a proposal must answer.")
    if deadline is None or deadline <= timezone.now() + datetime.timedelta(days=1):
        errors["deadline"] = _("The deadline must be at least one day away.")
    if errors:
        raise ValidationError(errors)
    challenge = Challenge.objects.create(demand=demand, brief=brief, deadline=deadline, created_by=user)
    ChallengeReviewer.objects.create(challenge=challenge, user=user, role=ChallengeReviewer.Role.LEAD)
    audit(subject=challenge, action="opened", actor=user, to_state=Challenge.Status.OPEN)
    return challenge


@transaction.atomic
def add_reviewer(*, challenge, user, reviewer, role):
    """The lead adds a colleague to the review team. Side effects: creates/updates the role, notice."""
    if review_role(challenge, user) != ChallengeReviewer.Role.LEAD:
        raise PermissionDenied(_("Only the challenge lead manages the review team."))
    if challenge.demand.organisation_id not in reviewer.organisation_ids:
        raise ValidationError(
            _("Reviewers must be members of %(org)s.") % {"org": challenge.demand.organisation}
        )
    if role not in ChallengeReviewer.Role.values:
        raise ValidationError(_("Choose lead or reviewer."))
    entry, _created = ChallengeReviewer.objects.update_or_create(
        challenge=challenge, user=reviewer, defaults={"role": role}
    )
    audit(subject=challenge, action="reviewer_added", actor=user, note=f"{reviewer}: {role}")
    _notify_many(
        [reviewer],
        kind="challenge.reviewer",
        title=lambda: _("You review the challenge “%(title)s”") % {"title": challenge.demand.title},
        body=lambda: _("Next: proposals are due by %(deadline)s.") % {"deadline": _when(challenge.deadline)},
        url=challenge.get_absolute_url() + "review/",
        action_deadline=challenge.deadline,
    )
    return entry


@transaction.atomic
def submit_proposal(
    *, challenge, proposer, summary, approach, team, timeline_months, budget_cny, technology=None
):
    """A researcher answers a challenge. Side effects: creates the Proposal, audit, notices to the team."""
    if not proposer.has_role(Role.RESEARCHER):
        raise PermissionDenied(_("Only researchers can answer challenges."))
    if challenge.demand.organisation_id in proposer.organisation_ids:
        raise PermissionDenied(_("You cannot answer your own organisation's challenge."))
    if challenge.status != Challenge.Status.OPEN or challenge.deadline <= timezone.now():
        raise ValidationError(_("This challenge no longer takes proposals."))
    if Proposal.objects.filter(challenge=challenge, proposer=proposer).exists():
        raise ValidationError(_("You have already answered this challenge."))
    if technology is not None and technology.organisation_id not in proposer.organisation_ids:
        raise ValidationError(_("You can only attach your own organisation's technologies."))
    proposal = Proposal(
        challenge=challenge,
        proposer=proposer,
        organisation_id=next(iter(sorted(proposer.organisation_ids)), None),
        technology=technology,
        summary=(summary or "").strip(),
        approach=(approach or "").strip(),
        team=(team or "").strip(),
        timeline_months=timeline_months,
        budget_cny=budget_cny,
    )
    proposal.full_clean(exclude=["challenge", "proposer", "organisation", "technology", "match_request"])
    proposal.save()
    audit(subject=proposal, action="submitted", actor=proposer, to_state=Proposal.Stage.SUBMITTED)
    for reviewer in challenge.reviewers.select_related("user"):
        _notify_many(
            [reviewer.user],
            kind="challenge.proposal",
            title=lambda: _("New proposal for “%(title)s”") % {"title": challenge.demand.title},
            body=lambda: _("Next: review starts when proposals close on %(deadline)s.")
            % {"deadline": _when(challenge.deadline)},
            url=proposal.get_absolute_url(),
            dedupe_key=f"proposal:{proposal.pk}:submitted",
        )
    return proposal


def _require_team(proposal, user, lead=False):
    role = review_role(proposal.challenge, user)
    if role is None or (lead and role != ChallengeReviewer.Role.LEAD):
        raise PermissionDenied(_("Only the challenge's review team can do this."))
    return role


@transaction.atomic
def score_proposal(*, proposal, user, score):
    """A team member scores a proposal (1-5) at its current stage. Side effects: creates/updates the score."""
    _require_team(proposal, user)
    if proposal.stage in (Proposal.Stage.SELECTED, Proposal.Stage.REJECTED):
        raise ValidationError(_("This proposal has been decided."))
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": _("Give a score from 1 to 5.")})
    entry, _created = ProposalScore.objects.update_or_create(
        proposal=proposal, reviewer=user, stage=proposal.stage, defaults={"score": score}
    )
    return entry


def comment_on_proposal(*, proposal, user, body):
    """An internal comment of the team; never shown to the proposer. Side effects: creates it."""
    _require_team(proposal, user)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    return ProposalComment.objects.create(proposal=proposal, author=user, body=body[:2000])


REVIEW_ORDER = [
    Proposal.Stage.SUBMITTED,
    Proposal.Stage.SCREEN,
    Proposal.Stage.ASSESS,
    Proposal.Stage.FINALIST,
]


def _tell_proposer(proposal, title, body):
    _notify_many(
        [proposal.proposer],
        kind="challenge.outcome",
        title=title,
        body=body,
        url=proposal.get_absolute_url(),
        dedupe_key=f"proposal:{proposal.pk}:{proposal.stage}",
    )


@transaction.atomic
def advance_proposal(*, proposal, user):
    """The lead moves a proposal to the next review stage. Side effects: stage, audit, notice to the proposer."""
    proposal = Proposal.objects.select_for_update().select_related("challenge__demand").get(pk=proposal.pk)
    _require_team(proposal, user, lead=True)
    if proposal.stage not in REVIEW_ORDER[:-1]:
        raise ValidationError(_("This proposal cannot move further; select it or decline it."))
    previous = proposal.stage
    proposal.stage = REVIEW_ORDER[REVIEW_ORDER.index(previous) + 1]
    proposal.save(update_fields=["stage"])
    audit(subject=proposal, action="stage", actor=user, from_state=previous, to_state=proposal.stage)
    _tell_proposer(
        proposal,
        lambda: _("Your proposal for “%(title)s” moved on: %(stage)s")
        % {"title": proposal.challenge.demand.title, "stage": Proposal.Stage(proposal.stage).label},
        lambda: _("Next: the team reviews it further; you will hear the outcome."),
    )
    return proposal


@transaction.atomic
def reject_proposal(*, proposal, user, reason):
    """The lead declines a proposal with a reason the proposer reads. Side effects: stage, audit, notice."""
    proposal = Proposal.objects.select_for_update().select_related("challenge__demand").get(pk=proposal.pk)
    _require_team(proposal, user, lead=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the proposer a reason.")})
    if proposal.stage in (Proposal.Stage.SELECTED, Proposal.Stage.REJECTED):
        raise ValidationError(_("This proposal has been decided."))
    previous = proposal.stage
    proposal.stage, proposal.outcome_reason, proposal.decided_at = (
        Proposal.Stage.REJECTED,
        reason,
        timezone.now(),
    )
    proposal.save()
    audit(
        subject=proposal,
        action="rejected",
        actor=user,
        from_state=previous,
        to_state=proposal.stage,
        note=reason,
    )
    _tell_proposer(
        proposal,
        lambda: _("Your proposal for “%(title)s” was not selected")
        % {"title": proposal.challenge.demand.title},
        lambda: _("Reason: %(reason)s") % {"reason": reason},
    )
    return proposal


@transaction.atomic
def select_proposal(*, proposal, user, reason):
    """The lead selects a proposal: it opens an accepted match request between proposer and demand owner.

    Side effects: stage selected, a MatchRequest (source challenge), audit, notice to the proposer.
    """
    proposal = Proposal.objects.select_for_update().select_related("challenge__demand").get(pk=proposal.pk)
    _require_team(proposal, user, lead=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the proposer a reason.")})
    if proposal.stage in (Proposal.Stage.SELECTED, Proposal.Stage.REJECTED):
        raise ValidationError(_("This proposal has been decided."))
    demand = proposal.challenge.demand
    now = timezone.now()
    match_request = MatchRequest.objects.create(
        requester=proposal.proposer,
        requester_organisation=proposal.organisation,
        owner_organisation=demand.organisation,
        demand=demand,
        technology=proposal.technology,
        message=proposal.summary,
        cooperation_mode=CooperationMode.COMMISSIONED,
        source=MatchRequest.Source.CHALLENGE,
        source_content_type=ContentType.objects.get_for_model(Proposal),
        source_object_id=proposal.pk,
        status=Status.ACCEPTED,
        stage=Stage.INTRODUCED,
        response_deadline=now,
        responded_at=now,
        responded_by=user,
        requester_accepted_non_confidential_at=now,
        owner_accepted_non_confidential_at=now,
    )
    audit(subject=match_request, action="accepted", actor=user, to_state=Status.ACCEPTED, note="challenge")
    previous = proposal.stage
    proposal.stage, proposal.outcome_reason, proposal.decided_at = Proposal.Stage.SELECTED, reason, now
    proposal.match_request = match_request
    proposal.save()
    audit(
        subject=proposal,
        action="selected",
        actor=user,
        from_state=previous,
        to_state=proposal.stage,
        note=reason,
    )
    _tell_proposer(
        proposal,
        lambda: _("Your proposal for “%(title)s” was selected") % {"title": demand.title},
        lambda: _("Reason: %(reason)s Next: meet the team in the private thread of the match request.")
        % {"reason": reason},
    )
    return proposal


@transaction.atomic
def close_challenge(*, challenge, user, reason):
    """The lead closes the challenge: every undecided proposal is declined with the reason.

    Side effects: challenge closed, proposals rejected, audit, a notice to every such proposer.
    """
    challenge = Challenge.objects.select_for_update().select_related("demand").get(pk=challenge.pk)
    if review_role(challenge, user) != ChallengeReviewer.Role.LEAD:
        raise PermissionDenied(_("Only the challenge lead can close it."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the proposers a reason.")})
    if challenge.status == Challenge.Status.CLOSED:
        raise ValidationError(_("This challenge is already closed."))
    for proposal in challenge.proposals.exclude(stage__in=[Proposal.Stage.SELECTED, Proposal.Stage.REJECTED]):
        reject_proposal(proposal=proposal, user=user, reason=reason)
    previous = challenge.status
    challenge.status, challenge.outcome_note, challenge.closed_at = (
        Challenge.Status.CLOSED,
        reason,
        timezone.now(),
    )
    challenge.save()
    audit(
        subject=challenge,
        action="closed",
        actor=user,
        from_state=previous,
        to_state=challenge.status,
        note=reason,
    )
    return challenge


def brokers():
    from accounts.roles import group_name_for

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
            _notify_many(
                [match_request.requester],
                kind="match_request.listing_closed",
                title=lambda match_request=match_request: _("%(title)s is no longer available")
                % {"title": match_request.listing.title},
                body=lambda: _(
                    "Your request ended because the owner closed the listing. Next: look at similar listings."
                ),
                url=match_request.get_absolute_url(),
                dedupe_key=f"request:{match_request.pk}:listing_closed",
            )
            closed += 1
    return closed
