from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core.beat import PeriodicJob, register_periodic_jobs

PERIODIC_JOBS = [
    PeriodicJob(
        name="network: brokerage request deadlines",
        task="network.expire_overdue_requests",
        crontab={"minute": "25"},
    )
]


def create_periodic_tasks(sender, **kwargs):
    """Register the hourly deadline check with celery beat once; editors may change it later."""
    register_periodic_jobs(PERIODIC_JOBS)


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Transfer network")

    def ready(self):
        post_migrate.connect(create_periodic_tasks, sender=self, dispatch_uid="network_beat")
        from . import (  # noqa: PLC0415 — receivers connect and registries fill once apps are loaded
            digest,
            receivers,
        )

        receivers.register()
        digest.register()
