from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_periodic_tasks(sender, **kwargs):
    """Register the daily digest with celery beat once; editors may change the schedule after."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="0", hour="8", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name="notifications: daily digest",
        defaults={"task": "notifications.send_daily_digests", "crontab": schedule},
    )


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        post_migrate.connect(create_periodic_tasks, sender=self, dispatch_uid="notifications_beat")
