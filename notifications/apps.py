from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Ground floor: notify(), preferences, the notification centre and e-mail delivery."""

    name = "notifications"
    verbose_name = _("Notifications")
