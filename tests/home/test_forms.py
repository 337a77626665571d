"""The policy and news filters: bad input gets a clear message and changes nothing."""

import pytest
from django.utils import translation

from home.forms import IndexFilterForm

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_valid_filters_are_cleaned(tracks):
    form = IndexFilterForm({"track": "deep-sea", "tag": "行动方案", "year": "2023"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["track"].slug == "deep-sea"
    assert form.cleaned_data["year"] == 2023
    assert form.cleaned_data["tag"] == "行动方案"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year": "abc"}, "year", "Enter a year such as 2023."),
        ({"year": "1999"}, "year", "Enter a year between 2000 and 2100."),
        ({"year": "3000"}, "year", "Enter a year between 2000 and 2100."),
        ({"track": "moon-base"}, "track", "There is no such track."),
        ({"tag": "<script>"}, "tag", "A tag has only letters, digits, hyphens and underscores."),
    ],
)
def test_bad_filters_are_rejected_with_a_clear_message(tracks, data, field, message):
    with translation.override("en"):
        form = IndexFilterForm(data)
        assert not form.is_valid()
        assert form.errors[field] == [message]


def test_filter_messages_are_in_chinese_by_default(tracks):
    form = IndexFilterForm({"year": "abc", "track": "moon-base"})
    assert not form.is_valid()
    assert form.errors["year"] == ["请输入年份，例如 2023。"]
    assert form.errors["track"] == ["没有这个赛道。"]


def test_empty_filters_are_valid_and_change_nothing(tracks):
    form = IndexFilterForm({})
    assert form.is_valid()
    sentinel = object()

    class Queryset:
        def filter(self, **kwargs):
            raise AssertionError("no filter expected")

        def distinct(self):
            return sentinel

    queryset = Queryset()
    assert form.apply(queryset) is queryset


def test_bad_page_number_shows_the_last_page_instead_of_an_error(page_tree, client):
    response = client.get("/news/?page=999")
    assert response.status_code == 200
    response = client.get("/news/?page=abc")
    assert response.status_code == 200
