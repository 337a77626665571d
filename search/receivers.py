"""Keeps the search index in step with the listings: ``listings_changed`` → Celery."""

from django.db import transaction
from django.dispatch import receiver
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from listings.signals import listings_changed

from .services import kind_of
from .tasks import index_listings


@receiver(listings_changed, dispatch_uid="search.queue_index_update")
def queue_index_update(sender, ids, **kwargs):
    kind = kind_of(sender)
    ids = [int(pk) for pk in ids]
    transaction.on_commit(lambda: index_listings.delay(kind, ids))


def register_periodic_tasks(sender, **kwargs):
    """Create the drain schedule in django-celery-beat (idempotent, after migrate)."""

    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.get_or_create(
        name="search: drain pending index updates",
        defaults={"task": "search.drain_pending_index_updates", "interval": every_minute},
    )
