"""My registrations (page, API, workspace): status and payment, the join link only inside the join
window, a calendar file per registration, cancelling, and the door code of on-site sessions that
editors check in once, refusing other sessions' codes, cancelled registrations and second use."""

import datetime as dt
import os
import socket
from urllib.parse import urlparse

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from rest_framework.test import APIClient

from accounts.roles import Role
from roadshow import banking, checkin
from roadshow.invoices import request_invoice
from roadshow.models import Registration
from roadshow.passes import buy_pass
from tests.factories import user_with_role
from tests.factories.roadshow import RegistrationFactory, RoadshowSessionFactory
from tests.roadshow.payments_support import enable_bank_transfer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def in_(**delta):
    return (timezone.now() + dt.timedelta(**delta)).replace(second=0, microsecond=0)


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def someone_else(db):
    return user_with_role(Role.INVESTOR, display_name="李投资")


@pytest.fixture
def on_site(investor):
    session = RoadshowSessionFactory(
        title="投资人日", format="venue", venue="滨海科技成果转化中心 路演厅", starts_at=in_(days=2)
    )
    return RegistrationFactory(session=session, user=investor)


def rows(response):
    return {row.session.name: row for row in response.context["upcoming_rows"]}


def test_my_registrations_show_status_payment_and_the_join_link_only_inside_the_window(client, investor):
    later = RoadshowSessionFactory(title="下周线上场", starts_at=in_(days=7))
    soon = RoadshowSessionFactory(title="马上开始", starts_at=in_(minutes=10), join_opens_minutes=15)
    paid = RoadshowSessionFactory(title="收费场", starts_at=in_(days=3), price_cny=1500)
    RegistrationFactory(session=later, user=investor)
    RegistrationFactory(session=soon, user=investor)
    RegistrationFactory(
        session=paid,
        user=investor,
        status=Registration.Status.PENDING_PAYMENT,
        amount_cny=1500,
        hold_expires_at=in_(days=2),
    )
    client.force_login(investor)
    response = client.get(reverse("roadshow:my_registrations"))
    found = rows(response)
    assert list(found) == ["马上开始", "收费场", "下周线上场"]
    assert found["马上开始"].join_path.startswith("/roadshow/join/")
    assert found["下周线上场"].join_path == ""
    assert found["收费场"].payment_status == "due"
    html = response.content.decode()
    assert html.count('data-testid="join-link"') == 1
    assert soon.stream_url not in html
    assert "1,500元 待支付" in html


def test_the_english_page_lists_the_same_registrations(client, investor, on_site):
    client.force_login(investor)
    html = client.get("/en" + reverse("roadshow:my_registrations")).content.decode()
    assert "My registrations" in html and "投资人日" in html and "Confirmed" in html


def test_each_registration_has_its_own_calendar_file_with_the_personal_join_link(
    client, investor, someone_else
):
    session = RoadshowSessionFactory(title="线上场", starts_at=in_(days=1))
    registration = RegistrationFactory(session=session, user=investor)
    other = RegistrationFactory(session=session, user=someone_else)
    client.force_login(investor)
    response = client.get(reverse("roadshow:registration_calendar", kwargs={"pk": registration.pk}))
    assert response.status_code == 200
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "线上场"
    assert "/roadshow/join/" in str(event["description"])
    assert session.stream_url not in response.content.decode()
    # Another person's registration is not found (its existence is not revealed).
    assert client.get(reverse("roadshow:registration_calendar", kwargs={"pk": other.pk})).status_code == 404


def test_cancelling_from_my_registrations_frees_the_seat_for_the_waiting_list(client, investor, someone_else):
    session = RoadshowSessionFactory(title="满员场", starts_at=in_(days=2), capacity=1)
    mine = RegistrationFactory(session=session, user=investor)
    waiting = RegistrationFactory(session=session, user=someone_else, status=Registration.Status.WAITLISTED)
    client.force_login(investor)
    response = client.post(reverse("roadshow:registration_cancel", kwargs={"pk": mine.pk}), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["报名已取消。"]
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == ("cancelled", "confirmed")


def test_nobody_cancels_another_persons_registration(client, investor, someone_else):
    session = RoadshowSessionFactory(starts_at=in_(days=2))
    theirs = RegistrationFactory(session=session, user=someone_else)
    client.force_login(investor)
    assert client.post(reverse("roadshow:registration_cancel", kwargs={"pk": theirs.pk})).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "confirmed"


def test_a_paid_registration_says_whether_cancelling_now_is_refunded(client, investor):
    session = RoadshowSessionFactory(
        title="收费场", starts_at=in_(days=3), price_cny=380, refund_window_hours=24
    )
    RegistrationFactory(session=session, user=investor, amount_cny=380, paid_at=in_(days=-1))
    client.force_login(investor)
    row = rows(client.get(reverse("roadshow:my_registrations")))["收费场"]
    assert (row.payment_status, row.refund_due) == ("paid", True)
    session.starts_at, session.ends_at = in_(hours=5), in_(hours=7)
    session.save()
    row = rows(client.get(reverse("roadshow:my_registrations")))["收费场"]
    assert row.refund_due is False
    api = api_as(investor).get("/api/v1/roadshow/my-registrations/").json()["results"][0]
    assert (api["payment_status"], api["refund_if_cancelled"]) == ("paid", False)


def test_on_site_registrations_carry_a_qr_code_only_their_owner_can_fetch(
    client, investor, someone_else, on_site
):
    client.force_login(investor)
    row = rows(client.get(reverse("roadshow:my_registrations")))["投资人日"]
    assert row.checkin_code == checkin.checkin_code(registration=on_site)
    qr = client.get(reverse("roadshow:registration_qr", kwargs={"pk": on_site.pk}))
    assert (qr.status_code, qr["Content-Type"]) == (200, "image/svg+xml")
    assert qr.content.startswith(b"<svg")
    client.force_login(someone_else)
    assert client.get(reverse("roadshow:registration_qr", kwargs={"pk": on_site.pk})).status_code == 404
    api = api_as(investor).get("/api/v1/roadshow/my-registrations/").json()["results"][0]
    assert api["checkin_code"] == row.checkin_code
    assert api["qr_url"].endswith(f"/roadshow/registrations/{on_site.pk}/qr.svg")
    assert api_as(someone_else).get("/api/v1/roadshow/my-registrations/").json()["results"] == []


def test_online_sessions_have_no_door_code(client, investor):
    registration = RegistrationFactory(session=RoadshowSessionFactory(format="online"), user=investor)
    client.force_login(investor)
    assert client.get(reverse("roadshow:registration_qr", kwargs={"pk": registration.pk})).status_code == 403


def test_codes_are_signed(on_site, someone_else):
    code = checkin.checkin_code(registration=on_site)
    assert checkin.registration_for_code(code) == on_site
    assert checkin.registration_for_code(code.lower()) == on_site  # typed in lower case
    forged = f"R{on_site.pk}-{'0' * 10}"
    assert checkin.registration_for_code(forged) is None
    other = RegistrationFactory(session=on_site.session, user=someone_else)
    assert checkin.registration_for_code(f"R{other.pk}-{code.split('-')[1]}") is None


def check_in_page(client, session, code):
    return client.post(reverse("roadshow:check_in", kwargs={"pk": session.pk}), {"code": code})


def test_the_door_checks_a_person_in_once(client, editor, on_site):
    client.force_login(editor)
    code = checkin.checkin_code(registration=on_site)
    scanned = client.get(reverse("roadshow:check_in", kwargs={"pk": on_site.session_id}), {"code": code})
    assert scanned.context["form"].initial["code"] == code  # the QR code opens the page with the code
    first = check_in_page(client, on_site.session, code)
    assert first.status_code == 200
    assert "已签到：钱投资" in first.content.decode()
    on_site.refresh_from_db()
    assert on_site.attended and on_site.checked_in_at is not None
    second = check_in_page(client, on_site.session, code)
    assert second.status_code == 400
    assert second.context["form"].errors["code"][0].startswith("此签到码已使用：钱投资 已于")


def test_the_door_refuses_other_sessions_cancelled_registrations_and_bad_codes(
    client, editor, investor, on_site
):
    elsewhere = RoadshowSessionFactory(title="另一场", format="venue", starts_at=in_(days=5))
    client.force_login(editor)
    code = checkin.checkin_code(registration=on_site)
    wrong = check_in_page(client, elsewhere, code)
    assert wrong.context["form"].errors["code"][0].startswith("此签到码属于另一场：投资人日")
    assert check_in_page(client, on_site.session, "R1-XXXX").context["form"].errors["code"] == [
        "签到码无效，请核对后重新输入。"
    ]
    on_site.status = Registration.Status.CANCELLED
    on_site.save()
    cancelled = check_in_page(client, on_site.session, code)
    assert cancelled.context["form"].errors["code"] == ["该报名未确认（已取消），不能凭此入场。"]
    on_site.refresh_from_db()
    assert on_site.attended is False


def test_only_editors_check_people_in_on_the_page_and_the_api(client, investor, on_site):
    code = checkin.checkin_code(registration=on_site)
    client.force_login(investor)
    assert check_in_page(client, on_site.session, code).status_code == 403
    api = api_as(investor).post(f"/api/v1/roadshow/sessions/{on_site.session_id}/check-in/", {"code": code})
    assert api.status_code == 403
    on_site.refresh_from_db()
    assert on_site.attended is False


def test_the_api_checks_in_with_the_same_rule_as_the_page(client, editor, on_site):
    code = checkin.checkin_code(registration=on_site)
    url = f"/api/v1/roadshow/sessions/{on_site.session_id}/check-in/"
    first = api_as(editor).post(url, {"code": code}, format="json")
    assert (first.status_code, first.json()["registration"], first.json()["person"]) == (
        200,
        on_site.pk,
        "钱投资",
    )
    again = api_as(editor).post(url, {"code": code}, format="json")
    client.force_login(editor)
    page = check_in_page(client, on_site.session, code)
    assert again.status_code == 400
    assert again.json()["detail"] == page.context["form"].errors["code"]


def test_the_workspace_lists_registrations_and_links_to_my_registrations(client, investor, on_site):
    client.force_login(investor)
    html = client.get(reverse("workspace:index")).content.decode()
    assert "投资人日" in html
    assert reverse("roadshow:my_registrations") in html


@pytest.mark.stripe
def test_cancelling_a_paid_registration_inside_the_refund_window_refunds_it(client, investor, settings):
    base = os.environ.get("STRIPE_API_BASE") or "http://127.0.0.1:12111"
    url = urlparse(base)
    try:
        socket.create_connection((url.hostname, url.port), timeout=2).close()
    except OSError:
        pytest.fail(f"stripe-mock is not running at {base}")
    settings.STRIPE_API_BASE, settings.STRIPE_SECRET_KEY = base, "sk_test_roadshow"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_roadshow_test"
    session = RoadshowSessionFactory(
        title="收费场", starts_at=in_(days=3), price_cny=199, refund_window_hours=24
    )
    paid = RegistrationFactory(
        session=session,
        user=investor,
        amount_cny=199,
        paid_at=in_(days=-1),
        stripe_payment_intent_id="pi_mine",
    )
    client.force_login(investor)
    assert rows(client.get(reverse("roadshow:my_registrations")))["收费场"].refund_due is True
    response = client.post(reverse("roadshow:registration_cancel", kwargs={"pk": paid.pk}), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["报名已取消，款项已退回。"]
    paid.refresh_from_db()
    assert paid.status == "refunded" and paid.stripe_refund_id.startswith("re_")


def test_a_pass_bought_by_bank_transfer_shows_its_reference_then_payment_and_invoice(
    client, investor, editor
):
    enable_bank_transfer()
    session = RoadshowSessionFactory(title="收费场", starts_at=in_(days=3), price_cny=380)
    registration = buy_pass(session=session, user=investor, method="bank_transfer")
    transfer = registration.bank_transfer
    client.force_login(investor)
    response = client.get(reverse("roadshow:my_registrations"))
    assert rows(response)["收费场"].payment_status == "due"
    assert f"请在附言中注明识别码 {transfer.reference}" in response.content.decode()
    banking.mark_paid(transfer=transfer, by=editor)
    response = client.get(reverse("roadshow:my_registrations"))
    row = rows(response)["收费场"]
    assert (row.registration.status, row.payment_status, row.refund_due) == ("confirmed", "paid", True)
    assert 'data-testid="invoice-status"' in response.content.decode()
    request_invoice(
        registration=row.registration,
        user=investor,
        title="滨海投资有限公司",
        tax_number="91120116MA05XXXX1Y",
        email="finance@example.test",
    )
    html = client.get(reverse("roadshow:my_registrations")).content.decode()
    assert "已发起" in html and "滨海投资有限公司" in html
    api = api_as(investor).get("/api/v1/roadshow/my-registrations/").json()["results"][0]
    assert (api["payment_status"], api["refund_if_cancelled"]) == ("paid", True)
    # Cancelled inside the refund window: the money is to be sent back by transfer.
    client.post(reverse("roadshow:registration_cancel", kwargs={"pk": registration.pk}))
    transfer.refresh_from_db()
    assert transfer.status == "refund_due"
    past = client.get(reverse("roadshow:my_registrations"))
    assert "380元 待通过银行转账退还" in past.content.decode()


def test_marking_attendance_on_the_manage_page_counts_as_the_check_in(client, editor, on_site):
    client.force_login(editor)
    client.post(
        reverse("roadshow:session_manage", kwargs={"pk": on_site.session_id}),
        {"action": "attendance", "registration": on_site.pk, "attended": "1"},
    )
    on_site.refresh_from_db()
    assert on_site.attended and on_site.checked_in_at is not None
    refused = check_in_page(client, on_site.session, checkin.checkin_code(registration=on_site))
    assert refused.context["form"].errors["code"][0].startswith("此签到码已使用：钱投资 已于")
