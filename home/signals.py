# Editors look after the tracks, the zones and the site's contact details.
EDITOR_CODENAMES = [
    "add_track",
    "change_track",
    "view_track",
    "add_developmentzone",
    "change_developmentzone",
    "view_developmentzone",
    "change_sitecontactsettings",
    "view_sitecontactsettings",
]


def grant_home_permissions_to_editors(sender=None, **kwargs):
    """Give Wagtail's Editors and Moderators groups the home app's snippet permissions (idempotent)."""
    from accounts.signals import grant_editor_permissions

    grant_editor_permissions("home", EDITOR_CODENAMES)
