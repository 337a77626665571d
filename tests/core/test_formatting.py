import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from core.formatting import format_cny, format_date, format_datetime


@pytest.mark.parametrize(
    ("amount", "zh", "en"),
    [
        (Decimal("1500000.00"), "150万元", "¥1,500,000"),
        (Decimal("380000.00"), "38万元", "¥380,000"),
        (Decimal("1234567"), "123.4567万元", "¥1,234,567"),
        (1500, "1,500元", "¥1,500"),
        (Decimal("12.50"), "12.50元", "¥12.50"),
        (None, "", ""),
    ],
)
def test_amounts_read_as_each_language_writes_them(amount, zh, en):
    with translation.override("zh-hans"):
        assert format_cny(amount) == zh
    with translation.override("en"):
        assert format_cny(amount) == en
    assert format_cny(amount, language="en") == en


def test_moments_are_shown_in_beijing_time_in_the_readers_language():
    moment = datetime.datetime(2027, 1, 10, 12, 11, tzinfo=datetime.UTC)
    with translation.override("zh-hans"):
        assert format_datetime(moment) == "2027年1月10日 20:11"
        assert format_date(datetime.date(2027, 1, 10)) == "2027年1月10日"
    with translation.override("en"):
        assert format_datetime(moment) == "10 January 2027, 20:11"
        assert format_date(moment) == "10 January 2027"
