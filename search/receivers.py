"""Keeps the search index in step with the listings: ``listings_changed`` → the outbox → Celery."""

from django.dispatch import receiver

from core import outbox
from core.beat import PeriodicJob, register_periodic_jobs
from listings.signals import listings_changed

from .services import kind_of
from .tasks import index_listings


@receiver(listings_changed, dispatch_uid="search.queue_index_update")
def queue_index_update(sender, ids, **kwargs):
    kind = kind_of(sender)
    ids = [int(pk) for pk in ids]
    outbox.enqueue(index_listings, kind, ids)


PERIODIC_JOBS = [
    PeriodicJob(
        name="search: drain pending index updates", task="search.drain_pending_index_updates", every_minutes=1
    )
]


def register_periodic_tasks(sender, **kwargs):
    """Create the drain schedule in django-celery-beat (idempotent, after migrate)."""
    register_periodic_jobs(PERIODIC_JOBS)
