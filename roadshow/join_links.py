"""Personal join links: what the session page, the API and the join view call.

Sessions of a series often share one meeting room, so its address is never shown: each confirmed
registrant gets a signed link to their own registration, which opens the room only for them, only
while that registration is confirmed and only inside that session's join window.
"""

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import Registration

JOIN_SALT = "roadshow.join"


def join_token(*, registration):
    """The signed token of a registration's personal join link. No side effects."""
    # No timestamp: the link stays the same on every page view (the window is checked on use).
    return signing.Signer(salt=JOIN_SALT).sign_object(
        {"registration": registration.pk, "user": registration.user_id}
    )


def personal_join_path(*, registration):
    return reverse("roadshow:join", kwargs={"token": join_token(registration=registration)})


@dataclass
class JoinDecision:
    """Where a personal join link leads now: the meeting (`url`) or a page saying why not yet."""

    registration: Registration | None
    url: str = ""
    reason: str = ""  # "early", "over", "cancelled", "not_confirmed", "no_link", "not_yours", "invalid"


def resolve_join(*, token, user, now=None):
    """Check a personal join link for `user` at `now`. No side effects."""
    now = now or timezone.now()
    try:
        data = signing.Signer(salt=JOIN_SALT).unsign_object(token)
        registration = Registration.objects.select_related("session").get(pk=data["registration"])
    except (signing.BadSignature, Registration.DoesNotExist, KeyError, TypeError):
        return JoinDecision(None, reason="invalid")
    session = registration.session
    if registration.user_id != data.get("user") or registration.user_id != getattr(user, "pk", None):
        return JoinDecision(registration, reason="not_yours")
    if session.is_cancelled:
        return JoinDecision(registration, reason="cancelled")
    if registration.status != Registration.Status.CONFIRMED:
        return JoinDecision(registration, reason="not_confirmed")
    if now >= session.ends_at:
        return JoinDecision(registration, reason="over")
    if now < session.join_opens_at:
        return JoinDecision(registration, reason="early")
    if not session.stream_url:
        return JoinDecision(registration, reason="no_link")
    return JoinDecision(registration, url=session.stream_url)
