"""Reused querysets for saved searches."""

from .models import SavedSearch


def saved_searches_of(user):
    """The person's saved searches, newest first."""
    return SavedSearch.objects.filter(user=user).order_by("-created_at", "-pk")
