import pytest

from search.analysis import analyse, infer_needed_trl, stem
from search.highlight import highlight


@pytest.mark.smoke
def test_glossary_terms_stay_whole_when_segmenting_chinese():
    analysed = analyse("面向储能电站的钠离子电池正极材料，需要中试验证")
    assert {"钠离子电池", "正极材料", "储能电站", "中试"} <= set(analysed.tokens)
    assert "的" not in analysed.tokens


@pytest.mark.smoke
def test_chinese_and_english_meet_on_the_same_concepts():
    chinese = analyse("钠离子电池正极材料")
    english = analyse("Sodium-ion battery cathode materials")
    assert {"钠离子电池", "正极材料"} <= chinese.concepts & english.concepts


def test_english_is_lowercased_and_plurals_are_stemmed():
    assert analyse("Batteries and Electrolysers").tokens == ("battery", "electrolyser")
    assert stem("glasses") == "glass" and stem("process") == "process"


def test_demand_maturity_is_read_from_its_words():
    assert infer_needed_trl("需要中试验证") == 6
    assert infer_needed_trl("ready for mass production") == 7
    assert infer_needed_trl("寻求合作") is None


def test_highlight_marks_terms_in_both_languages_and_escapes_html():
    html = highlight("<b>Sodium-ion battery</b> 钠离子电池", analyse("钠离子电池"), length=None)
    assert str(html) == "&lt;b&gt;<mark>Sodium-ion battery</mark>&lt;/b&gt; <mark>钠离子电池</mark>"
