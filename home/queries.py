"""Reused querysets for the editorial pages; with_tracks=True prefetches related tracks and tags
for the cards that show them. Each returns a fixed number of queries however much
content there is: related tracks and tags are prefetched, parents selected."""

from django.db.models import Prefetch

from taxonomy.models import Track

from .models import NewsPage, PolicyPage, TrackPage


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


def news_pages(*, locale, track=None, parent=None, with_tracks=True):
    """Live news of one locale, newest first; optionally about one track or under one index."""
    queryset = NewsPage.objects.live().filter(locale=locale)
    if parent is not None:
        queryset = queryset.child_of(parent)
    if track is not None:
        queryset = queryset.filter(related_tracks=track)
    queryset = queryset.order_by("-date", "-pk")
    return _with_tracks(queryset) if with_tracks else queryset


def policy_pages(*, locale, track=None, parent=None, with_tracks=True):
    """Live policies of one locale, newest first; optionally about one track or under one index."""
    queryset = PolicyPage.objects.live().filter(locale=locale)
    if parent is not None:
        queryset = queryset.child_of(parent)
    if track is not None:
        queryset = queryset.filter(related_tracks=track)
    queryset = queryset.order_by("-date", "-pk")
    return _with_tracks(queryset) if with_tracks else queryset
