import pytest
from django.template import Context, Template
from django.utils import translation

from core.bilingual import both_languages, localized, localized_from
from tests.factories.accounts import OrganisationFactory
from tests.factories.listings import TechnologyFactory

pytestmark = pytest.mark.django_db


def _render(source, **context):
    return Template("{% load bilingual %}" + source).render(Context(context))


def test_a_chinese_listing_reads_in_english_where_it_has_a_translation():
    listing = TechnologyFactory.build(
        title="钠离子电池正极", translated_title="Sodium-ion cathode", language="zh"
    )
    with translation.override("en"):
        title = localized(listing, "title")
        assert (title, title.lang, title.fallback) == ("Sodium-ion cathode", "en", False)
    with translation.override("zh-hans"):
        assert localized(listing, "title") == "钠离子电池正极"


def test_without_a_translation_the_original_is_shown_marked_with_its_language():
    listing = TechnologyFactory.build(title="钠离子电池正极", translated_title="", language="zh")
    with translation.override("en"):
        html = _render('{% text listing "title" %}', listing=listing)
    assert html == '<span lang="zh-Hans">钠离子电池正极</span> <span class="only-in-mark">Chinese only</span>'
    with translation.override("zh-hans"):
        assert _render('{% text listing "title" %}', listing=listing) == "钠离子电池正极"


def test_an_english_listing_is_marked_english_only_on_the_chinese_site_and_translated_when_it_can_be():
    listing = TechnologyFactory.build(title="Trusted boot firmware", translated_title="", language="en")
    with translation.override("zh-hans"):
        assert _render('{% text listing "title" %}', listing=listing) == (
            '<span lang="en">Trusted boot firmware</span> <span class="only-in-mark">仅有英文</span>'
        )
        listing.translated_title = "可信启动固件"
        assert _render('{% text listing "title" %}', listing=listing) == "可信启动固件"


def test_user_text_is_escaped_in_both_forms():
    listing = TechnologyFactory.build(title="<b>x</b>", translated_title="", language="zh")
    with translation.override("en"):
        assert "<b>" not in _render('{% text listing "title" %}', listing=listing)
        assert _render('{{ listing|text:"title" }}', listing=listing) == "&lt;b&gt;x&lt;/b&gt;"


def test_models_written_in_chinese_use_their_english_fields():
    organisation = OrganisationFactory.build(name="天津大学", name_en="Tianjin University")
    with translation.override("en"):
        assert str(organisation) == "Tianjin University"
        assert _render('{% text org "name" %}', org=organisation) == "Tianjin University"
    with translation.override("zh-hans"):
        assert str(organisation) == "天津大学"


def test_descriptions_render_as_markdown_in_the_readers_language():
    listing = TechnologyFactory.build(
        description="优势：\n\n- 低成本", translated_description="Advantages:\n\n- Low cost", language="zh"
    )
    with translation.override("en"):
        html = _render('{% text listing "description" markdown=True %}', listing=listing)
    assert html == '<div class="rich-text"><p>Advantages:</p>\n<ul>\n<li>Low cost</li>\n</ul>\n</div>'


def test_search_indexes_both_languages():
    listing = TechnologyFactory.build(
        title="钠离子电池正极", translated_title="Sodium-ion cathode", language="zh"
    )
    assert both_languages(listing, "title") == ["钠离子电池正极", "Sodium-ion cathode"]


def test_a_mapping_of_texts_reads_as_an_object_does():
    texts = {"zh": "深海装备产业联盟成立", "en": "Deep-sea equipment alliance founded"}
    with translation.override("en"):
        title = localized_from(texts, original="zh")
        assert (title, title.lang, title.fallback) == ("Deep-sea equipment alliance founded", "en", False)
    title = localized_from(texts, original="zh", language="zh")
    assert (title, title.lang, title.fallback) == ("深海装备产业联盟成立", "zh", False)
    title = localized_from({"zh": "深海装备产业联盟成立", "en": ""}, original="zh", language="en")
    assert (title, title.lang, title.fallback) == ("深海装备产业联盟成立", "zh", True)


def test_a_mapping_without_the_original_shows_the_text_it_has_in_that_texts_language():
    title = localized_from({"en": "Deep-sea equipment alliance founded"}, original="zh", language="zh")
    assert (title, title.lang, title.fallback) == ("Deep-sea equipment alliance founded", "en", True)
    empty = localized_from({}, original="zh", language="en")
    assert (empty, empty.lang, empty.fallback) == ("", "zh", False)
