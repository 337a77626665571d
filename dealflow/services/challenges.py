"""Challenges (揭榜挂帅): opening one, the review team, proposals and their outcome."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.services import filing_organisation
from core.services import audit
from notifications.services import notify_each

from ..models import (
    Challenge,
    ChallengeReviewer,
    CooperationMode,
    MatchRequest,
    Proposal,
    ProposalComment,
    ProposalScore,
)
from ._common import Stage, Status, _when


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


def can_see_challenge(challenge, user):
    """Whether the person may read the challenge: anyone while its demand is published; afterwards
    only its review team and those who already answered it. No side effects."""
    if challenge.demand.status == "published":
        return True
    if review_role(challenge, user) is not None:
        return True
    return bool(user and user.is_authenticated) and challenge.proposals.filter(proposer=user).exists()


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
    notify_each(
        [reviewer],
        kind="challenge.reviewer",
        title=lambda: _("You review the challenge “%(title)s”") % {"title": challenge.demand.display_title},
        body=lambda: _("Next: proposals are due by %(deadline)s.") % {"deadline": _when(challenge.deadline)},
        url=challenge.get_absolute_url() + "review/",
        action_deadline=challenge.deadline,
    )
    return entry


@transaction.atomic
def submit_proposal(
    *,
    challenge,
    proposer,
    summary,
    approach,
    team,
    timeline_months,
    budget_cny,
    technology=None,
    organisation=None,
):
    """A researcher answers a challenge, for ``organisation`` (one they have accepted to join; see
    accounts.services.filing_organisation) or as an individual.

    Side effects: creates the Proposal, audit, notices to the team.
    """
    if not proposer.has_role(Role.RESEARCHER):
        raise PermissionDenied(_("Only researchers can answer challenges."))
    if challenge.demand.organisation_id in proposer.organisation_ids:
        raise PermissionDenied(_("You cannot answer your own organisation's challenge."))
    if (
        challenge.status != Challenge.Status.OPEN
        or challenge.deadline <= timezone.now()
        or challenge.demand.status != "published"
    ):
        raise ValidationError(_("This challenge no longer takes proposals."))
    if Proposal.objects.filter(challenge=challenge, proposer=proposer).exists():
        raise ValidationError(_("You have already answered this challenge."))
    if technology is not None and technology.organisation_id not in proposer.organisation_ids:
        raise ValidationError(_("You can only attach your own organisation's technologies."))
    organisation = filing_organisation(user=proposer, organisation=organisation)
    proposal = Proposal(
        challenge=challenge,
        proposer=proposer,
        organisation=organisation,
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
        notify_each(
            [reviewer.user],
            kind="challenge.proposal",
            title=lambda: _("New proposal for “%(title)s”") % {"title": challenge.demand.display_title},
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
    notify_each(
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
        % {"title": proposal.challenge.demand.display_title, "stage": Proposal.Stage(proposal.stage).label},
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
        % {"title": proposal.challenge.demand.display_title},
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
        lambda: _("Your proposal for “%(title)s” was selected") % {"title": demand.display_title},
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
