"""Reused querysets for the editorial pages. Each returns a fixed number of queries however much
content there is: related tracks and tags are prefetched, parents selected."""

from django.db.models import Prefetch

from .models import NewsPage, PolicyPage, Track, TrackPage


def track_pages(*, locale):
    """The live track pages of one locale, in the plan's order, with their track."""
    return list(
        TrackPage.objects.live()
        .filter(locale=locale)
        .select_related("track")
        .order_by("track__order", "track__slug")
    )


def _with_tracks(queryset):
    return queryset.prefetch_related(
        Prefetch("related_tracks", queryset=Track.objects.order_by("order")), "tags"
    )


def news_pages(*, locale, track=None, parent=None):
    """Live news of one locale, newest first; optionally about one track or under one index."""
    queryset = NewsPage.objects.live().filter(locale=locale)
    if parent is not None:
        queryset = queryset.child_of(parent)
    if track is not None:
        queryset = queryset.filter(related_tracks=track)
    return _with_tracks(queryset.order_by("-date", "-pk"))


def policy_pages(*, locale, track=None, parent=None):
    """Live policies of one locale, newest first; optionally about one track or under one index."""
    queryset = PolicyPage.objects.live().filter(locale=locale)
    if parent is not None:
        queryset = queryset.child_of(parent)
    if track is not None:
        queryset = queryset.filter(related_tracks=track)
    return _with_tracks(queryset.order_by("-date", "-pk"))
