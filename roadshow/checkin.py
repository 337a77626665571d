"""Check-in at the door of on-site sessions: a signed code per registration, shown as a QR code.

The code names the registration and carries a short HMAC of it and its person, so it can be
typed as well as scanned (``R123-4F9K2QX7M1``) and cannot be guessed from another's. The QR code
encodes the editors' check-in address with the code filled in; the check-in marks the registration
attended once and refuses a code of another session, of a registration that no longer holds a
seat, or one already used.
"""

import re
from dataclasses import dataclass

import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from core.formatting import format_datetime
from core.services import absolute_url

from .models import Format, Registration

CHECKIN_SALT = "roadshow.checkin"
CODE_PATTERN = re.compile(r"^R(\d{1,12})-([0-9A-Z]{10})$")


def _mac(registration_id, user_id):
    digest = salted_hmac(CHECKIN_SALT, f"{registration_id}:{user_id}", algorithm="sha256").hexdigest()
    # Ten base-36 characters of the HMAC: short enough to type at the door, about 51 bits.
    number = int(digest[:16], 16)
    chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = []
    for _index in range(10):
        number, rest = divmod(number, 36)
        out.append(chars[rest])
    return "".join(out)


def checkin_code(*, registration):
    """The registration's door code (stable, signed). No side effects."""
    return f"R{registration.pk}-{_mac(registration.pk, registration.user_id)}"


def needs_checkin(session):
    """On-site sessions (at the venue, or both ways) check people in at the door."""
    return session.format in (Format.VENUE, Format.BOTH)


def checkin_url(*, registration):
    """The editors' check-in page for the registration's session with the code filled in."""
    path = reverse("roadshow:check_in", kwargs={"pk": registration.session_id})
    return absolute_url(f"{path}?code={checkin_code(registration=registration)}")


def qr_svg(*, registration):
    """The check-in QR code as an inline SVG document (a string). No side effects."""
    qr = segno.make(checkin_url(registration=registration), error="m")
    return qr.svg_inline(scale=4, border=2, dark="#111", light="#fff")


def registration_for_code(code):
    """The registration a code names, or None when it is malformed or its signature is wrong."""
    match = CODE_PATTERN.match((code or "").strip().upper())
    if match is None:
        return None
    registration = (
        Registration.objects.select_related("session", "user").filter(pk=int(match.group(1))).first()
    )
    if registration is None or not constant_time_compare(
        _mac(registration.pk, registration.user_id), match.group(2)
    ):
        return None
    return registration


@dataclass
class CheckIn:
    registration: Registration
    checked_in_at: object


def check_in(*, session, code, by, now=None):
    """An editor checks a person in at the door of ``session`` with their code.

    Refused with a message saying why (ValidationError): an unknown or tampered code, a code of
    another session, a registration that is not confirmed (cancelled, refunded, awaiting payment,
    waiting), a cancelled session, and a second use of the same code.
    Side effects: marks the registration attended and records when.
    """
    if not (by and by.is_authenticated and by.is_editor):
        raise PermissionDenied(_("Only editors can check people in."))
    now = now or timezone.now()
    found = registration_for_code(code)
    if found is None:
        raise ValidationError(_("This code is not valid. Check it and type it again."))
    if found.session_id != session.pk:
        raise ValidationError(
            _("This code is for another session: %(name)s, %(when)s.")
            % {"name": found.session.name, "when": format_datetime(found.session.starts_at)}
        )
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled."))
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=found.pk)
        if registration.status != Registration.Status.CONFIRMED:
            raise ValidationError(
                _("This registration is not confirmed (%(status)s): no entry with it.")
                % {"status": registration.get_status_display()}
            )
        if registration.attended:
            when = registration.checked_in_at
            raise ValidationError(
                _("This code was already used: %(person)s checked in at %(when)s.")
                % {"person": found.user, "when": format_datetime(when) if when else "—"}
            )
        registration.attended = True
        registration.checked_in_at = now
        registration.save(update_fields=["attended", "checked_in_at"])
    return CheckIn(registration=registration, checked_in_at=now)
