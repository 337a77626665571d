"""The listings' signal, and the handlers keeping ``status`` in step with Wagtail's moderation.

``listings_changed(sender=<model class>, ids=[...])`` is sent after the transaction commits
whenever listings are created, edited, published, unpublished, closed or withdrawn. Bulk
imports send one signal per batch. The search index listens to it.
"""

from django.db import transaction
from django.dispatch import Signal

listings_changed = Signal()


def send_listings_changed(model, ids):
    """Send ``listings_changed`` once the current transaction commits (at once outside one)."""
    ids = list(ids)
    if not ids:
        return
    transaction.on_commit(lambda: listings_changed.send(sender=model, ids=ids))
