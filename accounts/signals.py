from django.contrib.auth.models import Group, Permission
from django.dispatch import Signal

from .roles import ROLE_GROUPS

#: Accounts asks for an in-site alert to one person (an invitation, the answer to one). Arguments as
#: notifications.services.notify takes them: recipient, kind, title, body, url, action_deadline, email.
#: Accounts sits below notifications, so notifications listens rather than being imported.
person_alerted = Signal()

# Model permissions the editor groups hold on top of Wagtail's own.
EDITOR_PERMISSIONS = {"accounts": ["view_organisation", "change_organisation"]}


def grant_editor_permissions(app_label, codenames):
    """Give Wagtail's Editors and Moderators groups these model permissions (idempotent)."""
    permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)
        # Admin access lets editors reach the Wagtail admin where moderation happens.
        group.permissions.add(*Permission.objects.filter(codename="access_admin"))


def ensure_role_groups(**kwargs):
    """Create every role's group and give editors what they need; safe to run on each migrate."""
    for names in ROLE_GROUPS.values():
        for name in names:
            Group.objects.get_or_create(name=name)
    for app_label, codenames in EDITOR_PERMISSIONS.items():
        grant_editor_permissions(app_label, codenames)
