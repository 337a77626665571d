"""What people and organisations can do, shared by the web pages, the API and commands."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.exceptions import RateLimited
from core.services import absolute_url, audit

from . import queries
from .models import Invitation, Membership, Organisation, User
from .roles import ROLE_GROUPS, SELF_SERVICE_ROLES, Role, group_name_for
from .signals import person_alerted


def set_self_service_roles(*, user, roles):
    """Give the person exactly these self-service roles (researcher, enterprise, investor).

    Side effects: adds and removes group memberships. Roles that editors appoint (broker,
    editor) are left as they are.
    """
    wanted = {Role(role) for role in roles}
    if not wanted.issubset(SELF_SERVICE_ROLES):
        raise PermissionDenied(_("Brokers and editors are appointed by the editors."))
    for role in SELF_SERVICE_ROLES:
        group, _created = Group.objects.get_or_create(name=group_name_for(role))
        if role in wanted:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    user.__dict__.pop("role_set", None)


def grant_role(*, user, role):
    """Give a person any role, appointed roles included. Side effects: adds a group membership."""
    group, _created = Group.objects.get_or_create(name=ROLE_GROUPS[Role(role)][0])
    user.groups.add(group)
    user.__dict__.pop("role_set", None)


@transaction.atomic
def create_organisation(
    *,
    creator,
    name,
    kind,
    name_en="",
    description="",
    description_en="",
    website="",
    unified_credit_code="",
):
    """Register an organisation; its creator becomes its first admin.

    Side effects: creates the organisation (verification requested), the creator's admin
    membership and an audit entry.
    """
    organisation = Organisation.objects.create(
        name=name,
        name_en=name_en,
        kind=kind,
        description=description,
        description_en=description_en,
        website=website,
        unified_credit_code=unified_credit_code,
        verification_status=Organisation.Verification.PENDING,
    )
    Membership.objects.create(user=creator, organisation=organisation, is_admin=True)
    audit(
        subject=organisation,
        action="organisation_created",
        actor=creator,
        to_state="admin",
        note=creator.email,
    )
    _forget_memberships(creator)
    return organisation


INVITATION_SALT = "accounts.invitation"


def invitation_days():
    return int(getattr(settings, "ACCOUNTS_INVITATION_DAYS", 14))


def invitation_token(invitation):
    """The signed part of an invitation's link (expires with the invitation)."""
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITATION_SALT)


def invitation_path(invitation):
    return reverse("accounts:invitation", kwargs={"token": invitation_token(invitation)})


def _check_invitation_rate(user):
    limit = int(getattr(settings, "ACCOUNTS_INVITATIONS_PER_HOUR", 20))
    key = f"accounts:invitations:{user.pk}:{int(timezone.now().timestamp() // 3600)}"
    cache.add(key, 0, timeout=3700)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3700)
        count = 1
    if count > limit:
        raise RateLimited(
            _("You have sent many invitations in a short time: at most %(n)s an hour. Try again later.")
            % {"n": limit}
        )


def _forget_memberships(*users):
    for user in users:
        if user is not None:
            user.__dict__.pop("organisation_ids", None)


def _send_invitation_email(invitation, *, language):
    """The same e-mail whether or not the address has an account: it also says how to sign up."""
    with translation.override(language):
        link = absolute_url(invitation_path(invitation))
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "link": link,
            "signup_url": absolute_url(reverse("account_signup")),
            "expires": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT"),
        }
        subject = _("%(who)s invites you to join %(organisation)s") % {
            "who": invitation.invited_by,
            "organisation": invitation.organisation,
        }
        message = EmailMultiAlternatives(
            subject=str(subject),
            body=render_to_string("accounts/email/invitation.txt", context),
            to=[invitation.email],
        )
        message.attach_alternative(render_to_string("accounts/email/invitation.html", context), "text/html")
    message.send()


def invite_member(*, organisation, email, invited_by, is_admin=False):
    """An organisation admin invites someone by e-mail address to join.

    The answer is the same whether or not an account uses the address, so nobody can find out who
    has an account by inviting them. Side effects: creates (or renews) a pending Invitation that
    expires after ACCOUNTS_INVITATION_DAYS, writes an audit entry, e-mails the address a signed link
    after commit, and gives an existing account an in-site notice (through accounts.signals.person_alerted). Raises PermissionDenied for
    non-admins, ValidationError for a malformed address or someone already a member, and
    RateLimited beyond ACCOUNTS_INVITATIONS_PER_HOUR invitations an hour per admin.
    """
    if not (queries.is_admin(invited_by, organisation) or invited_by.is_editor):
        raise PermissionDenied(_("Only the organisation's admins can invite members."))
    email = User.objects.normalize_email((email or "").strip()).lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(_("Enter a valid e-mail address.")) from error
    _check_invitation_rate(invited_by)
    person = User.objects.filter(email__iexact=email, is_active=True).first()
    if person is not None and queries.is_member(person, organisation):
        # The admin sees the member list anyway: saying so tells them nothing new.
        raise ValidationError(_("This person is already a member."))
    with transaction.atomic():
        expires_at = timezone.now() + datetime.timedelta(days=invitation_days())
        invitation, created = Invitation.objects.select_for_update().get_or_create(
            organisation=organisation,
            email=email,
            state=Invitation.State.PENDING,
            defaults={"is_admin": is_admin, "invited_by": invited_by, "expires_at": expires_at},
        )
        if not created:
            invitation.is_admin, invitation.invited_by, invitation.expires_at = (
                is_admin,
                invited_by,
                expires_at,
            )
            invitation.save(update_fields=["is_admin", "invited_by", "expires_at"])
        audit(
            subject=organisation,
            action="member_invited",
            actor=invited_by,
            to_state=Invitation.State.PENDING,
            note=f"{email}{' (admin)' if is_admin else ''}",
        )
        language = (person.preferred_language if person else "") or translation.get_language()
        language = language or settings.LANGUAGE_CODE
        transaction.on_commit(lambda: _send_invitation_email(invitation, language=language))
        if person is not None:
            with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
                person_alerted.send(
                    sender=Invitation,
                    recipient=person,
                    kind="membership.invited",
                    title=_("%(who)s invites you to join %(organisation)s")
                    % {"who": invited_by, "organisation": organisation},
                    body=_("Accept to become a member, or decline. The invitation expires on %(date)s.")
                    % {"date": date_format(timezone.localtime(expires_at), "DATE_FORMAT")},
                    url=invitation_path(invitation),
                    action_deadline=expires_at,
                    email=False,
                )
    return invitation


def read_invitation(*, token, user):
    """The pending invitation a link stands for, if it is addressed to this signed-in person.

    No side effects. Raises ValidationError for a tampered, expired or already answered link and
    PermissionDenied when the person's verified addresses do not include the invited one.
    """
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=datetime.timedelta(days=invitation_days()))
        invitation_id, email = int(data["i"]), str(data["e"])
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("This invitation has expired. Ask the organisation's admin for a new one.")
        ) from error
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ValidationError(_("This invitation link is not valid.")) from error
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, email=email)
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."))
    if not _owns_address(user, invitation.email):
        raise PermissionDenied(
            _("This invitation was sent to another e-mail address. Sign in with that address to answer it.")
        )
    if invitation.state == Invitation.State.CANCELLED:
        raise ValidationError(_("The organisation has withdrawn this invitation."))
    if invitation.state != Invitation.State.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask the organisation's admin for a new one."))
    return invitation


def _owns_address(user, email):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def pending_invitations_for(user):
    """Open invitations addressed to one of the person's verified addresses, newest first."""
    if not (user and user.is_authenticated):
        return []
    addresses = [
        a.lower()
        for a in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    ]
    return [
        invitation
        for invitation in Invitation.objects.filter(
            email__in=addresses, state=Invitation.State.PENDING
        ).select_related("organisation", "invited_by")
        if not invitation.is_expired
    ]


@transaction.atomic
def accept_invitation(*, token, user):
    """The invited person joins. Side effects: the invitation becomes accepted, a Membership with the
    offered role is created, audit entry; the inviting admin is told."""
    invitation = read_invitation(token=token, user=user)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != Invitation.State.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"is_admin": invitation.is_admin}
    )
    _close_invitation(invitation, state=Invitation.State.ACCEPTED, by=user)
    audit(
        subject=invitation.organisation,
        action="member_joined",
        actor=user,
        from_state=Invitation.State.PENDING,
        to_state=Invitation.State.ACCEPTED,
        note=user.email,
    )
    _forget_memberships(user)
    _tell_inviter(invitation, accepted=True, person=user)
    return membership


@transaction.atomic
def decline_invitation(*, token, user):
    """The invited person says no. Side effects: the invitation becomes declined, audit entry; the
    inviting admin is told. Nobody becomes a member."""
    invitation = read_invitation(token=token, user=user)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != Invitation.State.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    _close_invitation(invitation, state=Invitation.State.DECLINED, by=user)
    audit(
        subject=invitation.organisation,
        action="invitation_declined",
        actor=user,
        from_state=Invitation.State.PENDING,
        to_state=Invitation.State.DECLINED,
        note=user.email,
    )
    _tell_inviter(invitation, accepted=False, person=user)
    return invitation


@transaction.atomic
def cancel_invitation(*, invitation, cancelled_by):
    """An organisation admin withdraws a pending invitation; its link stops working.

    Side effects: the invitation becomes cancelled, audit entry.
    """
    if not (queries.is_admin(cancelled_by, invitation.organisation) or cancelled_by.is_editor):
        raise PermissionDenied(_("Only the organisation's admins can withdraw invitations."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != Invitation.State.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    _close_invitation(invitation, state=Invitation.State.CANCELLED, by=cancelled_by)
    audit(
        subject=invitation.organisation,
        action="invitation_cancelled",
        actor=cancelled_by,
        from_state=Invitation.State.PENDING,
        to_state=Invitation.State.CANCELLED,
        note=invitation.email,
    )
    return invitation


def _close_invitation(invitation, *, state, by):
    invitation.state, invitation.responded_at, invitation.responded_by = state, timezone.now(), by
    invitation.save(update_fields=["state", "responded_at", "responded_by"])


def _tell_inviter(invitation, *, accepted, person):
    inviter = invitation.invited_by
    if inviter is None:
        return
    with translation.override(inviter.preferred_language or settings.LANGUAGE_CODE):
        values = {"who": person, "organisation": invitation.organisation}
        person_alerted.send(
            sender=Invitation,
            recipient=inviter,
            kind="membership.answered",
            title=(
                _("%(who)s joined %(organisation)s") % values
                if accepted
                else _("%(who)s declined to join %(organisation)s") % values
            ),
            url=invitation.organisation.get_absolute_url(),
            email=False,
        )


def _other_admins_exist(organisation, user):
    return Membership.objects.filter(organisation=organisation, is_admin=True).exclude(user=user).exists()


@transaction.atomic
def leave_organisation(*, organisation, user):
    """A member leaves. The last admin cannot leave while others still belong (nobody could manage them).

    Side effects: deletes the Membership, audit entry. From now on the person is on no side of the
    organisation's requests, proposals or products.
    """
    membership = Membership.objects.select_for_update().filter(organisation=organisation, user=user).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this organisation."))
    others = Membership.objects.filter(organisation=organisation).exclude(user=user)
    if membership.is_admin and others.exists() and not _other_admins_exist(organisation, user):
        raise ValidationError(
            _("You are the organisation's last admin. Make another member an admin before you leave.")
        )
    membership.delete()
    audit(subject=organisation, action="member_left", actor=user, from_state="member", note=user.email)
    _forget_memberships(user)


@transaction.atomic
def set_member_admin(*, organisation, member, is_admin, changed_by):
    """An organisation admin makes a member an admin or takes that back (never from the last admin).

    Side effects: updates the Membership, audit entry.
    """
    if not (queries.is_admin(changed_by, organisation) or changed_by.is_editor):
        raise PermissionDenied(_("Only the organisation's admins can change roles."))
    membership = Membership.objects.select_for_update().filter(organisation=organisation, user=member).first()
    if membership is None:
        raise ValidationError(_("This person is not a member of the organisation."))
    if not is_admin and membership.is_admin and not _other_admins_exist(organisation, member):
        raise ValidationError(_("An organisation keeps at least one admin."))
    before = "admin" if membership.is_admin else "member"
    membership.is_admin = is_admin
    membership.save(update_fields=["is_admin"])
    audit(
        subject=organisation,
        action="member_role_changed",
        actor=changed_by,
        from_state=before,
        to_state="admin" if is_admin else "member",
        note=member.email,
    )
    return membership


@transaction.atomic
def remove_member(*, organisation, member, removed_by):
    """An organisation admin removes a member (not the last admin; people leave themselves).

    Side effects: deletes the Membership, audit entry.
    """
    if not (queries.is_admin(removed_by, organisation) or removed_by.is_editor):
        raise PermissionDenied(_("Only the organisation's admins can remove members."))
    if member == removed_by:
        raise ValidationError(_("To leave the organisation yourself, use Leave."))
    membership = Membership.objects.select_for_update().filter(organisation=organisation, user=member).first()
    if membership is None:
        raise ValidationError(_("This person is not a member of the organisation."))
    if membership.is_admin and not _other_admins_exist(organisation, member):
        raise ValidationError(_("An organisation keeps at least one admin."))
    membership.delete()
    audit(
        subject=organisation,
        action="member_removed",
        actor=removed_by,
        from_state="member",
        note=member.email,
    )
    _forget_memberships(member)


def filing_organisation(*, user, organisation=None):
    """The organisation a request, proposal or product is filed for, checked; None means as an individual.

    The person files for an organisation they have accepted to join; one they merely were invited
    to, declined or left does not count. With no choice made, a person in exactly one organisation
    files for it (the form preselects it), a person in none files as an individual, and a person in
    several must choose. No side effects; ValidationError (on "organisation") when the choice is not
    allowed.
    """
    own = queries.accepted_organisation_ids(user)
    if organisation is not None:
        if organisation.pk not in own:
            message = _("You are not a member of %(organisation)s: choose one of your own organisations.")
            raise ValidationError({"organisation": message % {"organisation": organisation}})
        return organisation
    if not own:
        return None
    if len(own) == 1:
        return Organisation.objects.get(pk=next(iter(own)))
    raise ValidationError(
        {"organisation": _("You belong to several organisations: choose the one you file for.")}
    )


def set_verification(*, organisation, status, editor, note=""):
    """An editor records the outcome of checking an organisation.

    Side effects: updates the organisation's verification status, note, time and editor.
    """
    if not editor.is_editor:
        raise PermissionDenied(_("Only editors verify organisations."))
    organisation.verification_status = status
    organisation.verification_note = note
    verified = status == Organisation.Verification.VERIFIED
    organisation.verified_at = timezone.now() if verified else None
    organisation.verified_by = editor if verified else None
    organisation.save(
        update_fields=["verification_status", "verification_note", "verified_at", "verified_by"]
    )
    return organisation
