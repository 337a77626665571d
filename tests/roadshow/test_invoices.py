"""Invoice requests (发票) on paid passes, the finance export (numbers numeric, a currency column),
and the session export's amounts; prices in the reader's format on the session page."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from roadshow import banking, invoices, passes
from roadshow.models import InvoiceRequest
from tests.roadshow.payments_support import enable_bank_transfer, investors, paid_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_registration(settings, editor):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session(price="1500")
    (buyer,) = investors(1)
    registration = passes.buy_pass(session=session, user=buyer, method="bank_transfer")
    banking.mark_paid(transfer=registration.bank_transfer, by=editor)
    registration.refresh_from_db()
    return registration


def test_invoice_is_requested_on_a_paid_pass_only_with_valid_details(paid_registration, client, settings):
    buyer = paid_registration.user
    session = paid_registration.session
    unpaid_session = paid_session()
    (other,) = investors(1)
    unpaid = passes.buy_pass(session=unpaid_session, user=other, method="bank_transfer")
    with pytest.raises(ValidationError):
        invoices.request_invoice(
            registration=unpaid, user=other, title="某公司", tax_number="91120116MA05XXXX1K", email="a@b.cn"
        )
    with pytest.raises(PermissionDenied):
        invoices.request_invoice(
            registration=paid_registration,
            user=other,
            title="某公司",
            tax_number="91120116MA05XXXX1K",
            email="a@b.cn",
        )
    with pytest.raises(ValidationError) as error:
        invoices.request_invoice(
            registration=paid_registration, user=buyer, title=" ", tax_number="123", email="x"
        )
    assert set(error.value.message_dict) == {"title", "tax_number", "email"}
    assert not InvoiceRequest.objects.exists()

    client.force_login(buyer)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'data-testid="invoice-box"' in page and "门票：1,500元" in page
    client.post(
        reverse("roadshow:invoice_request", kwargs={"pk": session.pk}),
        {"title": "天津甲投资有限公司", "tax_number": "91120116 ma05xxxx1k", "email": "finance@jia.cn"},
    )
    invoice = InvoiceRequest.objects.get()
    assert (invoice.title, invoice.tax_number, invoice.status) == (
        "天津甲投资有限公司",
        "91120116MA05XXXX1K",
        "requested",
    )
    api = client.get(reverse("api-roadshow-invoice", kwargs={"pk": session.pk})).json()
    assert api["status"] == "requested" and api["tax_number"] == "91120116MA05XXXX1K"


def test_finance_export_keeps_amounts_numeric_with_a_currency_column(
    paid_registration, client, editor, investor
):
    invoices.request_invoice(
        registration=paid_registration,
        user=paid_registration.user,
        title='=HYPERLINK("http://evil")',
        tax_number="91120116MA05XXXX1K",
        email="finance@jia.cn",
    )
    client.force_login(investor)
    assert client.get(reverse("roadshow:invoice_list") + "?export=csv").status_code == 403
    client.force_login(editor)
    text = client.get(reverse("roadshow:invoice_list") + "?export=csv").content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    assert header[4:6] == ["金额", "币种"]
    assert row[4:6] == ["1500.00", "CNY"]
    assert row[1] == '\'=HYPERLINK("http://evil")'
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("roadshow:invoice_list") + "?export=xlsx").content)
    ).active
    assert sheet["E2"].value == 1500 and sheet["E2"].data_type == "n"
    assert sheet["F2"].value == "CNY"
    assert sheet["B2"].data_type == "s"
    # Finance records the issued invoice: the person is told, the request is closed.
    client.post(
        reverse("roadshow:invoice_list"),
        {"invoice": InvoiceRequest.objects.get().pk, "invoice_number": "No.0012345"},
    )
    invoice = InvoiceRequest.objects.get()
    assert (invoice.status, invoice.invoice_number, invoice.issued_by) == ("issued", "No.0012345", editor)


def test_session_export_has_numeric_amounts_and_a_currency_column(paid_registration, client, editor):
    client.force_login(editor)
    url = reverse("roadshow:session_manage", kwargs={"pk": paid_registration.session_id})
    header, row = list(csv.reader(io.StringIO(client.get(url + "?export=csv").content.decode("utf-8-sig"))))
    assert header[4:6] == ["金额", "币种"]
    assert row[4:6] == ["1500.00", "CNY"]
    sheet = load_workbook(io.BytesIO(client.get(url + "?export=xlsx").content)).active
    assert sheet["E2"].value == 1500 and sheet["F2"].value == "CNY"
    page = client.get(url).content.decode()
    assert f"1,500元 · {paid_registration.bank_transfer.reference}" in page


def test_prices_read_in_the_readers_format(client, settings):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session(price="15000")
    assert "门票：1.5万元" in client.get(session.get_absolute_url()).content.decode()
    english = client.get("/en" + session.get_absolute_url()).content.decode()
    assert "Pass: ¥15,000" in english
    assert Decimal(session.price_cny) == Decimal("15000")


def test_admin_lists_vouchers_transfers_and_invoice_requests(paid_registration, client, editor):
    editor.is_staff = True
    editor.save()
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="roadshow"))
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    transfers = client.get(reverse("roadshow_bank_transfers:index")).content.decode()
    assert paid_registration.bank_transfer.reference in transfers
    for name in ("roadshow_vouchers", "roadshow_bank_columns", "roadshow_invoice_requests"):
        assert client.get(reverse(f"{name}:index")).status_code == 200
    assert client.get(reverse("roadshow_vouchers:add")).status_code == 200
