"""Keeps the search index in step with the listings: ``listings_changed`` → the outbox → Celery."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import outbox
from core.beat import PeriodicJob, register_periodic_jobs
from listings.signals import listings_changed

from . import embedding
from .models import GlossaryTerm
from .services import kind_of
from .tasks import apply_glossary_change, embed_listings, index_listings

# At most this many listings per meaning-vector message. The model embeds about 5 texts a second on
# the shared 2-core machine (a listing has several: an import batch of 500 technologies took about
# 400 s), and core.outbox.LEASE frees a message still running after 10 minutes to run again. 100
# listings take about 80 s, so even at a third of that speed a message ends within half the lease
# and is never run twice at once (docs/queues.md).
EMBED_MESSAGE_MAX = 100


@receiver(listings_changed, dispatch_uid="search.queue_index_update")
def queue_index_update(sender, ids, **kwargs):
    kind = kind_of(sender)
    ids = [int(pk) for pk in ids]
    outbox.enqueue(index_listings, kind, ids)


@receiver(listings_changed, dispatch_uid="search.queue_embedding")
def queue_embedding(sender, ids, **kwargs):
    """Background jobs on the ``embeddings`` queue of at most EMBED_MESSAGE_MAX listings each (an
    import batch of 500 is five messages, not 500, and none outlives the outbox's lease; a no-op
    for listings whose text is unchanged)."""
    if not embedding.enabled():
        return
    kind = kind_of(sender)
    ids = [int(pk) for pk in ids]
    for start in range(0, len(ids), EMBED_MESSAGE_MAX):
        outbox.enqueue(embed_listings, kind, ids[start : start + EMBED_MESSAGE_MAX])


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
