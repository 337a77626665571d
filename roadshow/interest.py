"""Investor interest in pitched technologies: one rule for the session page, the API and the team.

An investor may mark interest in a pitch from the moment it is scheduled on a session, during the
session and after it; never on a cancelled session. Interest is light (the pitching team sees who
is interested, at once); turning it into a match request is one more, deliberate step through the
deal-flow request form, prefilled with the pitch's technology and the interest's message.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.queries import members_of
from dealflow.models import CooperationMode, MatchRequest
from dealflow.services import request_introduction
from notifications.services import notify_each

from .models import InvestorInterest, PitchApplication

logger = logging.getLogger(__name__)

# What the pitch asks for decides the cooperation the match request proposes by default.
COOPERATION_FOR_ASK = {
    PitchApplication.Ask.INVESTMENT: CooperationMode.EQUITY,
    PitchApplication.Ask.LICENSEE: CooperationMode.LICENSE,
    PitchApplication.Ask.PARTNER: CooperationMode.JOINT_DEVELOPMENT,
    PitchApplication.Ask.PILOT: CooperationMode.JOINT_DEVELOPMENT,
}


def interest_open(*, session):
    """Investors may mark interest from the moment a pitch is scheduled on the session, during it and
    after it; never on a cancelled session. No side effects."""
    return session is not None and not session.is_cancelled


def interest_refusal(*, pitch, investor):
    """Why this person may not mark interest in this pitch now ('' when they may). No side effects.

    The page decides whether to show the button with this, and ``mark_interest`` refuses with it,
    so the page and the API never disagree.
    """
    if not (investor and investor.is_authenticated):
        return _("Sign in to mark interest.")
    if pitch.session_id is None or pitch.status != PitchApplication.Status.ACCEPTED:
        return _("This technology is not pitched at a session.")
    if not interest_open(session=pitch.session):
        return _("This session is cancelled.")
    if pitch.technology.status != "published":
        return _("This technology is no longer shown on the marketplace.")
    if pitch.applicant_id == investor.pk or pitch.technology.organisation_id in investor.organisation_ids:
        return _("This technology belongs to your own organisation.")
    return ""


def _pitch_dashboard_url():
    return reverse("roadshow:my_pitches")


def _pitch_team(pitch):
    """The pitcher and the members of the technology's organisation: the pitching team."""
    people = {pitch.applicant_id: pitch.applicant}
    for member in members_of(pitch.technology.organisation):
        people.setdefault(member.pk, member)
    return list(people.values())


def mark_interest(*, pitch, investor, message=""):
    """An investor marks interest in a pitched technology (once per person and pitch).

    Open as ``interest_refusal`` says: a scheduled pitch, a session not cancelled, not one's own
    organisation's technology; before, during and after the session alike. Marking again returns the
    existing interest. Side effects: creates an InvestorInterest and tells the pitching team (in-site
    notification and e-mail, each in their own language) after the transaction commits.
    """
    refusal = interest_refusal(pitch=pitch, investor=investor)
    if refusal:
        if not (investor and investor.is_authenticated):
            raise PermissionDenied(refusal)
        raise ValidationError(refusal)
    existing = InvestorInterest.objects.filter(pitch=pitch, investor=investor).first()
    if existing:
        return existing
    technology = pitch.technology
    message = (message or "").strip()
    with transaction.atomic():
        interest, created = InvestorInterest.objects.get_or_create(
            pitch=pitch, investor=investor, defaults={"message": message}
        )
        if created:
            team = _pitch_team(pitch)
            transaction.on_commit(
                lambda: notify_each(
                    team,
                    kind="roadshow.interest",
                    title=lambda: _("An investor is interested in %(title)s")
                    % {"title": technology.display_title},
                    body=message,
                    url=_pitch_dashboard_url(),
                    dedupe_key=f"roadshow:interest:{interest.pk}",
                )
            )
    return interest


def default_request_message(interest):
    """The prefilled message of the match request an interest turns into."""
    if len(interest.message) >= 10:
        return interest.message
    return _("Interested in %(title)s after its roadshow pitch; please introduce us.") % {
        "title": interest.pitch.technology.display_title
    }


def match_request_initial(interest):
    """Initial values of the prefilled match-request form for an interest. No side effects."""
    return {
        "message": default_request_message(interest),
        "cooperation_mode": COOPERATION_FOR_ASK.get(interest.pitch.ask, CooperationMode.EQUITY),
        "non_confidential": True,
    }


def request_match(
    *, interest, by, message=None, cooperation_mode=None, organisation=None, non_confidential_accepted=True
):
    """Turn an interest into a match request for the pitch's technology (source "roadshow").

    Only the investor who marked the interest may; a second call returns the request already opened.
    Side effects: creates the MatchRequest through ``dealflow.services.request_introduction`` (its
    audit entry and the owner's notification) and records it on the interest.
    """
    if not (by and by.is_authenticated) or interest.investor_id != by.pk:
        raise PermissionDenied(_("This is not your interest."))
    opened = MatchRequest.objects.filter(pk=interest.match_request_id).first()
    if opened is not None:
        return opened
    initial = match_request_initial(interest)
    with transaction.atomic():
        interest = InvestorInterest.objects.select_for_update().get(pk=interest.pk)
        opened = MatchRequest.objects.filter(pk=interest.match_request_id).first()
        if opened is not None:
            return opened
        match_request = request_introduction(
            requester=by,
            technology=interest.pitch.technology,
            organisation=organisation,
            message=initial["message"] if message is None else message,
            cooperation_mode=cooperation_mode or initial["cooperation_mode"],
            non_confidential_accepted=non_confidential_accepted,
            source="roadshow",
            source_object=interest,
        )
        interest.match_request_id = match_request.pk
        interest.save(update_fields=["match_request_id"])
    return match_request


def interests_of(user):
    """The person's own interests, newest first, with pitch, technology and session."""
    return (
        InvestorInterest.objects.filter(investor=user)
        .select_related("pitch__technology", "pitch__session")
        .order_by("-created_at")
    )


def team_pitches(user):
    """Pitches the person's team sees: their own applications and those of their organisations'
    technologies, each with who is interested (newest first). No side effects."""
    interests = InvestorInterest.objects.select_related("investor").order_by("-created_at")
    return (
        PitchApplication.objects.filter(
            Q(applicant=user) | Q(technology__organisation_id__in=user.organisation_ids)
        )
        .select_related("technology", "session", "session__series")
        .prefetch_related(Prefetch("interests", queryset=interests))
        .order_by("-created_at")
    )
