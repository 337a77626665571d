"""Alerts, preferences, saved searches and the daily digest.

Every part of the site calls `notify` for a user-facing alert: it stores the in-site
notification and queues its e-mail after the transaction commits.
"""

import datetime
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.services import absolute_url

from .models import DigestDelivery, Notification, NotificationPreference, SavedSearch

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
UNSUBSCRIBE_SCOPES = ("all", "digest")


def preference_for(user):
    """The person's preferences, created with the defaults on first use."""
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


def notify(*, recipient, kind, title, body="", url="", action_deadline=None, email=True, dedupe_key=None):
    """Alert one person in the site and, if they want it, by e-mail.

    Side effects: creates a Notification (none when one with the same dedupe_key exists for this
    person, which is then returned) and queues `notifications.send_notification_email` after commit.
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
                action_deadline=action_deadline,
                dedupe_key=dedupe_key,
                email_wanted=bool(email) and preference_for(recipient).wants_email(kind),
            )
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, dedupe_key=dedupe_key)
    if notification.email_wanted:
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.delay(notification.pk))
    return notification


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


def _send(*, user, subject, template, context, scope):
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        unsubscribe = unsubscribe_url(user=user, scope=scope)
        context = {**context, "user": user, "unsubscribe_url": unsubscribe}
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
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
        _send(
            user=user,
            subject=notification.title,
            template="notification",
            context={"notification": notification, "link": absolute_url(notification.url)},
            scope="all",
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


# --- Saved searches ---------------------------------------------------------------------------


def save_search(*, user, name, kind, query="", filters=None, alerts_enabled=True):
    """Keep a search. Side effects: creates a SavedSearch. ValidationError on bad input."""
    name, query = (name or "").strip(), (query or "").strip()
    if not name:
        raise ValidationError(_("Give the search a name."))
    if kind not in SavedSearch.Kind.values:
        raise ValidationError(_("Choose technologies or demands."))
    if not query and not filters:
        raise ValidationError(_("Enter some words or choose a filter to save."))
    if user.saved_searches.count() >= 50:
        raise ValidationError(_("You can keep at most 50 saved searches."))
    return SavedSearch.objects.create(
        user=user, name=name, kind=kind, query=query, filters=filters or {}, alerts_enabled=alerts_enabled
    )


# --- Digest -----------------------------------------------------------------------------------


@dataclass
class DigestItem:
    heading: str
    ref: str
    title: str
    url: str
    reasons: list


def _field(item, name, default=None):
    if isinstance(item, dict):
        return item.get(name, default)
    value = getattr(item, name, default)
    return value if value is not None else default


def _published_since(obj, since):
    published = _field(obj, "published_at")
    return published is None or published >= since


def _saved_search_items(saved, since):
    """New results of one saved search, through search.services.search_listings when it exists."""
    try:
        from search.services import search_listings
    except ImportError:
        search_listings = None
    results = []
    if search_listings is not None:
        try:
            page = search_listings(
                kind=saved.kind, query=saved.query, filters=saved.filters or {}, sort="newest"
            )
        except Exception:  # a search outage must not stop the digest
            logger.exception("saved search %s failed", saved.pk)
            return []
        results = list(_field(page, "results", []) or [])
    else:
        try:
            from listings.models import Demand, Technology
        except ImportError:
            return []
        model = Technology if saved.kind == "technology" else Demand
        qs = model.objects.filter(status="published")
        if saved.query:
            qs = qs.filter(title__icontains=saved.query)
        results = list(qs.filter(published_at__gte=since)[:20])
    items = []
    for result in results:
        obj = _field(result, "listing") or _field(result, "object") or result
        if not _published_since(obj, since):
            continue
        url = _field(result, "url") or (obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "")
        items.append(
            DigestItem(
                heading=_("Saved search: %(name)s") % {"name": saved.name},
                ref=_field(obj, "ref", ""),
                title=_field(obj, "title", ""),
                url=absolute_url(url),
                reasons=[],
            )
        )
    return items[:10]


def _listing_match_items(user, since):
    """New matches for the published listings of the person's organisations."""
    try:
        from listings.models import Demand, Technology
        from search.services import match_listing
    except ImportError:
        return []
    items = []
    org_ids = list(user.organisation_ids)
    if not org_ids:
        return []
    for model in (Technology, Demand):
        for listing in model.objects.filter(organisation_id__in=org_ids, status="published")[:20]:
            try:
                matches = match_listing(listing=listing, limit=5, user=user)
            except Exception:
                logger.exception("matching failed for %s", listing.pk)
                continue
            for match in matches:
                if not _published_since(match.listing, since):
                    continue
                items.append(
                    DigestItem(
                        heading=_("New match for %(title)s") % {"title": listing.title},
                        ref=match.ref,
                        title=match.title,
                        url=absolute_url(match.listing.get_absolute_url()),
                        reasons=list(match.reasons)[:3],
                    )
                )
    return items


def _awaiting_answer_items(user):
    """Introduction requests to the person's organisations still waiting for an answer: silence shows."""
    from dealflow.models import MatchRequest

    org_ids = list(user.organisation_ids)
    if not org_ids:
        return []
    pending = (
        MatchRequest.objects.filter(owner_organisation_id__in=org_ids, status=MatchRequest.Status.PENDING)
        .select_related("technology", "demand")
        .order_by("response_deadline")[:10]
    )
    return [
        DigestItem(
            heading=_("Awaiting your answer by %(deadline)s")
            % {"deadline": formats.date_format(timezone.localtime(mr.response_deadline), "DATETIME_FORMAT")},
            ref=mr.listing.ref,
            title=mr.listing.title,
            url=absolute_url(mr.get_absolute_url()),
            reasons=[],
        )
        for mr in pending
    ]


def collect_digest_items(*, user, since):
    """What the person's digest would hold: requests awaiting an answer, new matches for their listings
    and new saved-search results. No side effects."""
    items = _awaiting_answer_items(user) + _listing_match_items(user, since)
    for saved in user.saved_searches.filter(alerts_enabled=True):
        items.extend(_saved_search_items(saved, since))
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return items, unread


def send_user_digest(*, user, day):
    """Send one person's digest for one day, at most once.

    Side effects: creates the DigestDelivery for (user, day) and sends the e-mail in the same
    transaction, so a crash before the commit leaves no record (the retry sends) and a retry after
    it finds the record (and sends nothing). Returns True when an e-mail went out.
    """
    preference = preference_for(user)
    if not (preference.digest_enabled and user.is_active and user.email):
        return False
    previous = DigestDelivery.objects.filter(user=user, day__lt=day).order_by("-day").first()
    since = (previous.sent_at or timezone.now()) if previous else timezone.now() - datetime.timedelta(days=1)
    if previous and previous.sent_at is None:
        since = timezone.now() - datetime.timedelta(days=1)
    with transaction.atomic():
        delivery, created = DigestDelivery.objects.get_or_create(user=user, day=day)
        if not created:
            return False
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            items, unread = collect_digest_items(user=user, since=since)
            if not items:
                return False
            _send(
                user=user,
                subject=_("Your daily digest: %(count)s items for you") % {"count": len(items)},
                template="digest",
                context={"items": items, "unread": unread, "day": day},
                scope="digest",
            )
        delivery.sent_at = timezone.now()
        delivery.item_count = len(items)
        delivery.save(update_fields=["sent_at", "item_count"])
    return True


def digest_recipients():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .exclude(notification_preference__digest_enabled=False)
        .exclude(email="")
        .order_by("pk")
    )


def send_daily_digests(*, day=None):
    """Send every person's digest for the day; safe to run again (people served are skipped).

    Side effects: as send_user_digest, for each person.
    """
    day = day or timezone.localdate()
    pause = float(getattr(settings, "DIGEST_PAUSE_SECONDS", 0) or 0)
    sent = 0
    for user_id in list(digest_recipients().values_list("pk", flat=True)):
        if DigestDelivery.objects.filter(user_id=user_id, day=day).exists():
            continue
        user = digest_recipients().filter(pk=user_id).first()
        if user is None:
            continue
        if send_user_digest(user=user, day=day):
            sent += 1
        if pause:
            time.sleep(pause)  # only set by the worker-crash test, to be killed mid-run
    return sent
