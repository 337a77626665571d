"""Saved searches and the daily digest: the top floor that gathers what every part has for a person.

The digest reads its sections from ``notifications.registry`` (deal flow, search and the saved
searches below each register one), so it imports none of the parts to build them.
"""

import datetime
import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.services import absolute_url
from funding.queries import search_programmes
from notifications.models import Notification
from notifications.registry import DigestItem, digest_sections, register_digest_section
from notifications.services import preference_for, send_email
from search.services import search_listings

from .models import DigestDelivery, SavedSearch

logger = logging.getLogger(__name__)

# --- Saved searches ---------------------------------------------------------------------------


def save_search(*, user, name, kind, query="", filters=None, alerts_enabled=True):
    """Keep a search. Side effects: creates a SavedSearch. ValidationError on bad input."""
    name, query = (name or "").strip(), (query or "").strip()
    if not name:
        raise ValidationError(_("Give the search a name."))
    if kind not in SavedSearch.Kind.values:
        raise ValidationError(_("Choose technologies, demands or funding programmes."))
    if not query and not filters:
        raise ValidationError(_("Enter some words or choose a filter to save."))
    if user.saved_searches.count() >= 50:
        raise ValidationError(_("You can keep at most 50 saved searches."))
    return SavedSearch.objects.create(
        user=user, name=name, kind=kind, query=query, filters=filters or {}, alerts_enabled=alerts_enabled
    )


def saved_programme_items(saved, since):
    """Funding programmes published since ``since`` that answer a saved search. No side effects."""
    programmes = search_programmes(query=saved.query, filters=saved.filters or {}).filter(
        published_at__gte=since
    )
    return [
        DigestItem(
            heading=_("Saved search: %(name)s") % {"name": saved.name},
            ref=programme.slug,
            title=programme.title,
            url=absolute_url(programme.get_absolute_url()),
            reasons=[],
        )
        for programme in programmes.order_by("-published_at")[:10]
    ]


def saved_search_items(saved, since):
    """New results of one saved search since ``since``. No side effects."""
    if saved.kind == SavedSearch.Kind.PROGRAMME:
        return saved_programme_items(saved, since)
    try:
        page = search_listings(kind=saved.kind, query=saved.query, filters=saved.filters or {}, sort="newest")
    except Exception:  # a search outage must not stop the digest
        logger.exception("saved search %s failed", saved.pk)
        return []
    items = []
    for hit in page.results:
        listing = hit.listing
        if listing.published_at is not None and listing.published_at < since:
            continue
        items.append(
            DigestItem(
                heading=_("Saved search: %(name)s") % {"name": saved.name},
                ref=listing.ref,
                title=listing.title,
                url=absolute_url(listing.get_absolute_url()),
                reasons=[],
            )
        )
    return items[:10]


def saved_searches_section(user, since):
    """The new results of every saved search the person wants alerts for. No side effects."""
    items = []
    for saved in user.saved_searches.filter(alerts_enabled=True):
        items.extend(saved_search_items(saved, since))
    return items


def register():
    register_digest_section(name="digest.saved_searches", order=30, collect=saved_searches_section)


# --- Digest -----------------------------------------------------------------------------------


def collect_digest_items(*, user, since):
    """What the person's digest would hold, section by section (requests awaiting an answer, new
    matches for their listings, new saved-search results), and their unread count. No side effects."""
    items = []
    for section in digest_sections():
        items.extend(section.collect(user, since))
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
            send_email(
                user=user,
                subject=_("Your daily digest: %(count)s items for you") % {"count": len(items)},
                template="digest/email/digest",
                context={"items": items, "unread": unread, "day": day},
                scope="digest",
            )
        delivery.sent_at = timezone.now()
        delivery.item_count = len(items)
        delivery.save(update_fields=["sent_at", "item_count"])
    return True


def digest_recipients():
    """Active people with an address who have not switched the digest off. No side effects."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
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
