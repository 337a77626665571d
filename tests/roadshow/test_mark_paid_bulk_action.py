"""Editors mark bank transfers paid from the Wagtail admin's list of bank transfers: tick the rows,
"Mark paid", confirm. The same service as the bank-transfer desk: the person is confirmed and told, a
transfer whose seat is gone becomes a refund due, and only editors can do it."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from core.models import AuditEntry
from roadshow import passes, services
from roadshow.models import BankTransfer, Registration
from tests import admin_support
from tests.factories import user_with_role
from tests.roadshow.payments_support import enable_bank_transfer, investors, paid_session

pytestmark = pytest.mark.django_db


def admin_user(user):
    return admin_support.admin_user(user, "roadshow")


def bulk_url(ids, next_url="/admin/"):
    return admin_support.bulk_action_url(BankTransfer, "mark_paid", ids, next_url)


def test_the_bank_transfer_list_offers_mark_paid_as_a_bulk_action(client, settings, editor):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session()
    (person,) = investors(1)
    transfer = passes.buy_pass(session=session, user=person, method="bank_transfer").bank_transfer
    client.force_login(admin_user(editor))
    listing = client.get(reverse("roadshow_bank_transfers:index")).content.decode()
    assert f'data-object-id="{transfer.pk}" data-bulk-action-checkbox' in listing
    assert bulk_url([]).split("?")[0] in listing  # the "Mark paid" button in the footer
    confirm = client.get(bulk_url([transfer.pk])).content.decode()
    assert transfer.reference in confirm and person.email in confirm and "299元" in confirm


def test_mark_paid_in_bulk_confirms_the_chosen_and_reports_late_ones(
    client, settings, editor, django_capture_on_commit_callbacks
):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session(capacity=3)
    a, b, c, d = investors(4)
    late = passes.buy_pass(session=session, user=a, method="bank_transfer")
    services.release_expired_holds(now=late.bank_transfer.due_at + dt.timedelta(minutes=1))
    paying = [passes.buy_pass(session=session, user=p, method="bank_transfer") for p in (b, c, d)]
    # a's seat went to d; a's money arrives after all and must go back.
    chosen = [late.bank_transfer, paying[0].bank_transfer, paying[2].bank_transfer]
    client.force_login(admin_user(editor))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url([t.pk for t in chosen], next_url="/admin/roadshow_bank_transfers/"))
    assert response.status_code == 302 and response["Location"] == "/admin/roadshow_bank_transfers/"
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses == {a.pk: "expired", b.pk: "confirmed", c.pk: "pending_payment", d.pk: "confirmed"}
    assert dict(BankTransfer.objects.values_list("registration__user_id", "status")) == {
        a.pk: "refund_due",
        b.pk: "paid",
        c.pk: "awaiting",
        d.pk: "paid",
    }
    assert BankTransfer.objects.get(registration__user=b).marked_paid_by == editor
    assert AuditEntry.objects.filter(action="bank_transfer_paid").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([b.email, d.email])
    shown = [str(m).strip() for m in client.get("/admin/roadshow_bank_transfers/").context["messages"]]
    assert shown == [f"已确认 2 笔付款。 待退款（已无空位）：{late.bank_transfer.reference}"]


def test_only_editors_can_mark_paid_in_bulk(client, settings):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session()
    (person,) = investors(1)
    transfer = passes.buy_pass(session=session, user=person, method="bank_transfer").bank_transfer
    staff = admin_user(user_with_role(Role.INVESTOR))
    client.force_login(staff)
    page = client.get(bulk_url([transfer.pk])).content.decode()
    assert "只有编辑可以登记对公转账和退款。" in page
    client.post(bulk_url([transfer.pk]))
    transfer.refresh_from_db()
    assert transfer.status == "awaiting"
    assert Registration.objects.get(user=person).status == "pending_payment"
