from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Ground floor: notify(), preferences, the notification centre and e-mail delivery."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Imported once the app registry is ready: the receivers use the models.
        from accounts.signals import person_alerted

        from .receivers import deliver_person_alerted

        person_alerted.connect(deliver_person_alerted, dispatch_uid="notifications.person_alerted")
