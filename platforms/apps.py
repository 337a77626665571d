from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_periodic_tasks(sender, **kwargs):
    """Register the hourly deadline check with celery beat once; editors may change it later."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="20", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name="platforms: slot request deadlines",
        defaults={"task": "platforms.send_deadline_reminders", "crontab": schedule},
    )


class PlatformsConfig(AppConfig):
    name = "platforms"
    verbose_name = _("Verification centres and pilot platforms")

    def ready(self):
        post_migrate.connect(create_periodic_tasks, sender=self, dispatch_uid="platforms_beat")
        from . import receivers  # noqa: F401  (connects the listings_changed handler)
