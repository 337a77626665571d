"""The one way the site writes spreadsheets (CSV and XLSX), safe against formula injection.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a
formula when an editor opens the file (``=HYPERLINK(...)`` in a listing title, say). In CSV such text
gets a leading single quote; in XLSX it is written as a string cell, never a formula. Numbers, dates
and empty cells keep their type, so sums and sorting still work.

Every export goes through here: the roadshow session export, the procurement batch (editors and the
finance bureau's API key), the indicators CSV and monthly report, and the admin's CSV/XLSX buttons
(``protect_admin_exports``, once for every Wagtail index view).
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_formula_like(value):
    """Whether a spreadsheet program would read ``value`` as the start of a formula. No side effects."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_cell(value):
    """``value`` as a CSV cell: formula-like text gets a leading quote, numbers stay as they are."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, Decimal)):
        return value
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def csv_text(header, rows, *, bom=True):
    """Header and rows as CSV text, every cell through ``csv_cell``; a BOM so spreadsheet programs
    read Chinese as UTF-8. No side effects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header is not None:
        writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def csv_response(*, header, rows, filename):
    """An attachment response with the rows as CSV (``filename`` without extension)."""
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_value(value):
    # openpyxl writes Decimal as a number already; float keeps the cell type the same everywhere.
    return float(value) if isinstance(value, Decimal) else value


def append_row(sheet, row, *, bold=False):
    """Append ``row`` to an openpyxl ``sheet``; formula-like text is written as a string cell.

    Side effects: adds one row to the sheet.
    """
    sheet.append([_xlsx_value(value) for value in row])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f" or is_formula_like(cell.value):
            cell.data_type = "s"
        if bold:
            cell.font = Font(bold=True)


def new_workbook():
    """An empty workbook whose first sheet the caller renames and fills with ``append_row``."""
    return Workbook()


def workbook_bytes(workbook):
    """The workbook as XLSX bytes. No side effects."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(*, header, rows, title="Sheet1"):
    """One sheet with a bold header and the rows, as XLSX bytes. No side effects."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    append_row(sheet, header, bold=True)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)


def xlsx_response(content, *, filename):
    """An attachment response with XLSX bytes (``filename`` without extension)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


_wagtail_generate_xlsx_row = SpreadsheetExportMixin.generate_xlsx_row


def _safe_write_csv_row(self, writer, row_dict):
    return writer.writerow(
        {
            field: csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        }
    )


def _safe_generate_xlsx_row(self, worksheet, row_dict, date_format=None):
    for cell in _wagtail_generate_xlsx_row(self, worksheet, row_dict, date_format=date_format):
        if cell.data_type == "f" or is_formula_like(cell.value):
            cell.data_type = "s"
        yield cell


def protect_admin_exports():
    """Make the admin's CSV and XLSX buttons write safe cells, on every index view with ``list_export``.

    Wagtail writes those files in one mixin shared by all its index views (ours, and its own users,
    groups and pages listings); its XLSX already refuses formulas, its CSV does not. Patching the mixin
    once covers every viewset, including ones added later. Side effects: replaces two methods of
    ``wagtail.admin.views.mixins.SpreadsheetExportMixin``; idempotent. Called from CoreConfig.ready.
    """
    SpreadsheetExportMixin.write_csv_row = _safe_write_csv_row
    SpreadsheetExportMixin.generate_xlsx_row = _safe_generate_xlsx_row


def admin_exports_are_protected(view_class):
    """Whether ``view_class`` writes its CSV/XLSX through the safe cells above. No side effects."""
    return (
        view_class.write_csv_row is _safe_write_csv_row
        and view_class.generate_xlsx_row is _safe_generate_xlsx_row
    )
