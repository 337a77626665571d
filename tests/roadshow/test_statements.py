"""Importing the bank's CSV statement: matched, unknown, duplicate, wrong-amount and unreadable lines,
reported with their line numbers; bad files change nothing; importing again changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadshow import banking, passes, statements
from roadshow.models import BankColumnMapping, BankStatementImport, BankTransfer, Registration
from tests.roadshow.payments_support import enable_bank_transfer, investors, paid_session, statement_csv

pytestmark = pytest.mark.django_db
MAPPING = BankColumnMapping(
    bank_name="工商银行",
    date_column="交易日期",
    amount_column="金额",
    payer_column="付款人",
    reference_column="附言",
)


@pytest.fixture
def transfers(settings):
    settings.STRIPE_SECRET_KEY = ""
    enable_bank_transfer()
    session = paid_session(capacity=10)
    people = investors(5)
    return [passes.buy_pass(session=session, user=p, method="bank_transfer").bank_transfer for p in people]


def statuses(transfers):
    return [BankTransfer.objects.get(pk=t.pk).status for t in transfers]


def sample(transfers):
    t = [x.reference for x in transfers]
    return statement_csv(
        [
            ("2026-11-26", "299.00", "天津甲投资有限公司", f"路演 {t[0]}"),  # line 4: matched
            ("2026-11-26", "299.00", "乙资本", "RS2345678"),  # 5: unknown (check character wrong)
            ("2026/11/26", "￥299", "丙基金", t[1].lower()),  # 6: matched
            ("2026-11-26", "299.00", "丙基金", t[1]),  # 7: duplicate (repeated in this file)
            ("2026-11-27", "29.90", "丁创投", t[2]),  # 8: wrong amount
            ("2026-11-27", "299.00", '=HYPERLINK("http://x")', t[3]),  # 9: formula-looking
            ("2026-11-27", "-500.00", "本行", "手续费"),  # 10: outgoing
            ("20261127", "两百", "戊", t[4]),  # 11: amount not a number
        ],
        preamble=[("账号", "0302000"), ("币种", "人民币")],
    )


def test_statement_marks_exactly_the_right_transfers_paid_and_reports_every_other_line(transfers, editor):
    statement = statements.import_statement(
        content=sample(transfers).encode("utf-8"), filename="icbc.csv", mapping=MAPPING, by=editor
    )
    report = {row["line"]: (row["outcome"], row.get("reference", "")) for row in statement.report}
    refs = [t.reference for t in transfers]
    assert report == {
        4: ("matched", refs[0]),
        5: ("unknown", ""),
        6: ("matched", refs[1]),
        7: ("duplicate", refs[1]),
        8: ("wrong_amount", refs[2]),
        9: ("invalid", ""),
        10: ("outgoing", ""),
        11: ("invalid", ""),
    }
    assert statuses(transfers) == ["paid", "paid", "awaiting", "awaiting", "awaiting"]
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "pending_payment",
        "pending_payment",
        "pending_payment",
    ]
    paid = BankTransfer.objects.get(pk=transfers[0].pk)
    assert (paid.statement, paid.statement_line, paid.payer) == (statement, 4, "天津甲投资有限公司")
    assert (statement.matched, statement.problems) == (2, 6)
    # Importing the same statement again changes nothing: the matched lines are now duplicates.
    again = statements.import_statement(
        content=sample(transfers).encode("utf-8"), filename="icbc.csv", mapping=MAPPING, by=editor
    )
    assert [row["outcome"] for row in again.report][:3] == ["duplicate", "unknown", "duplicate"]
    assert again.matched == 0
    assert statuses(transfers) == ["paid", "paid", "awaiting", "awaiting", "awaiting"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk"])
def test_bom_and_gbk_statements_are_read(transfers, editor, encoding):
    content = sample(transfers).encode(encoding)
    statement = statements.import_statement(content=content, filename="s.csv", mapping=MAPPING, by=editor)
    assert statement.matched == 2
    assert statement.report[0]["payer"] == "天津甲投资有限公司"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空。"),
        (b"PK\x03\x04\x00\x00binary", "这不是 CSV 文本文件"),
        (b"\xff\xfe\xfd", "文件既不是 UTF-8 也不是 GB18030/GBK 文本"),
        ("日期,金额\n2026-11-26,299\n".encode(), "前 30 行中没有包含 交易日期, 金额, 付款人, 附言 列的表头"),
    ],
)
def test_unreadable_files_give_a_clear_message_and_change_nothing(transfers, editor, content, message):
    with pytest.raises(statements.StatementError) as error:
        statements.import_statement(content=content, filename="bad.csv", mapping=MAPPING, by=editor)
    assert message in " ".join(error.value.messages)
    assert not BankStatementImport.objects.exists()
    assert statuses(transfers) == ["awaiting"] * 5


def test_only_editors_import_statements(transfers, client, investor):
    with pytest.raises(PermissionDenied):
        statements.import_statement(
            content=sample(transfers).encode(), filename="s.csv", mapping=MAPPING, by=investor
        )
    client.force_login(investor)
    assert client.get(reverse("roadshow:statement_import")).status_code == 403
    upload = SimpleUploadedFile("s.csv", sample(transfers).encode())
    response = client.post(
        reverse("api-roadshow-bank-statements"),
        {
            "statement": upload,
            "bank_name": "x",
            "date_column": "交易日期",
            "amount_column": "金额",
            "payer_column": "付款人",
            "reference_column": "附言",
        },
    )
    assert response.status_code == 403
    assert statuses(transfers) == ["awaiting"] * 5
    assert not BankStatementImport.objects.exists()


def test_the_page_saves_the_column_mapping_per_bank_and_shows_the_report(transfers, client, editor):
    client.force_login(editor)
    content = sample(transfers).replace("交易日期", "记账日期").replace("附言", "用途").encode("gb18030")
    fields = {
        "bank_name": "建设银行",
        "date_column": "记账日期",
        "amount_column": "金额",
        "payer_column": "付款人",
        "reference_column": "用途",
    }
    page = client.post(
        reverse("roadshow:statement_import"), {**fields, "statement": SimpleUploadedFile("ccb.csv", content)}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="line-8"' in html and "299" in html
    mapping = BankColumnMapping.objects.get(bank_name="建设银行")
    assert (mapping.date_column, mapping.reference_column) == ("记账日期", "用途")
    assert statuses(transfers)[:2] == ["paid", "paid"]
    # Next time the saved bank fills the form.
    again = client.get(reverse("roadshow:statement_import") + f"?bank={mapping.pk}").content.decode()
    assert 'value="用途"' in again
    # A wrong file through the page: the message on the form, nothing changed, no mapping saved.
    bad = client.post(
        reverse("roadshow:statement_import"),
        {**fields, "bank_name": "农业银行", "statement": SimpleUploadedFile("x.csv", b"\xff\xfe\xfd")},
    )
    assert "GB18030" in bad.content.decode()
    assert not BankColumnMapping.objects.filter(bank_name="农业银行").exists()


def test_the_api_imports_for_editors_and_reports_lines(transfers, client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("api-roadshow-bank-statements"),
        {
            "statement": SimpleUploadedFile("s.csv", sample(transfers).encode("gbk")),
            "bank_name": "工商银行",
            "date_column": "交易日期",
            "amount_column": "金额",
            "payer_column": "付款人",
            "reference_column": "附言",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["matched"] == 2
    assert [(line["line"], line["outcome"]) for line in body["lines"]][:2] == [(4, "matched"), (5, "unknown")]
    assert banking.find_reference(body["lines"][0]["reference"]) == transfers[0].reference
