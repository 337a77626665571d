import pytest

from core.richtext import legacy_html_to_markdown, markdown_to_text, render_markdown


def test_plain_text_keeps_its_paragraphs_and_line_breaks():
    html = str(render_markdown("第一段第一行\n第一段第二行\n\n第二段"))
    assert html == "<p>第一段第一行<br>\n第一段第二行</p>\n<p>第二段</p>\n"


def test_markdown_lists_emphasis_and_links_render_and_links_are_marked_nofollow():
    html = str(
        render_markdown(
            "优势：\n\n- 成本**低三成**\n- 低温好\n\n1. 中试\n2. 量产\n\n[详情](https://example.cn/a)"
        )
    )
    assert "<ul>\n<li>成本<strong>低三成</strong></li>\n<li>低温好</li>\n</ul>" in html
    assert "<ol>\n<li>中试</li>\n<li>量产</li>\n</ol>" in html
    assert '<a href="https://example.cn/a" rel="nofollow noopener noreferrer ugc">详情</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_nothing_typed_into_a_description_runs(text):
    html = str(render_markdown(text))
    assert "<script" not in html and "<img" not in html and '<a href="javascript' not in html
    assert "alert(1)" in html  # shown as text: nothing the author wrote disappears


def test_angle_brackets_and_ampersands_are_text():
    assert str(render_markdown("温度<5℃ & x<y and z>w")) == "<p>温度&lt;5℃ &amp; x&lt;y and z&gt;w</p>\n"


def test_headings_sit_under_the_pages_own():
    assert str(render_markdown("# 技术特点")) == "<h3>技术特点</h3>\n"


def test_legacy_html_descriptions_become_the_markdown_that_renders_the_same():
    legacy = "<p>钛合金<strong>封装</strong></p><ul><li>耐压</li><li>轻量</li></ul><p>a &lt; b</p>"
    markdown = legacy_html_to_markdown(legacy)
    assert markdown == "钛合金**封装**\n\n- 耐压\n- 轻量\n\na < b"
    assert str(render_markdown(markdown)) == (
        "<p>钛合金<strong>封装</strong></p>\n<ul>\n<li>耐压</li>\n<li>轻量</li>\n</ul>\n<p>a &lt; b</p>\n"
    )
    # Plain text the old sanitiser escaped only loses the escapes.
    assert (
        legacy_html_to_markdown("冬季容量衰减 &amp; 低温 &lt; 0℃\n\n第二段")
        == "冬季容量衰减 & 低温 < 0℃\n\n第二段"
    )


def test_plain_text_of_a_description_for_mails_and_feeds():
    assert markdown_to_text("**粗体** 与 [链接](https://a.cn)\n\n- 一") == "粗体 与 链接\n\n一"
