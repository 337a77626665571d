"""Celery entry points for the roadshow: thin wrappers around roadshow.services, run by beat."""

import logging

from celery import shared_task
from django.db import OperationalError

from . import reminders, services
from .models import RoadshowSeries

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(name="roadshow.generate_upcoming_sessions", **RETRY)
def generate_upcoming_sessions():
    created = services.generate_upcoming_sessions()
    logger.info("roadshow: %s sessions generated", created)
    return created


@shared_task(name="roadshow.send_session_reminders", **RETRY)
def send_session_reminders():
    return reminders.send_due_reminders()


@shared_task(name="roadshow.release_expired_holds", **RETRY)
def release_expired_holds():
    return services.release_expired_holds()


@shared_task(name="roadshow.generate_series_sessions", **RETRY)
def generate_series_sessions(series_id):
    series = RoadshowSeries.objects.filter(pk=series_id).first()
    if series is None:
        logger.info("roadshow series %s is gone; nothing to generate", series_id)
        return 0
    return services.generate_sessions(series=series)
