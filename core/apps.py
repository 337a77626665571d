from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from .converters import IdConverter


def register_periodic_tasks(sender, **kwargs):
    """The outbox relay runs every minute, the maintained figures are rebuilt nightly (idempotent)."""
    from .beat import PeriodicJob, register_periodic_jobs  # noqa: PLC0415 — after apps load

    register_periodic_jobs(
        [
            PeriodicJob(
                name="core: relay the outbox", task="core.relay_outbox", every_minutes=1, keep_in_step=True
            ),
            PeriodicJob(
                name="core: rebuild the maintained figures",
                task="core.rebuild_tallies",
                crontab={"minute": "30", "hour": "3"},
                keep_in_step=True,
            ),
        ]
    )


def fill_empty_tallies(sender, **kwargs):
    """After the first migrate with maintained figures: compute them once from the data present."""
    from . import tallies  # noqa: PLC0415 — after apps load
    from .models import TallyEntry  # noqa: PLC0415 — after apps load

    if not TallyEntry.objects.exists():
        tallies.rebuild_all()


class CoreConfig(AppConfig):
    """Ground-floor plumbing every part stands on: site URLs, the audit trail, safe exports, the
    outbox for background work and the anonymous page cache."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        # All need the app registry: the exports patch Wagtail's admin views, the checks register,
        # the page cache listens to Wagtail's signals.
        from . import checks, exports, pagecache  # noqa: F401, PLC0415 — once apps are loaded

        register_converter(IdConverter, "id")  # ``<id:pk>`` in every part's URLs (core.converters)
        exports.protect_admin_exports()
        pagecache.connect_wagtail()
        post_migrate.connect(register_periodic_tasks, sender=self, dispatch_uid="core_beat")
        post_migrate.connect(fill_empty_tallies, sender=self, dispatch_uid="core_tallies")
