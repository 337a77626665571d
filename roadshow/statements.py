"""Importing a bank's CSV statement: each incoming line matched to a bank transfer by its reference.

The file is read whole before anything changes: UTF-8 (with or without a BOM) or GB18030 (which
covers GBK, what most Chinese banks export); the header row is found among the first lines (banks
put the account's details above it) by the column names of the bank's saved mapping. Each line then
ends in one outcome, reported with its line number in the file:

- matched: the reference, amount and transfer fit; the registration is confirmed;
- unknown: no valid reference, or one no transfer has;
- duplicate: the transfer is already paid, or the same reference came earlier in this file;
- wrong amount: the reference fits but not the amount; nothing changes;
- invalid: a date or amount that cannot be read, or a cell that looks like a spreadsheet formula;
- outgoing: money leaving the account, ignored.

Importing the same statement again changes nothing (every matched line is then a duplicate).
"""

import csv
import hashlib
import io
import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import is_formula_like

from .banking import find_reference, mark_paid
from .models import BankColumnMapping, BankStatementImport, BankTransfer

MAX_BYTES = 5 * 1024 * 1024
HEADER_SEARCH_LINES = 30
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日")
OUTCOMES = {
    "matched": gettext_lazy("Marked paid"),
    "unknown": gettext_lazy("Unknown reference"),
    "duplicate": gettext_lazy("Duplicate"),
    "wrong_amount": gettext_lazy("Wrong amount"),
    "invalid": gettext_lazy("Cannot be read"),
    "outgoing": gettext_lazy("Outgoing, ignored"),
    "refund_due": gettext_lazy("Paid after the hold expired: refund due"),
}


class StatementError(ValidationError):
    """The file as a whole cannot be read; nothing was changed."""


def decode(content):
    """The statement's text from UTF-8 (BOM or not) or GB18030/GBK bytes; StatementError otherwise."""
    if b"\x00" in content[:4096]:
        raise StatementError(_("This is not a CSV text file (it looks like a spreadsheet or binary file)."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatementError(
        _("The file is neither UTF-8 nor GB18030/GBK text; save it as CSV (UTF-8) and try again.")
    )


def _rows(text):
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row in reader:
            yield reader.line_num, [cell.strip() for cell in row]
    except csv.Error as exc:
        raise StatementError(_("The file is not valid CSV: %(error)s") % {"error": exc}) from exc


def parse_amount(text):
    cleaned = re.sub(r"[\s,¥￥元]|CNY|RMB", "", text or "", flags=re.IGNORECASE)
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def parse_date(text):
    text = (text or "").strip()
    for candidate in (text, text.split(" ")[0], text.split("T")[0]):
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(candidate, pattern).date()
            except ValueError:
                continue
    return None


def read_statement(*, content, mapping):
    """The statement's lines as dicts (line, date, amount, payer, purpose) or a problem per line.

    StatementError when the file is too large, not text, or lacks the mapping's columns. No side effects.
    """
    if not content:
        raise StatementError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise StatementError(_("The file is larger than 5 MB; split the statement."))
    columns = {
        "date": mapping.date_column.strip(),
        "amount": mapping.amount_column.strip(),
        "payer": mapping.payer_column.strip(),
        "purpose": mapping.reference_column.strip(),
    }
    rows = _rows(decode(content))
    positions = None
    for line, row in rows:
        if all(name in row for name in columns.values()):
            positions = {key: row.index(name) for key, name in columns.items()}
            break
        if line > HEADER_SEARCH_LINES:
            break
    if positions is None:
        raise StatementError(
            _(
                "No header row with the columns %(columns)s in the first %(n)d lines; check the column mapping."
            )
            % {"columns": ", ".join(columns.values()), "n": HEADER_SEARCH_LINES}
        )
    lines = []
    for line, row in rows:
        if not any(row):
            continue
        cells = {key: row[index] if index < len(row) else "" for key, index in positions.items()}
        lines.append({"line": line, **cells})
    return lines


def _problem(entry, outcome, message):
    return {**entry, "outcome": outcome, "message": str(message)}


def _classify(entry, seen):
    """One line's outcome before anything changes: (report row, transfer to mark paid or None)."""
    text = {key: entry[key] for key in ("date", "amount", "payer", "purpose")}
    if any(is_formula_like(value) and key != "amount" for key, value in text.items()):
        return _problem(
            entry, "invalid", _("A cell looks like a spreadsheet formula; check this line by hand.")
        ), None
    amount, day = parse_amount(entry["amount"]), parse_date(entry["date"])
    if amount is None:
        return _problem(entry, "invalid", _("The amount is not a number.")), None
    if day is None:
        return _problem(entry, "invalid", _("The date cannot be read.")), None
    if amount <= 0:
        return _problem(entry, "outgoing", _("Not an incoming payment.")), None
    reference = find_reference(entry["purpose"])
    entry = {**entry, "reference": reference, "amount": str(amount), "date": day.isoformat()}
    transfer = BankTransfer.objects.filter(reference=reference).first() if reference else None
    if transfer is None:
        return _problem(entry, "unknown", _("No bank transfer has this reference.")), None
    if reference in seen:
        return _problem(
            entry, "duplicate", _("The same reference came on line %(line)d.") % {"line": seen[reference]}
        ), None
    seen[reference] = entry["line"]
    if transfer.status in (
        BankTransfer.Status.PAID,
        BankTransfer.Status.REFUND_DUE,
        BankTransfer.Status.REFUNDED,
    ):
        return _problem(entry, "duplicate", _("This transfer is already marked paid.")), None
    if amount != transfer.amount_cny:
        return (
            _problem(
                entry,
                "wrong_amount",
                _("%(paid)s received, %(due)s due; check and mark it by hand.")
                % {"paid": amount, "due": transfer.amount_cny},
            ),
            None,
        )
    return {**entry, "outcome": "matched", "message": ""}, transfer


def save_mapping(*, bank_name, date_column, amount_column, payer_column, reference_column):
    """Remember a bank's statement columns for next time. Side effects: creates or updates the mapping."""
    bank_name = (bank_name or "").strip()
    values = {
        "date_column": date_column,
        "amount_column": amount_column,
        "payer_column": payer_column,
        "reference_column": reference_column,
    }
    if not bank_name or not all((value or "").strip() for value in values.values()):
        raise ValidationError(_("Name the bank and all four columns."))
    mapping, _created = BankColumnMapping.objects.update_or_create(
        bank_name=bank_name, defaults={key: value.strip() for key, value in values.items()}
    )
    return mapping


def import_statement(*, content, filename, mapping, by, now=None):
    """Read a bank statement and mark paid every transfer a line pays exactly.

    Refuses non-editors (PermissionDenied) and unreadable files (StatementError) before any change.
    Side effects: a BankStatementImport with the report; for matched lines the effects of
    ``banking.mark_paid`` (confirmation, notice, audit). Returns the import.
    """
    if not (by and by.is_authenticated and by.is_editor):
        raise PermissionDenied(_("Only editors can record bank transfers and refunds."))
    entries = read_statement(content=content, mapping=mapping)
    statement = BankStatementImport.objects.create(
        bank=mapping if mapping.pk else None,
        filename=(filename or "statement.csv")[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        imported_by=by,
    )
    report, seen = [], {}
    for entry in entries:
        row, transfer = _classify(entry, seen)
        if transfer is not None:
            with transaction.atomic():
                outcome = mark_paid(
                    transfer=transfer,
                    by=by,
                    now=now,
                    payer=entry["payer"],
                    statement=statement,
                    line=entry["line"],
                )
            if outcome == "already paid":
                row = _problem(row, "duplicate", _("This transfer is already marked paid."))
            elif outcome == "refund due":
                row = _problem(row, "refund_due", OUTCOMES["refund_due"])
        report.append(row)
    statement.report = report
    statement.matched = sum(1 for row in report if row["outcome"] == "matched")
    statement.problems = len(report) - statement.matched
    statement.save(update_fields=["report", "matched", "problems"])
    return statement


def outcome_label(outcome):
    return str(OUTCOMES.get(outcome, outcome))
