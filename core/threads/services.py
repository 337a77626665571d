"""Posting in a private thread, sharing a file there, declining a request with a reason.

The part checks who may act and whether its thread is open, then calls these with its own model,
upload check, the people who read the thread and the words of its notice; every rule that is the
same in all parts lives here once, telling the others included.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import RateLimited
from core.services import audit
from core.signals import people_alerted

from .models import MESSAGE_MAX_LENGTH


def _on(field, message):
    """The error on `field` of the form, or on the whole form when `field` is None."""
    return ValidationError({field: message} if field else message)


def require_side(thread, user, allowed, *, refusal):
    """The person's side in `thread` when it is one of `allowed`; no side effects.

    Raises PermissionDenied: "You do not take part in this request." for someone outside it, else
    `refusal` (the part's words for who may do this).
    """
    side = thread.side_of(user)
    if side not in allowed:
        raise PermissionDenied(_("You do not take part in this request.") if side is None else refusal)
    return side


def clean_body(body, *, field="body"):
    """The message stripped of surrounding space. No side effects.

    Raises ValidationError (on `field`) when it is empty or longer than MESSAGE_MAX_LENGTH characters.
    """
    body = (body or "").strip()
    if not body:
        raise _on(field, _("Write a message first."))
    if len(body) > MESSAGE_MAX_LENGTH:
        raise _on(field, _("A message may be at most 5000 characters."))
    return body


def check_rate(user, *, scope, setting):
    """Count one message of `user` this minute. Side effect: a counter in the cache.

    Raises RateLimited beyond ``settings.<setting>`` (10 when unset) messages a minute in `scope`.
    """
    limit = int(getattr(settings, setting, 10))
    key = f"{scope}:messages:{user.pk}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=120)
        count = 1
    if count > limit:
        raise RateLimited(
            _("You are sending messages too fast: at most %(n)s a minute. Wait a moment.") % {"n": limit}
        )


def tell_the_others(*, thread, row, author, participants, kind, title, body, anchor):
    """Alert every participant but `author` of the new `row` (a message or file of `thread`), once each,
    in their own language: `title` and `body` are callables (or text), the link is the request's page
    at `anchor`, built in the person's language. Side effect: notices through notifications
    (core.signals.people_alerted), deduplicated per row and person.
    """
    people_alerted.send(
        sender=type(row),
        people=list({person.pk: person for person in participants}.values()),
        exclude=author,
        kind=kind,
        title=title,
        body=body,
        url=lambda: thread.get_absolute_url() + anchor,
        dedupe_key=f"{row._meta.label_lower}:{row.pk}",
    )


def post_message(*, thread, author, body, model, participants, notify_kind, title, rate=None, field="body"):
    """Write `body` in the private thread of `thread` (the part has checked the author's side and that
    the thread is open). Call inside the part's transaction.

    `participants` are the people who read the thread; `notify_kind` and `title` (a callable giving
    the part's words in the active language) make their notice. `rate` is ``(scope, setting)`` for
    check_rate, or None for no limit. Side effects: creates a `model` row, then every participant but
    the author is told (tell_the_others, linking to ``#thread``). Raises ValidationError (empty or
    too long; nothing saved) or RateLimited.
    """
    body = clean_body(body, field=field)
    if rate:
        check_rate(author, scope=rate[0], setting=rate[1])
    message = model.objects.create(**{model.request_field: thread}, author=author, body=body)
    tell_the_others(
        thread=thread,
        row=message,
        author=author,
        participants=participants,
        kind=notify_kind,
        title=title,
        body=message.body[:300],
        anchor="#thread",
    )
    return message


def share_file(
    *,
    thread,
    user,
    upload,
    model,
    validate,
    participants=(),
    notify_kind=None,
    title=None,
    field="file",
    **extra,
):
    """Store `upload` privately in the thread of `thread` (the part has checked the user's side and
    that the thread is open). Call inside the part's transaction.

    `validate(upload)` is the part's core.uploads check returning the MIME type; `extra` are the
    part's own fields (for example ``confidential``). Side effects: a `model` row with the file in
    the private storage, an audit entry ``file_shared``, then, when the part gives a `notify_kind`,
    every participant but the user is told with its `title` (tell_the_others, linking to ``#files``).
    Raises ValidationError (on `field`) when no file is given or the check refuses it; nothing saved.
    """
    if upload is None:
        raise _on(field, _("Choose a file."))
    try:
        mime = validate(upload)
    except ValidationError as problem:
        if field is None:
            raise
        raise ValidationError({field: problem.messages}) from problem
    shared = model.objects.create(
        **{model.request_field: thread},
        uploaded_by=user,
        file=upload,
        original_name=upload.name[:255],
        content_type=mime,
        size=upload.size,
        **extra,
    )
    audit(subject=thread, action="file_shared", actor=user, note=shared.original_name)
    if notify_kind:
        tell_the_others(
            thread=thread,
            row=shared,
            author=user,
            participants=participants,
            kind=notify_kind,
            title=title,
            body=shared.original_name,
            anchor="#files",
        )
    return shared


def clean_decline(*, reason, detail, reasons):
    """The explanation stripped; the reason must be one of `reasons` (a TextChoices with OTHER), and
    "other" needs an explanation. No side effects; raises ValidationError on "reason" or "detail"."""
    detail = (detail or "").strip()
    if reason not in reasons.values:
        raise ValidationError({"reason": _("Choose a reason for declining.")})
    if reason == reasons.OTHER and not detail:
        raise ValidationError({"detail": _("Explain the reason when you choose “other”.")})
    return detail


def decline_with_reason(*, subject, user, reason, detail, reasons, declined):
    """Decline `subject` (locked, checked by the part: the user may answer and it awaits an answer)
    with a structured reason and an explanation. Call inside the part's transaction.

    Side effects: status `declined`, the reason and explanation stored, answered now by `user` unless
    an earlier answer (a question) already counted, an audit entry ``declined``. The part tells the
    other side. Returns the reason's choice (its label for the notice) and the cleaned explanation.
    """
    detail = clean_decline(reason=reason, detail=detail, reasons=reasons)
    previous = subject.status
    if subject.responded_at is None:
        subject.responded_at, subject.responded_by = timezone.now(), user
    subject.status = declined
    subject.decline_reason, subject.decline_detail = reason, detail
    subject.save()
    audit(
        subject=subject,
        action="declined",
        actor=user,
        from_state=previous,
        to_state=declined,
        note=f"{reason}: {detail}",
    )
    return reasons(reason), detail
