from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _

from core.beat import PeriodicJob, register_periodic_jobs

PERIODIC_JOBS = [
    PeriodicJob(
        name="roadshow: keep the next weeks of sessions generated",
        task="roadshow.generate_upcoming_sessions",
        every_minutes=60,
    ),
    PeriodicJob(
        name="roadshow: reminders a day and an hour before",
        task="roadshow.send_session_reminders",
        every_minutes=5,
    ),
    PeriodicJob(
        name="roadshow: release unpaid seat holds", task="roadshow.release_expired_holds", every_minutes=10
    ),
]


def create_periodic_tasks(sender, **kwargs):
    """Register the roadshow's beat jobs once; editors may change the schedule in the admin after."""
    register_periodic_jobs(PERIODIC_JOBS)


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
