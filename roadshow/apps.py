from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _

# (name, task, minutes between runs)
PERIODIC_TASKS = [
    ("roadshow: keep the next weeks of sessions generated", "roadshow.generate_upcoming_sessions", 60),
    ("roadshow: reminders a day and an hour before", "roadshow.send_session_reminders", 5),
    ("roadshow: release unpaid seat holds", "roadshow.release_expired_holds", 10),
]


def create_periodic_tasks(sender, **kwargs):
    """Register the roadshow's beat jobs once; editors may change the schedule in the admin after."""
    from django_celery_beat.models import (  # noqa: PLC0415 — after apps load
        IntervalSchedule,
        PeriodicTask,
    )

    for name, task, minutes in PERIODIC_TASKS:
        interval, _created = IntervalSchedule.objects.get_or_create(
            every=minutes, period=IntervalSchedule.MINUTES
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})


def generate_after_series_saved(sender, instance, **kwargs):
    from django.db import transaction  # noqa: PLC0415 — after apps load

    from .tasks import generate_series_sessions  # noqa: PLC0415 — after apps load

    if instance.is_active:
        transaction.on_commit(lambda: generate_series_sessions.delay(instance.pk))


class RoadshowConfig(AppConfig):
    name = "roadshow"
    verbose_name = _("Roadshow")

    def ready(self):
        from .models import RoadshowSeries  # noqa: PLC0415 — after apps load

        post_migrate.connect(create_periodic_tasks, sender=self, dispatch_uid="roadshow_beat")
        post_save.connect(
            generate_after_series_saved, sender=RoadshowSeries, dispatch_uid="roadshow_series_generate"
        )
