from django.apps import AppConfig
from django.db.models.signals import post_migrate

PERIODIC_TASK_NAME = "indicators: monthly report for the evaluation agency"


def register_periodic_tasks(sender, **kwargs):
    """The monthly report runs at 06:00 Beijing time on the 1st; rows made idempotently."""
    from django_celery_beat.models import (  # noqa: PLC0415 — after apps load
        CrontabSchedule,
        PeriodicTask,
    )

    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_month="1", month_of_year="*", day_of_week="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.update_or_create(
        name=PERIODIC_TASK_NAME,
        defaults={"task": "indicators.generate_monthly_report", "crontab": schedule, "enabled": True},
    )


class IndicatorsConfig(AppConfig):
    name = "indicators"

    def ready(self):
        post_migrate.connect(register_periodic_tasks, sender=self, dispatch_uid="indicators_beat")
