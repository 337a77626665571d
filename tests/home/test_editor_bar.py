"""The Wagtail editor bar editors see on every page speaks the page's language."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_editor_bar_has_no_english_left_on_a_chinese_page(client, editor, page_tree):
    client.force_login(editor)
    page = client.get("/").content.decode()
    assert 'aria-label="显示问题"' in page and "检查" in page
    assert "Show issue" not in page and ">Checks<" not in page.replace(" ", "").replace("\n", "")
