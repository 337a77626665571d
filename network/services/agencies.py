"""Agencies and their brokers, saved by editors in the admin (the one path, audited)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.roles import Role
from core.services import audit

from ..models import LANGUAGES, Agency
from ._common import require_editor

RESERVED_SLUGS = {"requests", "brokers", "deals", "disputes", "ask"}


@transaction.atomic
def save_agency(*, agency, user, tracks=None):
    """An editor saves an agency; publishing needs a verified organisation of the agency kind.

    Side effects: saves the agency (and its tracks when given), ``published_at`` the first time it
    is published, audit entry.
    """
    require_editor(user, _("Only editors manage agencies."))
    organisation = agency.organisation
    errors = {}
    if organisation.kind != Organisation.Kind.AGENCY:
        errors["organisation"] = _("The organisation must be of the kind “technology-transfer agency”.")
    elif agency.is_published and not organisation.is_verified:
        errors["is_published"] = _("Verify the organisation before publishing its agency.")
    if agency.slug in RESERVED_SLUGS:
        errors["slug"] = _("This address is reserved; choose another slug.")
    known = {code for code, _label in LANGUAGES}
    if not isinstance(agency.languages, list) or not set(agency.languages) <= known:
        errors["languages"] = _("Choose working languages from the list.")
    if errors:
        raise ValidationError(errors)
    created = agency.pk is None
    previous = (
        None
        if created
        else Agency.objects.filter(pk=agency.pk).values_list("is_published", flat=True).first()
    )
    if agency.is_published and agency.published_at is None:
        agency.published_at = timezone.now()
    agency.save()
    if tracks is not None:
        agency.tracks.set(tracks)
    audit(
        subject=agency,
        action="created" if created else "changed",
        actor=user,
        from_state="" if previous is None else ("published" if previous else "draft"),
        to_state="published" if agency.is_published else "draft",
    )
    return agency


@transaction.atomic
def save_broker(*, profile, user, tracks=None):
    """An editor shows a person as a broker of an agency: they must hold the broker role and belong
    to the agency's organisation (an accepted membership).

    Side effects: saves the profile (and its tracks when given), audit entry.
    """
    require_editor(user, _("Only editors manage brokers."))
    person, agency = profile.user, profile.agency
    errors = {}
    if not person.has_role(Role.BROKER):
        errors["user"] = _("%(person)s does not hold the technology-broker role.") % {"person": person}
    elif agency.organisation_id not in person.organisation_ids:
        errors["user"] = _("%(person)s is not a member of %(organisation)s.") % {
            "person": person,
            "organisation": agency.organisation,
        }
    if errors:
        raise ValidationError(errors)
    created = profile.pk is None
    profile.save()
    if tracks is not None:
        profile.tracks.set(tracks)
    audit(
        subject=profile,
        action="created" if created else "changed",
        actor=user,
        to_state="listed" if profile.is_listed else "hidden",
        note=str(agency),
    )
    return profile
