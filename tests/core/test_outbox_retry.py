"""A background delivery that failed for good can be sent again from the admin ("Retry"): the same
relay as new work, the work done once, an audit entry naming the editor; nothing else is touched."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import Role
from core import services
from core.models import AuditEntry, OutboxMessage
from notifications import services as notification_services
from notifications.models import Notification
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

ERROR = "SMTPServerDisconnected: Connection unexpectedly closed"


def failed_delivery(person, key):
    """An e-mail whose worker gave up: the notice exists, its e-mail never went."""
    notification = Notification.objects.get(
        pk=notification_services.notify(
            recipient=person, kind="test", title="请回复合作请求", dedupe_key=key
        ).pk
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
    mail.outbox.clear()
    return OutboxMessage.objects.create(
        task="notifications.send_notification_email",
        args=[notification.pk],
        relayed_at=timezone.now(),
        failed_at=timezone.now(),
        attempts=1,
        last_error=ERROR,
    )


def admin_editor():
    editor = user_with_role(Role.EDITOR, display_name="周编辑")
    editor.is_staff = True
    editor.save()
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_outboxmessage")
    )
    return editor


def bulk_url(ids):
    return "/admin/bulk/core/outboxmessage/retry/?" + "&".join(f"id={pk}" for pk in ids) + "&next=/admin/"


def test_retry_from_the_admin_sends_the_failed_delivery_once_and_audits_it(
    client, django_capture_on_commit_callbacks
):
    person = user_with_role(Role.ENTERPRISE)
    failed = failed_delivery(person, "a")
    waiting = OutboxMessage.objects.create(task="notifications.send_notification_email", args=[0])
    editor = admin_editor()
    client.force_login(editor)

    listing = client.get("/admin/background-deliveries/?state=failed").content.decode()
    assert f'data-object-id="{failed.pk}" data-bulk-action-checkbox' in listing
    assert f"/admin/bulk/core/outboxmessage/retry/?id={failed.pk}&amp;next=" in listing  # the row's button
    confirm = client.get(bulk_url([failed.pk])).content.decode()
    assert ERROR in confirm and "notifications.send_notification_email" in confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url([failed.pk, waiting.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.failed_at is None and failed.done_at is not None and failed.attempts == 2
    assert failed.last_error == ""
    assert [m.subject for m in mail.outbox] == ["请回复合作请求"] and mail.outbox[0].to == [person.email]
    assert OutboxMessage.objects.get(pk=waiting.pk).relayed_at is None  # not failed: left alone
    entry = AuditEntry.objects.get(action="outbox_retried")
    assert (entry.object_id, entry.actor, entry.from_state, entry.to_state, entry.note) == (
        failed.pk,
        editor,
        "failed",
        "waiting",
        ERROR,
    )
    shown = [str(m).strip() for m in client.get("/admin/").context["messages"]]
    assert shown == ["已重新发送 1 项失败的后台投递。"]

    # Clicking again: nothing failed is left, nothing is sent twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url([failed.pk]))
    assert len(mail.outbox) == 1 and AuditEntry.objects.filter(action="outbox_retried").count() == 1


def test_only_editors_retry_deliveries(client, django_capture_on_commit_callbacks):
    failed = failed_delivery(user_with_role(Role.ENTERPRISE), "b")
    staff = user_with_role(Role.INVESTOR)
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_outboxmessage")
    )
    with pytest.raises(PermissionDenied):
        services.retry_outbox_messages(messages=[failed], by=staff)
    client.force_login(staff)
    assert "只有编辑可以重试后台投递。" in client.get(bulk_url([failed.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url([failed.pk]))
    failed.refresh_from_db()
    assert failed.failed_at is not None and mail.outbox == []
    assert not AuditEntry.objects.filter(action="outbox_retried").exists()
