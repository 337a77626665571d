"""Celery entry points for alerts and digests: thin wrappers around notifications.services."""

import datetime
import logging
import smtplib

from celery import shared_task

from . import services
from .models import Notification

logger = logging.getLogger(__name__)


@shared_task(
    name="notifications.send_notification_email",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
    acks_late=True,
)
def send_notification_email(notification_id):
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        logger.info("notification %s is gone; nothing to e-mail", notification_id)
        return False
    return services.send_notification_email(notification=notification)


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
