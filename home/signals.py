from accounts.signals import grant_editor_permissions

# Editors look after the site's contact details (tracks and zones: taxonomy.signals).
EDITOR_CODENAMES = [
    "change_sitecontactsettings",
    "view_sitecontactsettings",
]


def grant_home_permissions_to_editors(sender=None, **kwargs):
    """Give Wagtail's Editors and Moderators groups the home app's settings permissions (idempotent)."""
    grant_editor_permissions("home", EDITOR_CODENAMES)
