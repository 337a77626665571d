"""Who counts as a member of which organisation: the one place every part asks.

A Membership row exists only once the person has accepted (see accounts.models.Membership), so
these read memberships; a pending or declined invitation never makes anyone a member. Which side
a person is on is decided by these answers at the time of the action, never by a stored copy.
"""

from .models import Membership, Organisation, User


def accepted_organisation_ids(user):
    """Ids of the organisations the person belongs to (cached on the user for the request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    return user.organisation_ids


def accepted_organisations(user, *, kind=None):
    """The organisations the person belongs to, by name; optionally only one kind."""
    organisations = Organisation.objects.filter(pk__in=accepted_organisation_ids(user))
    if kind is not None:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("name")


def admin_organisation_ids(user):
    """Ids of the organisations the person manages."""
    if user is None or not user.is_authenticated:
        return frozenset()
    return frozenset(
        Membership.objects.filter(user=user, is_admin=True).values_list("organisation_id", flat=True)
    )


def is_member(user, organisation):
    return organisation is not None and organisation.pk in accepted_organisation_ids(user)


def is_admin(user, organisation):
    return organisation is not None and organisation.pk in admin_organisation_ids(user)


def members_of(organisation, *, active_only=True):
    """The people who belong to an organisation (active accounts only unless asked)."""
    if organisation is None:
        return User.objects.none()
    people = User.objects.filter(memberships__organisation=organisation)
    if active_only:
        people = people.filter(is_active=True)
    return people.order_by("pk")


def memberships_of(organisation):
    """The organisation's memberships with their people, admins first (its admins' member list)."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-is_admin", "user__display_name", "user__email")
    )
