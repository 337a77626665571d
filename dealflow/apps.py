from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_periodic_tasks(sender, **kwargs):
    """Register the hourly deadline check with celery beat once; editors may change it later."""
    from django_celery_beat.models import (  # noqa: PLC0415 — after apps load
        CrontabSchedule,
        PeriodicTask,
    )

    schedule, _created = CrontabSchedule.objects.get_or_create(
        minute="15", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Shanghai"
    )
    PeriodicTask.objects.get_or_create(
        name="dealflow: deadline reminders",
        defaults={"task": "dealflow.send_deadline_reminders", "crontab": schedule},
    )


class DealflowConfig(AppConfig):
    name = "dealflow"
    verbose_name = "Deal flow"

    def ready(self):
        post_migrate.connect(create_periodic_tasks, sender=self, dispatch_uid="dealflow_beat")
        from . import (  # noqa: F401, PLC0415 — receivers connect and registries fill once apps are loaded
            digest,
            receivers,
        )

        digest.register()
