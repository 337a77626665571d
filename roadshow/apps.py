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


def generate_after_series_saved(sender, instance, raw=False, **kwargs):
    # A fixture's series comes with its sessions: generating them again would double them.
    if instance.is_active and not raw:
        outbox.enqueue("roadshow.generate_series_sessions", instance.pk)


# Editors run the roadshow's payments: site settings, vouchers, bank transfers and invoices.
EDITOR_CODENAMES = [
    "view_roadshowpaymentsettings",
    "change_roadshowpaymentsettings",
    *(f"{action}_voucher" for action in ("add", "change", "delete", "view")),
    *(f"{action}_bankcolumnmapping" for action in ("add", "change", "delete", "view")),
    "view_banktransfer",
    "view_invoicerequest",
    "change_invoicerequest",
]


def grant_payment_permissions(sender, **kwargs):
    """Give Wagtail's Editors and Moderators groups the roadshow payment permissions (idempotent)."""
    from accounts.signals import grant_editor_permissions  # noqa: PLC0415 — after apps load

    grant_editor_permissions("roadshow", EDITOR_CODENAMES)


class RoadshowConfig(AppConfig):
    name = "roadshow"
    verbose_name = _("Roadshow")

    def ready(self):
        from core import pagecache  # noqa: PLC0415 — it reads models, so after apps load
        from search import registry  # noqa: PLC0415 — registries fill once apps are loaded

        from .models import (  # noqa: PLC0415 — after apps load
            PitchApplication,
            RoadshowSeries,
            RoadshowSession,
        )
        from .searchable import PITCH_KIND  # noqa: PLC0415 — it reads models, so after apps load

        registry.register_searchable(PITCH_KIND)
        # Seats and "live now" come from an uncached endpoint, so registrations leave the pages be.
        pagecache.invalidate_on_save(RoadshowSeries, RoadshowSession, PitchApplication, family="roadshow")

        post_migrate.connect(create_periodic_tasks, sender=self, dispatch_uid="roadshow_beat")
        post_migrate.connect(
            grant_payment_permissions, sender=self, dispatch_uid="roadshow_payment_permissions"
        )
        post_save.connect(
            generate_after_series_saved, sender=RoadshowSeries, dispatch_uid="roadshow_series_generate"
        )
