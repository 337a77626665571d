"""After the introduction: stages, the technology-contract registration, the outcome and the evaluation."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit
from notifications.services import notify_each

from ..models import Evaluation, MatchRequest
from ._common import Stage, _require_open_thread, _require_side, participants

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
    notify_each(
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
    notify_each(
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
        notify_each(
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
        notify_each(
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
    notify_each(
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
