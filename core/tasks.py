"""Celery entry points of the ground floor: the outbox relay."""

from celery import shared_task

from . import outbox


@shared_task(name="core.relay_outbox")
def relay_outbox():
    """Send outbox messages the broker missed (runs every minute)."""
    return outbox.relay()
