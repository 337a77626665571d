"""Editors cancel registrations from the Wagtail admin's list of registrations (the desk's path for
refunds): tick the rows, "Cancel registration", confirm. The same service as the person's own
button: the seat goes to the waiting list, a paid registration inside the refund window is refunded,
a session that is over refuses; only editors can do it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from core.models import AuditEntry
from core.templatetags.formatting import localized_datetime
from notifications.models import Notification
from roadshow import banking, passes, services
from roadshow.models import BankTransfer, Registration
from tests import admin_support
from tests.factories import user_with_role
from tests.factories.roadshow import RegistrationFactory, RoadshowSessionFactory
from tests.roadshow.payments_support import enable_bank_transfer, investors, paid_session

pytestmark = pytest.mark.django_db


def admin_user(user):
    return admin_support.admin_user(user, "roadshow")


def bulk_url(ids, next_url="/admin/roadshow_registrations/"):
    return admin_support.bulk_action_url(Registration, "cancel_registration", ids, next_url)


@pytest.fixture
def bank_paid(editor, settings):
    """A registration paid by bank transfer, its session three days away (inside the refund window)."""
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    (person,) = investors(1)
    registration = passes.buy_pass(
        session=paid_session(title="收费专场"), user=person, method="bank_transfer"
    )
    banking.mark_paid(transfer=registration.bank_transfer, by=editor)
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    return registration


def test_the_registration_list_offers_cancel_with_a_confirmation_saying_who_is_refunded(
    client, editor, bank_paid
):
    free = services.register(session=RoadshowSessionFactory(title="免费专场"), user=investors(1)[0])
    client.force_login(admin_user(editor))
    listing = client.get(reverse("roadshow_registrations:index")).content.decode()
    assert f'data-object-id="{bank_paid.pk}" data-bulk-action-checkbox' in listing
    assert bulk_url([]).split("?")[0] in listing
    confirm = client.get(bulk_url([bank_paid.pk, free.pk])).content.decode()
    lines = [
        line.strip().removeprefix("<li>").removesuffix("</li>")
        for line in confirm.splitlines()
        if "<li>" in line
    ]
    starts = localized_datetime(bank_paid.session.starts_at)
    assert lines == [
        f"{bank_paid.user.email} · 收费专场 · {starts} · 已确认 · 299元 · <strong>将退款</strong>",
        f"{free.user.email} · 免费专场 · {localized_datetime(free.session.starts_at)} · 已确认 · 不退款",
    ]
    assert Registration.objects.get(pk=bank_paid.pk).status == "confirmed"  # nothing happens before the yes


def test_cancelling_in_bulk_frees_seats_refunds_in_the_window_and_refuses_a_session_that_is_over(
    client, editor, bank_paid, django_capture_on_commit_callbacks
):
    small = RoadshowSessionFactory(title="小型专场", capacity=1)
    seated, waiting = investors(2)
    first = services.register(session=small, user=seated)
    queued = services.register(session=small, user=waiting)
    assert (first.status, queued.status) == ("confirmed", "waitlisted")
    over = RegistrationFactory(
        session=RoadshowSessionFactory(
            title="已结束专场",
            starts_at=timezone.now() - dt.timedelta(days=2),
            ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=2),
        ),
        user=investors(1)[0],
    )
    client.force_login(admin_user(editor))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url([first.pk, bank_paid.pk, over.pk]))
    assert response.status_code == 302 and response["Location"] == "/admin/roadshow_registrations/"
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[first.pk] == "cancelled" and statuses[queued.pk] == "confirmed"
    assert statuses[bank_paid.pk] == "cancelled" and statuses[over.pk] == "confirmed"
    assert BankTransfer.objects.get(registration=bank_paid).status == "refund_due"
    shown = [str(m).strip() for m in client.get("/admin/roadshow_registrations/").context["messages"]]
    assert shown == [f"已取消 2 个报名。 已退款或待退款：1。 未取消：{over.user.email}（本场已结束。）"]


def test_only_editors_can_cancel_registrations_from_the_admin(client, bank_paid):
    staff = admin_user(user_with_role(Role.INVESTOR))
    client.force_login(staff)
    page = client.get(bulk_url([bank_paid.pk])).content.decode()
    assert "只有编辑可以取消他人的报名。" in page
    client.post(bulk_url([bank_paid.pk]))
    assert Registration.objects.get(pk=bank_paid.pk).status == "confirmed"
    assert BankTransfer.objects.get(registration=bank_paid).status == "paid"


def test_a_registration_cancelled_by_an_editor_is_audited_and_its_holder_told(
    client, editor, django_capture_on_commit_callbacks
):
    session = RoadshowSessionFactory(title="路演专场")
    holder, other = investors(2)
    theirs = services.register(session=session, user=holder)
    own = services.register(session=session, user=other)
    client.force_login(admin_user(editor))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url([theirs.pk]))
        services.cancel_registration(registration=own, user=other)  # the person's own button
    entries = AuditEntry.objects.filter(action="registration_cancelled_by_editor")
    assert [(e.object_id, e.actor_id, e.from_state, e.to_state) for e in entries] == [
        (theirs.pk, editor.pk, "confirmed", "cancelled")
    ]
    told = Notification.objects.filter(kind="roadshow.registration_cancelled")
    assert [(n.recipient_id, n.url) for n in told] == [(holder.pk, session.get_absolute_url())]
    assert told[0].title == f"您的报名已被取消：{session.name}"
    assert "主办方已取消您" in told[0].body
