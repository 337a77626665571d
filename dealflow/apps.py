from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core.beat import PeriodicJob, register_periodic_jobs

PERIODIC_JOBS = [
    PeriodicJob(
        name="dealflow: deadline reminders", task="dealflow.send_deadline_reminders", crontab={"minute": "15"}
    )
]


def create_periodic_tasks(sender, **kwargs):
    """Register the hourly deadline check with celery beat once; editors may change it later."""
    register_periodic_jobs(PERIODIC_JOBS)


class DealflowConfig(AppConfig):
    name = "dealflow"
    verbose_name = _("Deal flow")

    def ready(self):
        post_migrate.connect(create_periodic_tasks, sender=self, dispatch_uid="dealflow_beat")
        from listings import registry as listings_registry  # noqa: PLC0415 — after apps load

        from . import digest, queries, receivers  # noqa: F401, PLC0415 — after apps load

        digest.register()
        listings_registry.register_pending_request_counter(queries.pending_requests_about)
