"""The roles a person can hold on the marketplace.

Roles are Django groups, so editors grant them in Wagtail's user admin and permissions can hang
off them. The editor role is Wagtail's own "Editors" and "Moderators" groups, which carry the
admin permissions; the other groups carry no model permissions of their own.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESEARCHER = "researcher", _("Researcher")
    ENTERPRISE = "enterprise", _("Enterprise")
    INVESTOR = "investor", _("Investor")
    BROKER = "broker", _("Technology broker")
    EDITOR = "editor", _("Editor")


# Which group stands for which role. Editors are recognised by either Wagtail group.
ROLE_GROUPS = {
    Role.RESEARCHER: ("Researchers",),
    Role.ENTERPRISE: ("Enterprises",),
    Role.INVESTOR: ("Investors",),
    Role.BROKER: ("Brokers",),
    Role.EDITOR: ("Editors", "Moderators"),
}

# Roles people may choose for themselves; brokers and editors are appointed by editors.
SELF_SERVICE_ROLES = (Role.RESEARCHER, Role.ENTERPRISE, Role.INVESTOR)


def group_name_for(role):
    return ROLE_GROUPS[Role(role)][0]
