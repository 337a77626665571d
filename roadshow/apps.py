from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _

from core import outbox
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
    if instance.is_active:
        outbox.enqueue("roadshow.generate_series_sessions", instance.pk)


class RoadshowConfig(AppConfig):
    name = "roadshow"
    verbose_name = _("Roadshow")

    def ready(self):
        from core import pagecache  # noqa: PLC0415 — it reads models, so after apps load

        from .models import (  # noqa: PLC0415 — after apps load
            PitchApplication,
            RoadshowSeries,
            RoadshowSession,
        )

        # Seats and "live now" come from an uncached endpoint, so registrations leave the pages be.
        pagecache.invalidate_on_save(RoadshowSeries, RoadshowSession, PitchApplication, family="roadshow")

        post_migrate.connect(create_periodic_tasks, sender=self, dispatch_uid="roadshow_beat")
        post_save.connect(
            generate_after_series_saved, sender=RoadshowSeries, dispatch_uid="roadshow_series_generate"
        )
