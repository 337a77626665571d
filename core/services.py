"""Ground-floor services every part uses: the audit trail, absolute site URLs, retrying the outbox."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from . import outbox
from .models import AuditEntry, OutboxMessage


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


def retry_outbox_messages(*, messages, by):
    """An editor sends failed background deliveries again, through the same relay as new work.

    Only rows that failed and are not done are retried (a second click finds none left). Returns
    the messages retried. Side effects: clears each row's failure (its last error stays until the
    next try), an audit entry for each, and after the commit ``core.outbox.relay`` publishes them;
    the worker runs the work once, as for any outbox message.
    """
    if not (by and by.is_authenticated and (by.is_superuser or by.is_editor)):
        raise PermissionDenied(_("Only editors can retry background deliveries."))
    ids = [message.pk for message in messages]
    with transaction.atomic():
        retried = list(
            OutboxMessage.objects.select_for_update()
            .filter(pk__in=ids, failed_at__isnull=False, done_at__isnull=True)
            .order_by("pk")
        )
        OutboxMessage.objects.filter(pk__in=[message.pk for message in retried]).update(
            failed_at=None, started_at=None, relayed_at=None
        )
        for message in retried:
            audit(
                subject=message,
                action="outbox_retried",
                actor=by,
                from_state="failed",
                to_state="waiting",
                note=message.last_error,
            )
        transaction.on_commit(lambda: outbox.relay(ids=[message.pk for message in retried]))
    return retried
