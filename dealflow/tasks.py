"""Celery entry points for deal flow: thin wrappers around dealflow.services."""

from celery import shared_task

from . import services


@shared_task(
    name="dealflow.send_deadline_reminders",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def send_deadline_reminders():
    """Reminders before response deadlines, expiry after them, challenges into review. Idempotent."""
    return services.send_deadline_reminders()
