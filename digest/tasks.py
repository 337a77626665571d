"""Celery entry point for the daily digest: a thin wrapper around digest.services.

The task keeps its first name (``notifications.send_daily_digests``) so the beat schedule and any
queued runs stay valid.
"""

import datetime
import smtplib

from celery import shared_task

from . import services


@shared_task(
    name="notifications.send_daily_digests",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
    acks_late=True,
)
def send_daily_digests(day=None):
    """`day` is an ISO date; beat calls it without one (today, in the site's time zone)."""
    parsed = datetime.date.fromisoformat(day) if day else None
    return services.send_daily_digests(day=parsed)
