import logging
from datetime import date

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    name="indicators.generate_monthly_report",
    autoretry_for=(Exception,),
    retry_backoff=60,
    retry_kwargs={"max_retries": 5},
)
def generate_monthly_report(month_iso=None):
    """Monthly, from django-celery-beat: the report for the month just ended (idempotent per month)."""

    month = date.fromisoformat(month_iso) if month_iso else None
    report = services.generate_monthly_report(month=month)
    logger.info("indicators report for %s stored as %s", report.month, report.file.name)
    return report.pk
