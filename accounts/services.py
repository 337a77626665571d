"""What people and organisations can do, shared by the web pages, the API and commands."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Membership, Organisation, User
from .roles import ROLE_GROUPS, SELF_SERVICE_ROLES, Role, group_name_for


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
    *, creator, name, kind, name_en="", description="", website="", unified_credit_code=""
):
    """Register an organisation; its creator becomes its first admin.

    Side effects: creates the organisation (verification requested) and a membership.
    """
    organisation = Organisation.objects.create(
        name=name,
        name_en=name_en,
        kind=kind,
        description=description,
        website=website,
        unified_credit_code=unified_credit_code,
        verification_status=Organisation.Verification.PENDING,
    )
    Membership.objects.create(user=creator, organisation=organisation, is_admin=True)
    creator.__dict__.pop("organisation_ids", None)
    return organisation


def add_member(*, organisation, email, added_by, is_admin=False):
    """An organisation admin adds an existing account to the organisation by e-mail.

    Side effects: creates a membership. Raises PermissionDenied for non-admins and
    ValidationError when no account has that address or it is already a member.
    """
    if not (organisation.is_admin(added_by) or added_by.is_editor):
        raise PermissionDenied(_("Only the organisation's admins can add members."))
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(_("No account uses this e-mail address. Ask the person to sign up first."))
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"is_admin": is_admin}
    )
    if not created:
        raise ValidationError(_("This person is already a member."))
    return membership


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
