from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core.beat import PeriodicJob, register_periodic_jobs

PERIODIC_JOBS = [
    PeriodicJob(
        name="platforms: slot request deadlines",
        task="platforms.send_deadline_reminders",
        crontab={"minute": "20"},
    )
]


def create_periodic_tasks(sender, **kwargs):
    """Register the hourly deadline check with celery beat once; editors may change it later."""
    register_periodic_jobs(PERIODIC_JOBS)


class PlatformsConfig(AppConfig):
    name = "platforms"
    verbose_name = _("Verification centres and pilot platforms")

    def ready(self):
        post_migrate.connect(create_periodic_tasks, sender=self, dispatch_uid="platforms_beat")
        from . import (  # noqa: F401, PLC0415 — receivers connect and registries fill once apps are loaded
            digest,
            receivers,
        )

        digest.register()
