"""Celery entry points for the platforms part: thin wrappers around platforms.services."""

from celery import shared_task

from . import services


@shared_task(
    name="platforms.send_deadline_reminders",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def send_deadline_reminders():
    """Reminders before slot requests' response deadlines, expiry after them. Idempotent."""
    return services.send_deadline_reminders()
