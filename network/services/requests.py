"""An enterprise asks an agency to broker a demand; the agency answers, names a broker, and the broker
is assigned to the demand's match requests through deal flow's broker mechanism.

    pending ─┬─ accept (names a broker) ─▶ accepted ─ the broker joins the demand's match requests
             ├─ decline (with a reason) ─▶ declined
             ├─ withdraw (enterprise) ──▶ withdrawn
             └─ deadline passes ────────▶ expired

The private thread mirrors deal flow's and the platforms' (a message model of its own: deal flow's
ThreadMessage belongs to a match request); it is open while the request waits or is accepted.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit
from core.threads import services as threads
from dealflow import services as dealflow
from dealflow.models import MatchRequest
from listings.models import Demand
from notifications.services import notify_each

from ..models import Agency, BrokerageMessage, BrokerageRequest, BrokerProfile, ServiceKind
from ._common import members, response_days, text, when

logger = logging.getLogger(__name__)
Status = BrokerageRequest.Status


def participants(brokerage_request):
    """Everybody who may read the thread: the enterprise's people, the agency's people and the broker
    (while they belong to the agency: ``BrokerageRequest.broker_takes_part``)."""
    people = {}
    for person in members(brokerage_request.requester_organisation) + members(
        brokerage_request.agency.organisation
    ):
        people.setdefault(person.pk, person)
    if brokerage_request.broker_takes_part:
        people.setdefault(brokerage_request.broker_id, brokerage_request.broker)
    return list(people.values())


def _require_side(brokerage_request, user, allowed=("enterprise", "agency", "broker")):
    only = (
        _("Only the agency can answer this request.")
        if allowed == ("agency",)
        else _("Only the enterprise that asked can do this.")
    )
    return threads.require_side(brokerage_request, user, allowed, refusal=only)


def _locked(brokerage_request):
    return (
        BrokerageRequest.objects.select_for_update()
        .select_related("agency__organisation", "demand", "requester_organisation")
        .get(pk=brokerage_request.pk)
    )


def _title(brokerage_request):
    return brokerage_request.demand.title


@transaction.atomic
def request_brokerage(*, requester, agency, demand, message, services_wanted=()):
    """A member of the demand's organisation asks a published agency to broker the demand.

    Side effects: creates a pending BrokerageRequest with a response deadline, audit entry, notices
    to the agency's members.
    """
    if not (requester and requester.is_authenticated):
        raise PermissionDenied(_("Sign in to ask an agency to broker a demand."))
    if demand is None:
        raise ValidationError({"demand": _("Choose one of your demands.")})
    if demand.organisation_id not in requester.organisation_ids:
        raise PermissionDenied(_("Only members of the demand's organisation can ask for its brokerage."))
    if agency is None or not Agency.objects.published().filter(pk=agency.pk).exists():
        raise ValidationError({"agency": _("Choose a published agency.")})
    if demand.status != Demand.Status.PUBLISHED:
        raise ValidationError({"demand": _("Publish the demand before asking an agency to broker it.")})
    if agency.organisation_id == demand.organisation_id:
        raise ValidationError({"agency": _("Your own organisation runs this agency.")})
    errors = {}
    message = text(message)
    if len(message) < 10:
        errors["message"] = _("Say in at least 10 characters what you need from the agency.")
    services_wanted = list(dict.fromkeys(services_wanted or ()))
    if not set(services_wanted) <= set(ServiceKind.values):
        errors["services_wanted"] = _("Choose services from the list.")
    if errors:
        raise ValidationError(errors)
    if BrokerageRequest.objects.filter(
        agency=agency, demand=demand, status__in=[Status.PENDING, Status.ACCEPTED]
    ).exists():
        raise ValidationError(_("This demand already has an open request with this agency."))
    brokerage_request = BrokerageRequest.objects.create(
        agency=agency,
        demand=demand,
        requester=requester,
        requester_organisation_id=demand.organisation_id,
        message=message,
        services_wanted=services_wanted,
        response_deadline=timezone.now() + datetime.timedelta(days=response_days()),
    )
    audit(subject=brokerage_request, action="requested", actor=requester, to_state=Status.PENDING)
    notify_each(
        members(agency.organisation),
        kind="network.request_received",
        title=lambda: _("New brokerage request for %(title)s") % {"title": demand.title},
        body=lambda: _(
            "%(who)s asks your agency to broker this demand. Next: accept and name a broker, or decline "
            "with a reason, by %(deadline)s."
        )
        % {"who": requester, "deadline": when(brokerage_request.response_deadline)},
        url=lambda: brokerage_request.get_absolute_url(),
        action_deadline=brokerage_request.response_deadline,
        dedupe_key=f"brokerage:{brokerage_request.pk}:received",
    )
    return brokerage_request


def open_match_requests(demand):
    """The demand's match requests still running (waiting for an answer, or accepted and not closed)."""
    return MatchRequest.objects.filter(
        demand=demand, status__in=[MatchRequest.Status.PENDING, MatchRequest.Status.ACCEPTED]
    ).exclude(stage__in=[MatchRequest.Stage.CLOSED_DEAL, MatchRequest.Stage.CLOSED_NO_DEAL])


@transaction.atomic
def accept_brokerage_request(*, brokerage_request, user, broker):
    """The agency accepts and names one of the brokers it shows.

    Side effects: status accepted, broker stored, audit; the broker is assigned (dealflow.services.
    assign_broker: audited, both sides told) to the demand's running match requests that have no
    broker yet; notices to the enterprise and the broker.
    """
    brokerage_request = _locked(brokerage_request)
    _require_side(brokerage_request, user, ("agency",))
    if brokerage_request.status != Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    profile = (
        BrokerProfile.objects.active()
        .filter(agency=brokerage_request.agency, user=broker)
        .select_related("user")
        .first()
        if broker is not None
        else None
    )
    if profile is None:
        raise ValidationError({"broker": _("Choose one of your agency's brokers.")})
    brokerage_request.status = Status.ACCEPTED
    brokerage_request.responded_at, brokerage_request.responded_by = timezone.now(), user
    brokerage_request.broker = profile.user
    brokerage_request.save()
    audit(
        subject=brokerage_request,
        action="accepted",
        actor=user,
        from_state=Status.PENDING,
        to_state=Status.ACCEPTED,
        note=str(profile.user),
    )
    assigned = 0
    for match_request in open_match_requests(brokerage_request.demand).filter(broker__isnull=True):
        dealflow.assign_broker(match_request=match_request, broker=profile.user, assigned_by=user)
        assigned += 1
    notify_each(
        [person for person in participants(brokerage_request) if person.pk != user.pk],
        kind="network.request_accepted",
        title=lambda: _("%(agency)s will broker %(title)s")
        % {"agency": brokerage_request.agency.name, "title": _title(brokerage_request)},
        body=lambda: _(
            "%(broker)s is the broker and now takes part in the demand's %(n)s running introduction "
            "requests and the ones to come. Next: agree the first steps in the thread."
        )
        % {"broker": profile.user, "n": assigned},
        url=lambda: brokerage_request.get_absolute_url(),
        dedupe_key=f"brokerage:{brokerage_request.pk}:accepted",
    )
    return brokerage_request


@transaction.atomic
def decline_brokerage_request(*, brokerage_request, user, reason, detail=""):
    """The agency declines with a structured reason (and text for "other").

    Side effects: status declined, audit, the enterprise is told the reason.
    """
    brokerage_request = _locked(brokerage_request)
    _require_side(brokerage_request, user, ("agency",))
    if brokerage_request.status != Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    label, detail = threads.decline_with_reason(
        subject=brokerage_request,
        user=user,
        reason=reason,
        detail=detail,
        reasons=BrokerageRequest.DeclineReason,
        declined=Status.DECLINED,
    )
    notify_each(
        members(brokerage_request.requester_organisation),
        kind="network.request_declined",
        title=lambda: _("%(agency)s declined to broker %(title)s")
        % {"agency": brokerage_request.agency.name, "title": _title(brokerage_request)},
        body=lambda: _("Reason: %(reason)s. %(detail)s Next: ask another agency.")
        % {"reason": label.label, "detail": detail},
        url=lambda: brokerage_request.get_absolute_url(),
        dedupe_key=f"brokerage:{brokerage_request.pk}:declined",
    )
    return brokerage_request


@transaction.atomic
def withdraw_brokerage_request(*, brokerage_request, user):
    """The enterprise withdraws a request still waiting for an answer.

    Side effects: status withdrawn (it leaves the agency's answer figures), audit, notices to the agency.
    """
    brokerage_request = _locked(brokerage_request)
    _require_side(brokerage_request, user, ("enterprise",))
    if brokerage_request.status != Status.PENDING:
        raise ValidationError(_("Only a request awaiting an answer can be withdrawn."))
    brokerage_request.status = Status.WITHDRAWN
    brokerage_request.save()
    audit(
        subject=brokerage_request,
        action="withdrawn",
        actor=user,
        from_state=Status.PENDING,
        to_state=Status.WITHDRAWN,
    )
    notify_each(
        members(brokerage_request.agency.organisation),
        kind="network.request_withdrawn",
        title=lambda: _("The brokerage request for %(title)s was withdrawn")
        % {"title": _title(brokerage_request)},
        body=lambda: _("Nothing more is needed from you."),
        url=lambda: brokerage_request.get_absolute_url(),
        dedupe_key=f"brokerage:{brokerage_request.pk}:withdrawn",
    )
    return brokerage_request


@transaction.atomic
def post_message(*, brokerage_request, author, body):
    """Write in the private thread. Side effects: creates a BrokerageMessage, notices to the others.

    Raises RateLimited beyond NETWORK_MESSAGES_PER_MINUTE messages a minute.
    """
    brokerage_request = BrokerageRequest.objects.with_related().get(pk=brokerage_request.pk)
    _require_side(brokerage_request, author)
    if not brokerage_request.thread_open:
        raise ValidationError(_("The thread is closed: the request was declined, withdrawn or expired."))

    return threads.post_message(
        thread=brokerage_request,
        author=author,
        body=body,
        model=BrokerageMessage,
        participants=participants(brokerage_request),
        notify_kind="network.thread_message",
        title=lambda: _("New message about the brokerage of %(title)s")
        % {"title": _title(brokerage_request)},
        rate=("network", "NETWORK_MESSAGES_PER_MINUTE"),
    )


def expire_overdue_requests(*, now=None):
    """Requests past their deadline without an answer expire; the enterprise hears it. Idempotent.

    Side effects: statuses, audit entries, notices.
    """
    now = now or timezone.now()
    expired = 0
    overdue = BrokerageRequest.objects.awaiting_answer().filter(response_deadline__lte=now).with_related()
    for brokerage_request in overdue:
        with transaction.atomic():
            if not BrokerageRequest.objects.filter(pk=brokerage_request.pk, status=Status.PENDING).update(
                status=Status.EXPIRED
            ):
                continue
            audit(
                subject=brokerage_request,
                action="expired",
                from_state=Status.PENDING,
                to_state=Status.EXPIRED,
            )
            notify_each(
                members(brokerage_request.requester_organisation),
                kind="network.request_expired",
                title=lambda brokerage_request=brokerage_request: _("No answer in time about %(title)s")
                % {"title": _title(brokerage_request)},
                body=lambda: _("The agency did not answer by the deadline. Next: ask another agency."),
                url=lambda brokerage_request=brokerage_request: brokerage_request.get_absolute_url(),
                dedupe_key=f"brokerage:{brokerage_request.pk}:expired",
            )
            expired += 1
    return expired


# --- What deal flow asks the network (registered in network.receivers) -----------------------------


def accepted_brokerage_for(demand_id):
    """The accepted brokerage request of a demand whose broker is still shown by the agency, or None."""
    if not demand_id:
        return None
    for brokerage_request in (
        BrokerageRequest.objects.filter(demand_id=demand_id, status=Status.ACCEPTED, broker__isnull=False)
        .select_related("agency", "broker", "responded_by")
        .order_by("-responded_at", "-pk")
    ):
        if (
            BrokerProfile.objects.active()
            .filter(agency=brokerage_request.agency, user=brokerage_request.broker)
            .exists()
        ):
            return brokerage_request
    return None


def may_assign_broker(match_request, broker, assigned_by):
    """Deal flow's broker authority: a member of an agency that accepted to broker the request's
    demand may assign one of the brokers that agency shows. No side effects."""
    if broker is None or not match_request.demand_id or not (assigned_by and assigned_by.is_authenticated):
        return False
    return (
        BrokerageRequest.objects.filter(
            demand_id=match_request.demand_id,
            status=Status.ACCEPTED,
            agency__organisation_id__in=list(assigned_by.organisation_ids),
        ).exists()
        and BrokerProfile.objects.active()
        .filter(user=broker, agency__organisation_id__in=list(assigned_by.organisation_ids))
        .exists()
    )


def assign_broker_to_new_request(*, match_request):
    """A new match request about a brokered demand gets the agency's broker at once.

    Side effects: through dealflow.services.assign_broker (audit, notices); nothing when the demand
    has no accepted brokerage or the person who accepted has left the agency.
    """
    brokerage_request = accepted_brokerage_for(match_request.demand_id)
    if brokerage_request is None or match_request.broker_id:
        return None
    accepted_by = brokerage_request.responded_by
    if accepted_by is None or not may_assign_broker(match_request, brokerage_request.broker, accepted_by):
        logger.info("brokerage %s: no one left to assign its broker", brokerage_request.pk)
        return None
    return dealflow.assign_broker(
        match_request=match_request, broker=brokerage_request.broker, assigned_by=accepted_by
    )
