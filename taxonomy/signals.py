from accounts.signals import grant_editor_permissions

# Editors look after the tracks and the zones.
EDITOR_CODENAMES = [
    "add_track",
    "change_track",
    "view_track",
    "add_developmentzone",
    "change_developmentzone",
    "view_developmentzone",
]


def grant_taxonomy_permissions_to_editors(sender=None, **kwargs):
    """Give Wagtail's Editors and Moderators groups the track and zone permissions (idempotent)."""
    grant_editor_permissions("taxonomy", EDITOR_CODENAMES)
