from django.apps import AppConfig
from django.db.models.signals import post_migrate

from core.beat import PeriodicJob, register_periodic_jobs

PERIODIC_TASK_NAME = "indicators: monthly report for the evaluation agency"


PERIODIC_JOBS = [
    PeriodicJob(
        name=PERIODIC_TASK_NAME,
        task="indicators.generate_monthly_report",
        crontab={"minute": "0", "hour": "6", "day_of_month": "1"},
        keep_in_step=True,
    )
]


def register_periodic_tasks(sender, **kwargs):
    """The monthly report runs at 06:00 Beijing time on the 1st; rows made idempotently."""
    register_periodic_jobs(PERIODIC_JOBS)


class IndicatorsConfig(AppConfig):
    name = "indicators"

    def ready(self):
        from . import receivers  # noqa: PLC0415 — the models must be loaded

        receivers.connect()
        post_migrate.connect(register_periodic_tasks, sender=self, dispatch_uid="indicators_beat")
