from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Ground floor: notify(), preferences, the notification centre and e-mail delivery."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from accounts.signals import person_alerted  # noqa: PLC0415 — connected once apps are loaded
        from core.signals import people_alerted  # noqa: PLC0415 — connected once apps are loaded

        from .receivers import (  # noqa: PLC0415 — the receivers use the models
            deliver_people_alerted,
            deliver_person_alerted,
        )

        person_alerted.connect(deliver_person_alerted, dispatch_uid="notifications.person_alerted")
        people_alerted.connect(deliver_people_alerted, dispatch_uid="notifications.people_alerted")
