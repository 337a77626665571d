"""Ground-floor services every part uses: the audit trail and absolute site URLs."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def audit(*, subject, action, actor=None, from_state="", to_state="", note=""):
    """Record who did what to ``subject``. Side effects: creates an AuditEntry."""
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_state=from_state,
        to_state=to_state,
        note=note[:2000],
    )


def absolute_url(path):
    """The site's public address for ``path`` (for e-mails, feeds and calendar files). No side effects."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return getattr(settings, "SITE_URL", "").rstrip("/") + path
