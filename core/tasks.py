"""Celery entry points of the ground floor: the outbox relay."""

from celery import shared_task

from . import outbox, tallies


@shared_task(name="core.relay_outbox")
def relay_outbox():
    """Send outbox messages the broker missed (runs every minute)."""
    return outbox.relay()


@shared_task(name="core.rebuild_tallies")
def rebuild_tallies():
    """Nightly: recompute every maintained figure from its data (catches writes no signal saw)."""
    return tallies.rebuild_all()
