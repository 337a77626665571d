"""Celery entry points for alerts: thin wrappers around notifications.services."""

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
