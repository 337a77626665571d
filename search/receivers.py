"""Keeps the search index in step with the listings: ``listings_changed`` → the outbox → Celery."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import outbox
from core.beat import PeriodicJob, register_periodic_jobs
from listings.signals import listings_changed

from . import embedding
from .models import GlossaryTerm
from .services import kind_of
from .tasks import apply_glossary_change, index_listings, queue_embeddings


@receiver(listings_changed, dispatch_uid="search.queue_index_update")
def queue_index_update(sender, ids, **kwargs):
    kind = kind_of(sender)
    ids = [int(pk) for pk in ids]
    outbox.enqueue(index_listings, kind, ids)


@receiver(listings_changed, dispatch_uid="search.queue_embedding")
def queue_embedding(sender, ids, **kwargs):
    """Background jobs on the ``embeddings`` queue (``tasks.queue_embeddings``: an import batch of
    500 is five messages, not 500; a no-op for listings whose text is unchanged)."""
    if not embedding.enabled():
        return
    queue_embeddings(kind_of(sender), [int(pk) for pk in ids])


@receiver(post_save, sender=GlossaryTerm, dispatch_uid="search.glossary_saved")
@receiver(post_delete, sender=GlossaryTerm, dispatch_uid="search.glossary_deleted")
def queue_glossary_change(sender, instance, raw=False, **kwargs):
    """An editor changed the glossary: re-index what its old and new spellings touch (not for a
    fixture's rows: rebuild_search_index analyses everything afresh)."""
    if raw:
        return
    variants = sorted(set(getattr(instance, "_saved_variants", [])) | set(instance.variants))
    instance._saved_variants = instance.variants
    outbox.enqueue(apply_glossary_change, variants)


PERIODIC_JOBS = [
    PeriodicJob(
        name="search: drain pending index updates", task="search.drain_pending_index_updates", every_minutes=1
    ),
    # After a new embedding recipe: re-embed what an earlier one made (search.tasks.STALE_BATCH).
    PeriodicJob(
        name="search: re-embed vectors of an earlier recipe",
        task="search.queue_stale_embeddings",
        every_minutes=10,
    ),
]


def register_periodic_tasks(sender, **kwargs):
    """Create the drain schedule in django-celery-beat (idempotent, after migrate)."""
    register_periodic_jobs(PERIODIC_JOBS)
