"""Celery entry points for the transfer network: thin wrappers around network.services."""

from celery import shared_task

from . import services


@shared_task(
    name="network.expire_overdue_requests",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def expire_overdue_requests():
    """Brokerage requests past their deadline without an answer expire. Idempotent."""
    return services.expire_overdue_requests()
