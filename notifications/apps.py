from django.apps import AppConfig
from django.db.models.signals import post_migrate

from core.beat import PeriodicJob, register_periodic_jobs

PERIODIC_JOBS = [
    PeriodicJob(
        name="notifications: daily digest",
        task="notifications.send_daily_digests",
        crontab={"minute": "0", "hour": "8"},
    )
]


def create_periodic_tasks(sender, **kwargs):
    """Register the daily digest with celery beat once; editors may change the schedule after."""
    register_periodic_jobs(PERIODIC_JOBS)


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        post_migrate.connect(create_periodic_tasks, sender=self, dispatch_uid="notifications_beat")
