"""Every CSV and XLSX export neutralises formula injection; numbers stay numbers."""

import csv
import io
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.admin.viewsets import viewsets as admin_viewsets

from core import exports
from dealflow import services as dealflow_services
from indicators import services as indicator_services
from procurement import services as procurement_services
from procurement.models import FeedConsumer
from roadshow import services as roadshow_services
from tests.factories import user_with_role
from tests.factories.dealflow import match_request
from tests.factories.listings import TechnologyFactory
from tests.factories.procurement import InnovationProductFactory, RecommendationBatchFactory
from tests.factories.roadshow import RoadshowSessionFactory

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(A1:A9)", "\tx", "\rx"]


def csv_rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def xlsx_cells(content):
    """Every cell of every sheet as (value, data_type)."""
    workbook = load_workbook(BytesIO(content))
    return [(cell.value, cell.data_type) for sheet in workbook for row in sheet.iter_rows() for cell in row]


def assert_inert_in_xlsx(content, hostile):
    cells = xlsx_cells(content)
    # XML reads a carriage return back as a line feed; either way the cell is text.
    assert (hostile, "s") in cells or (hostile.replace("\r", "\n"), "s") in cells
    assert not [value for value, data_type in cells if data_type == "f"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_csv_cell_quotes_formula_text_and_leaves_numbers_alone(hostile):
    text = exports.csv_text(["name", "amount"], [[hostile, -2], ["plain", Decimal("1.50")]])
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows == [["name", "amount"], ["'" + hostile, "-2"], ["plain", "1.50"]]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_xlsx_writes_formula_text_as_a_string_and_numbers_as_numbers(hostile):
    content = exports.xlsx_bytes(header=["name", "amount"], rows=[[hostile, -2], ["plain", Decimal("1.5")]])
    sheet = load_workbook(BytesIO(content)).active
    assert (sheet["A2"].value.replace("\n", "\r"), sheet["A2"].data_type) == (
        hostile.replace("\n", "\r"),
        "s",
    )
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-2, "n")
    assert (sheet["B3"].value, sheet["B3"].data_type) == (1.5, "n")


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
def test_roadshow_session_export_is_inert(client, editor, tracks, hostile):
    session = RoadshowSessionFactory(track=tracks[6])
    attendee = user_with_role("investor", display_name=hostile)
    roadshow_services.register(session=session, user=attendee)
    client.force_login(editor)
    url = reverse("roadshow:session_manage", kwargs={"pk": session.pk})
    [_header, row] = csv_rows(client.get(url + "?export=csv"))
    assert row[1] == "'" + hostile
    assert row[4] == "0.00"
    assert_inert_in_xlsx(client.get(url + "?export=xlsx").content, hostile)


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
def test_roadshow_admin_exports_are_inert(client, editor, tracks, hostile):
    session = RoadshowSessionFactory(track=tracks[6])
    roadshow_services.register(session=session, user=user_with_role("investor", display_name=hostile))
    editor.is_staff = True
    editor.save()
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="roadshow"))
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    url = reverse("roadshow_registrations:index")
    rows = csv_rows(client.get(url + "?export=csv"))
    assert rows[1][0] == "'" + hostile
    response = client.get(url + "?export=xlsx")
    assert_inert_in_xlsx(b"".join(response.streaming_content), hostile)


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
def test_procurement_batch_export_is_inert_for_editors_and_the_feed(client, editor, tracks, hostile):
    batch = RecommendationBatchFactory(code="2026-9")
    InnovationProductFactory(
        name=hostile, specifications=hostile, track=tracks[3], batch=batch, status="recommended"
    )
    client.force_login(editor)
    for_editors = client.get(reverse("procurement:batch_export", kwargs={"code": batch.code}))
    consumer = FeedConsumer(name="财政局")
    consumer.save()
    for_feed = client.__class__().get(
        f"/api/v1/procurement/batches/{batch.code}/export.xlsx",
        HTTP_AUTHORIZATION=f"Api-Key {consumer.new_key}",
    )
    for response in (for_editors, for_feed):
        assert response.status_code == 200
        assert_inert_in_xlsx(response.content, hostile)
        row = next(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
        assert row[0] == 1 and row[9] == 120000
    assert procurement_services  # the batch goes through the same export as the site


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
def test_indicators_monthly_report_is_inert(tracks, hostile):
    tracks[0].name_zh = hostile
    tracks[0].save()
    report = indicator_services.generate_monthly_report()
    content = report.file.read()
    assert_inert_in_xlsx(content, hostile)
    funnel = load_workbook(BytesIO(content))["转化漏斗"]
    assert all(isinstance(value, int) for value in next(funnel.iter_rows(min_row=2, values_only=True))[1:])


@pytest.mark.django_db
def test_indicators_csv_quotes_a_slug_that_starts_like_a_formula(client, tracks):
    tracks[0].slug = "-2"
    tracks[0].save()
    rows = csv_rows(client.get(reverse("indicators:figures_csv")))
    assert ["'-2", "listings", "total", "actual", "0"] in rows
    assert not any(row[0] == "-2" for row in rows)


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
def test_deals_admin_export_is_inert(
    client, editor, broker, researcher, university, enterprise_user, tracks, hostile
):
    technology = TechnologyFactory(
        organisation=university, created_by=researcher, track=tracks[6], title=hostile, status="published"
    )
    request = match_request(requester=enterprise_user, listing=technology, accept=True)
    request.broker = broker
    request.save()
    dealflow_services.move_stage(match_request=request, user=broker, stage="negotiating")
    dealflow_services.move_stage(match_request=request, user=broker, stage="agreement")
    dealflow_services.record_registration(
        match_request=request,
        user=broker,
        contract_type="license",
        amount_cny="880000",
        signed_on=timezone.localdate(),
        registration_number="1201160000123",
    )
    client.force_login(editor)
    rows = csv_rows(client.get("/admin/deals/deals/?export=csv"))
    assert rows[1][2] == "'" + hostile
    response = client.get("/admin/deals/deals/?export=xlsx")
    content = b"".join(response.streaming_content)
    assert_inert_in_xlsx(content, hostile)
    amount = next(load_workbook(BytesIO(content)).active.iter_rows(min_row=2, values_only=True))[7]
    assert amount == 880000


def test_every_admin_view_with_an_export_writes_safe_cells():
    exporting = [viewset for viewset in admin_viewsets.viewsets if getattr(viewset, "list_export", None)]
    assert {viewset.name for viewset in exporting} >= {"dealflow_deals", "roadshow_registrations"}
    for viewset in exporting:
        assert exports.admin_exports_are_protected(viewset.index_view_class), viewset.name
