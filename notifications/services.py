"""Alerts, preferences and their delivery (the daily digest itself is on the top floor: ``digest``).

Every part of the site calls `notify` for a user-facing alert: it stores the in-site
notification and queues its e-mail after the transaction commits.
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import outbox
from core.services import absolute_url

from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
UNSUBSCRIBE_SCOPES = ("all", "digest")


def preference_for(user):
    """The person's preferences, created with the defaults on first use."""
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


def notify(*, recipient, kind, title, body="", url="", action_deadline=None, email=True, dedupe_key=None):
    """Alert one person in the site and, if they want it, by e-mail.

    ``title`` and ``body`` are in the active language, which is recorded with them.
    Side effects: creates a Notification (none when one with the same dedupe_key exists for this
    person, which is then returned) and writes `notifications.send_notification_email` to the outbox
    (sent after commit, exactly once).
    """
    if recipient is None or not recipient.is_active:
        return None
    dedupe_key = (dedupe_key or "")[:200]
    if dedupe_key:
        existing = Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=str(title)[:255],
                body=str(body),
                url=url,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                action_deadline=action_deadline,
                dedupe_key=dedupe_key,
                email_wanted=bool(email) and preference_for(recipient).wants_email(kind),
            )
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, dedupe_key=dedupe_key)
    if notification.email_wanted:
        # By name: the tasks module imports these services.
        outbox.enqueue("notifications.send_notification_email", notification.pk)
    return notification


def notify_each(people, *, title, body="", url="", exclude=None, dedupe_key=None, **kwargs):
    """Alert each person in their own language.

    ``title``, ``body`` and ``url`` are callables (or plain text) evaluated with the person's language
    active, so each reads the notice in the language they chose and its link opens their pages. ``dedupe_key`` is made personal
    by appending the person's id; ``exclude`` (a person) is skipped. Other arguments go to ``notify``.
    Side effects: as ``notify``, once per person. Returns the notifications.
    """
    sent = []
    for person in people:
        if exclude is not None and person.pk == exclude.pk:
            continue
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            sent.append(
                notify(
                    recipient=person,
                    title=title() if callable(title) else title,
                    body=body() if callable(body) else body,
                    url=url() if callable(url) else url,
                    dedupe_key=f"{dedupe_key}:{person.pk}" if dedupe_key else None,
                    **kwargs,
                )
            )
    return sent


def unsubscribe_token(*, user, scope="all"):
    return signing.dumps({"u": user.pk, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user, scope="all"):
    return absolute_url(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user=user, scope=scope)})
    )


def read_unsubscribe_token(token):
    """The (user id, scope) a token stands for; ValidationError when it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, scope = int(data["u"]), data["s"]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ValidationError(_("This unsubscribe link is not valid.")) from error
    if scope not in UNSUBSCRIBE_SCOPES:
        raise ValidationError(_("This unsubscribe link is not valid."))
    return user_id, scope


def unsubscribe(*, user, scope):
    """Stop e-mail for one person: all alerts, or only the daily digest.

    Side effects: updates their NotificationPreference.
    """
    preference = preference_for(user)
    if scope == "digest":
        preference.digest_enabled = False
    else:
        preference.email_enabled = False
        preference.digest_enabled = False
    preference.save()
    return preference


def mark_read(*, user, notification_ids=None):
    """Mark notifications read (all of the person's when no ids). Side effects: sets read_at."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def send_email(*, user, subject, template, context, scope):
    """E-mail one person in their language, text and HTML from ``<template>.txt/.html``, with a
    one-click unsubscribe link for ``scope``. Side effects: sends one e-mail."""
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        unsubscribe = unsubscribe_url(user=user, scope=scope)
        context = {**context, "user": user, "unsubscribe_url": unsubscribe}
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        message = EmailMultiAlternatives(
            subject=str(subject),
            body=text,
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(html, "text/html")
        message.send()


def send_notification_email(*, notification):
    """E-mail one notification once. Side effects: sends mail, sets emailed_at (row locked)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").get(pk=notification.pk)
        )
        if notification.emailed_at or not notification.email_wanted:
            return False
        user = notification.recipient
        if not preference_for(user).wants_email(notification.kind):
            return False
        send_email(
            user=user,
            subject=notification.title,
            template="notifications/email/notification",
            context={"notification": notification, "link": absolute_url(notification.url)},
            scope="all",
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True
