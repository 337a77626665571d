from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

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


class DigestConfig(AppConfig):
    """Top floor: saved searches and the daily digest, gathered from the sections each part registers."""

    name = "digest"
    verbose_name = _("Daily digest")

    def ready(self):
        # Registries fill once apps are loaded: the digest's own section, the centre's link to the
        # saved searches, and the search page's "save this search".
        from notifications import registry  # noqa: PLC0415 — as the comment above says
        from search.registry import register_save_search_page  # noqa: PLC0415 — as above

        from . import services  # noqa: PLC0415 — as above

        services.register()
        registry.register_centre_link(label=_("Saved searches"), url_name="digest:saved_searches")
        register_save_search_page(url_name="digest:saved_searches")
        post_migrate.connect(create_periodic_tasks, sender=self, dispatch_uid="digest_beat")
