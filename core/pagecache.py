"""Whole anonymous pages served from the cache, with explicit keys and generation counters.

A page view opts in: Wagtail's page view always does (every family), a Django view with
``@for_visitors("listings")``. ``PageCacheMiddleware`` then serves a visitor who is not signed in
(no session cookie, no pending messages) from the ``pages`` cache, under a key made of the host,
the path, the query, the language and the current generation of each family the page shows.

A change raises its family's generation (``bump``) in the database, in the same transaction as
the change (Wagtail publish, unpublish, moves and moderation; ``listings_changed``; the parts'
own models through ``invalidate_on_save``), so the next request reads a new key and renders the
fresh page; old copies are never read again and expire. Nothing personal is stored: a response
that sets a cookie, used the CSRF token or a CSP nonce, queued a message or changed the session is
never cached, and parts that change by the minute (seats left, "live now") come from an uncached
endpoint filled in by ``static/js/live-status.js``.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from wagtail import signals as wagtail_signals
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from .models import PageCacheGeneration

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
FAMILIES = ("pages", "listings", "roadshow")
HEADER = "X-Page-Cache"
# The query strings worth a cached copy (filters, paging); anything longer is rendered each time.
MAX_QUERY = 200
# Headers a cached copy keeps; the rest (CSP, security headers, cookies) is added per request.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options")


def for_visitors(*families, on_hit=None):
    """Mark a view whose anonymous page may be served from the cache, shown with ``families``.

    ``on_hit(request, **view_kwargs)`` runs when a cached copy is served (e.g. counting a view).
    """

    def decorate(view):
        view.page_cache_families = families or FAMILIES
        view.page_cache_on_hit = on_hit
        return view

    return decorate


def families_for(view_func):
    if view_func is wagtail_serve:
        return FAMILIES
    return getattr(view_func, "page_cache_families", None)


def generations():
    """Every family's current generation (one query)."""
    values = dict(PageCacheGeneration.objects.values_list("family", "value"))
    return {family: values.get(family, 1) for family in FAMILIES}


def bump(*families):
    """Make every cached page of these families stale for the next request.

    Side effects: raises their PageCacheGeneration rows in the current transaction.
    """
    for family in families or FAMILIES:
        if PageCacheGeneration.objects.filter(family=family).update(value=F("value") + 1):
            continue
        try:
            with transaction.atomic():
                PageCacheGeneration.objects.create(family=family, value=2)
        except IntegrityError:  # made by a concurrent bump a moment ago
            PageCacheGeneration.objects.filter(family=family).update(value=F("value") + 1)


def invalidate_on(signal, *families, sender=None):
    """Bump ``families`` whenever ``signal`` is sent (for a part's own signal, e.g. listings_changed)."""

    def receiver(raw=False, **kwargs):
        if not raw:  # a fixture's rows: loaddata bumps every family once at the end
            bump(*families)

    uid = f"pagecache:{id(signal)}:{sender and sender._meta.label}:{','.join(families)}"
    signal.connect(receiver, sender=sender, weak=False, dispatch_uid=uid)


def invalidate_on_save(*models, family):
    """Bump ``family`` when any of ``models`` is saved or deleted."""
    for model in models:
        for signal in (post_save, post_delete):
            invalidate_on(signal, family, sender=model)


def _any_page_change(sender, **kwargs):
    instance = kwargs.get("instance")
    if isinstance(instance, Page) or kwargs.get("signal") is not post_delete:
        bump()


def connect_wagtail():
    """Publishing, unpublishing, moving, deleting and moderating anything in Wagtail bumps every family."""
    for signal in (
        wagtail_signals.page_published,
        wagtail_signals.page_unpublished,
        wagtail_signals.published,
        wagtail_signals.unpublished,
        wagtail_signals.post_page_move,
        wagtail_signals.workflow_approved,
        wagtail_signals.workflow_rejected,
        wagtail_signals.workflow_cancelled,
    ):
        signal.connect(_any_page_change, weak=False, dispatch_uid=f"pagecache:wagtail:{id(signal)}")
    post_delete.connect(_any_page_change, weak=False, dispatch_uid="pagecache:page_deleted")


def is_visitor(request):
    """A request the cache may answer: a GET from someone with no session and no pending messages."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY or "HTTP_AUTHORIZATION" in request.META:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def key_for(request, families):
    current = generations()
    parts = [
        request.get_host(),
        request.path,
        "&".join(sorted(request.GET.urlencode().split("&"))),
        translation.get_language() or "",
        ",".join(f"{family}{current[family]}" for family in families),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def is_shareable(request, response):
    """Whether this response is the same for every visitor (see the module docstring)."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "_queued_messages", None):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PageCacheMiddleware:
    """Serves and stores the anonymous pages that opted in (placed after the auth and messages
    middleware, so a cached copy never holds their cookies and every response still gets its own
    security headers)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 600)

    @property
    def cache(self):
        return caches[CACHE_ALIAS]

    def process_view(self, request, view_func, view_args, view_kwargs):
        families = families_for(view_func)
        if not families or not getattr(settings, "PAGE_CACHE_ENABLED", True) or not is_visitor(request):
            return None
        key = key_for(request, families)
        stored = self.cache.get(key)
        if stored is None:
            request.page_cache_key = key
            return None
        on_hit = getattr(view_func, "page_cache_on_hit", None)
        if on_hit is not None:
            on_hit(request, **view_kwargs)
        content, headers = stored
        response = HttpResponse(content, headers=headers)
        response[HEADER] = "hit"
        return response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "page_cache_key", None)
        if key is None:
            return response
        if is_shareable(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            self.cache.set(key, (response.content, headers), self.timeout)
            response[HEADER] = "miss"
        else:
            response[HEADER] = "bypass"
        return response
