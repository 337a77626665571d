"""Celery beat registration: each part declares its periodic jobs, and one helper writes them.

A part lists ``PeriodicJob`` entries and calls ``register_periodic_jobs`` from its post_migrate
handler; the rows land in django-celery-beat, where editors can change the schedule afterwards.
"""

from dataclasses import dataclass, field

BEIJING = "Asia/Shanghai"


@dataclass(frozen=True)
class PeriodicJob:
    """One beat entry: every ``every_minutes`` minutes, or on a ``crontab`` (Beijing time; fields not
    given are "*"). With ``keep_in_step`` the code's schedule is written again on every migrate;
    otherwise the row is made once and an editor's later change stays."""

    name: str
    task: str
    every_minutes: int | None = None
    crontab: dict = field(default_factory=dict)
    keep_in_step: bool = False


def register_periodic_jobs(jobs):
    """Create each job's schedule and PeriodicTask row (idempotent).

    Side effects: IntervalSchedule / CrontabSchedule and PeriodicTask rows in django-celery-beat.
    """
    # Imported here: the apps' modules import this one before the app registry is ready.
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask  # noqa: PLC0415

    for job in jobs:
        if job.every_minutes:
            schedule, _created = IntervalSchedule.objects.get_or_create(
                every=job.every_minutes, period=IntervalSchedule.MINUTES
            )
            values = {"task": job.task, "interval": schedule}
        else:
            fields = {
                "minute": "*",
                "hour": "*",
                "day_of_week": "*",
                "day_of_month": "*",
                "month_of_year": "*",
            }
            schedule, _created = CrontabSchedule.objects.get_or_create(
                **{**fields, **job.crontab}, timezone=BEIJING
            )
            values = {"task": job.task, "crontab": schedule}
        if job.keep_in_step:
            PeriodicTask.objects.update_or_create(name=job.name, defaults={**values, "enabled": True})
        else:
            PeriodicTask.objects.get_or_create(name=job.name, defaults=values)
