from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and organisations")

    def ready(self):
        from .signals import ensure_role_groups  # noqa: PLC0415 — after apps load

        # Permissions only exist after migrate has run, so groups are set up then, every time.
        post_migrate.connect(ensure_role_groups, dispatch_uid="accounts.ensure_role_groups")
