"""Structure of the demo content in demo/site_data.py (no database, no Django needed)."""

import importlib.util
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

MODULE_PATH = Path(__file__).resolve().parents[2] / "demo" / "site_data.py"


def _load():
    spec = importlib.util.spec_from_file_location("_demo_data_under_test", MODULE_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


demo = _load()

EXPECTED_SLUGS = [
    "bio-manufacturing",
    "cell-gene-therapy",
    "brain-smart-medicine",
    "independent-it",
    "deep-sea",
    "aerospace",
    "advanced-energy",
    "new-materials",
]
ROLES = {"researcher", "enterprise", "investor", "broker", "editor"}

# CJK ideographs (with extensions and compatibility forms).
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Anything that should never appear in English text: ideographs, CJK punctuation, full-width forms.
NOT_ENGLISH = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _texts(obj, path="root"):
    """Every {"zh", "en"} dict in a nested structure, with where it was found."""
    if isinstance(obj, dict):
        if "zh" in obj or "en" in obj:
            yield path, obj
        for key, value in obj.items():
            if key not in ("zh", "en"):
                yield from _texts(value, f"{path}.{key}")
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            yield from _texts(value, f"{path}[{i}]")


ALL_CONTENT = {
    "PLAN": demo.PLAN,
    "TRACKS": demo.TRACKS,
    "DEVELOPMENT_ZONES": demo.DEVELOPMENT_ZONES,
    "NEWS": demo.NEWS,
    "POLICIES": demo.POLICIES,
    "ORGANISATIONS": demo.ORGANISATIONS,
    "DEMO_USERS": demo.DEMO_USERS,
}


def test_module_imports_standalone_without_django():
    code = (
        "import runpy, sys; runpy.run_path(sys.argv[1]); "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'imported django'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(MODULE_PATH)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", sorted(ALL_CONTENT))
def test_every_text_is_bilingual(name):
    found = list(_texts(ALL_CONTENT[name], name))
    if name != "POLICIES":
        assert found, f"{name} holds no texts"
    for path, text in found:
        assert set(text) == {"zh", "en"}, f"{path}: keys {sorted(text)}"
        zh, en = text["zh"], text["en"]
        assert isinstance(zh, str) and zh.strip(), f"{path}: empty zh"
        assert isinstance(en, str) and en.strip(), f"{path}: empty en"
        assert CJK.search(zh), f"{path}: zh has no Chinese: {zh!r}"
        assert not NOT_ENGLISH.search(en), f"{path}: en has CJK characters: {en!r}"
        assert "lorem" not in (zh + en).lower(), f"{path}: placeholder text"


def test_tracks_are_the_eight_of_product_md_in_order():
    assert [t["slug"] for t in demo.TRACKS] == EXPECTED_SLUGS
    assert list(demo.TRACK_SLUGS) == EXPECTED_SLUGS
    assert [t["order"] for t in demo.TRACKS] == list(range(1, 9))
    names = {t["slug"]: (t["name"]["zh"], t["name"]["en"]) for t in demo.TRACKS}
    assert names["bio-manufacturing"] == ("生物制造", "Bio-manufacturing")
    assert names["cell-gene-therapy"] == ("细胞和基因治疗", "Cell and gene therapy")
    assert names["brain-smart-medicine"] == ("脑科学与智能医学", "Brain science and intelligent medicine")
    assert names["independent-it"] == ("自主信创", "Independent IT innovation")
    assert names["deep-sea"] == ("深海探采", "Deep-sea exploration")
    assert names["aerospace"] == ("空天利用", "Aerospace utilisation")
    assert names["advanced-energy"] == ("先进能源", "Advanced energy")
    assert names["new-materials"] == ("新型材料", "New materials")


@pytest.mark.parametrize("track", demo.TRACKS, ids=lambda t: t["slug"])
def test_track_fields(track):
    for field in ("name", "summary", "introduction"):
        assert set(track[field]) == {"zh", "en"}
    assert 5 <= len(track["focus_areas"]) <= 10
    assert len(track["innovation_sources"]) >= 1
    assert len(track["industry_carriers"]) >= 1
    assert len(track["development_zones"]) >= 1
    assert len(track["clusters"]) >= 1
    assert 10 <= len(track["keywords"]) <= 20
    zh_keywords = [k["zh"] for k in track["keywords"]]
    assert len(zh_keywords) == len(set(zh_keywords)), "duplicate keyword"
    for keyword in track["keywords"]:
        assert not re.search(r"\s", keyword["zh"]), f"zh keyword with whitespace: {keyword['zh']!r}"


def test_track_zones_are_known_development_zones():
    zone_names = [z["name"] for z in demo.DEVELOPMENT_ZONES]
    for track in demo.TRACKS:
        for zone in track["development_zones"]:
            assert zone in zone_names, f"{track['slug']}: unknown zone {zone['zh']}"
    by_slug = {t["slug"]: {z["zh"] for z in t["development_zones"]} for t in demo.TRACKS}
    # "各开发区" for independent IT innovation: every zone the plan names for it.
    assert {
        "天津港保税区",
        "天津经济技术开发区",
        "滨海高新技术产业开发区",
        "东疆综合保税区",
        "中新天津生态城",
    } <= by_slug["independent-it"]
    assert "大港石化产业园区" in by_slug["bio-manufacturing"]


def test_development_zones():
    slugs = [z["slug"] for z in demo.DEVELOPMENT_ZONES]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG.match(s) for s in slugs)
    assert len(slugs) >= 7
    for zone in demo.DEVELOPMENT_ZONES:
        assert set(zone["name"]) == {"zh", "en"}


def test_plan_metadata_and_targets():
    plan = demo.PLAN
    assert plan["issuer"]["zh"] == "天津市滨海新区人民政府办公室"
    assert plan["date"] == "2023-07-06"
    assert plan["document_number"] == ""
    assert "未来产业创新高地" in plan["title"]["zh"]
    targets = {t["key"]: t for t in plan["targets"]}
    assert [t["key"] for t in plan["targets"]] == ["clusters", "scenarios", "platforms"]
    assert {k: t["value"] for k, t in targets.items()} == {"clusters": 10, "scenarios": 50, "platforms": 100}
    assert all(t["year"] == 2025 for t in plan["targets"])
    assert "2030" in plan["target_2030"]["zh"] and "2030" in plan["target_2030"]["en"]


def test_plan_sections():
    sections = demo.PLAN["sections"]
    assert 8 <= len(sections) <= 14
    for section in sections:
        assert set(section) == {"heading", "paragraphs"}
        assert section["paragraphs"], section["heading"]["en"]
    headings = " ".join(s["heading"]["zh"] for s in sections)
    for part in (
        "总体要求",
        "发展目标",
        "空间布局",
        "保障措施",
        "科研攻关",
        "应用场景",
        "强链",
        "金融",
        "人才",
    ):
        assert part in headings, part
    text = " ".join(p["zh"] for s in sections for p in s["paragraphs"])
    for track in demo.TRACKS:
        assert track["name"]["zh"] in text


def test_news():
    assert len(demo.NEWS) == 4
    slugs = [n["slug"] for n in demo.NEWS]
    assert len(slugs) == len(set(slugs))
    for item in demo.NEWS:
        assert SLUG.match(item["slug"])
        day = date.fromisoformat(item["date"])
        assert date(2023, 7, 1) <= day <= date(2026, 11, 30)
        assert set(item["title"]) == {"zh", "en"} and set(item["intro"]) == {"zh", "en"}
        assert 3 <= len(item["paragraphs"]) <= 5
        assert item["tracks"] and set(item["tracks"]) <= set(EXPECTED_SLUGS)


def test_organisations():
    slugs = [o["slug"] for o in demo.ORGANISATIONS]
    assert len(slugs) == len(set(slugs))
    for org in demo.ORGANISATIONS:
        assert SLUG.match(org["slug"])
        assert org["kind"] in {"university", "enterprise", "investor", "agency", "government"}
        assert isinstance(org["verified"], bool)
        if org["kind"] in {"enterprise", "investor", "agency"}:
            assert "示例" in org["name"]["zh"] and "Demo" in org["name"]["en"], org["slug"]
    names = {o["name"]["zh"] for o in demo.ORGANISATIONS}
    for real in (
        "天津大学",
        "南开大学",
        "天津科技大学",
        "中国民航大学",
        "天津理工大学",
        "中国科学院天津工业生物技术研究所",
    ):
        assert real in names


def test_demo_users():
    assert {u["role"] for u in demo.DEMO_USERS} == ROLES
    assert len(demo.DEMO_USERS) == len(ROLES)
    org_kinds = {o["slug"]: o["kind"] for o in demo.ORGANISATIONS}
    expected_kind = {
        "researcher": "university",
        "enterprise": "enterprise",
        "investor": "investor",
        "broker": "agency",
        "editor": "government",
    }
    emails = [u["email"] for u in demo.DEMO_USERS]
    assert len(emails) == len(set(emails))
    for user in demo.DEMO_USERS:
        assert user["email"].endswith("@demo.binhai.test")
        assert user["organisation"] in org_kinds, user["organisation"]
        assert org_kinds[user["organisation"]] == expected_kind[user["role"]]
    assert demo.DEMO_PASSWORD == "binhai-demo-2026"


def test_policies_are_not_invented():
    for policy in demo.POLICIES:
        assert SLUG.match(policy["slug"])
        assert set(policy["title"]) == {"zh", "en"}


def test_glossary():
    glossary = demo.GLOSSARY
    assert all(isinstance(p, tuple) and len(p) == 2 for p in glossary)
    zh_terms = [zh for zh, _ in glossary]
    assert len(zh_terms) == len(set(zh_terms)), "duplicate zh term"
    keyword_terms = {k["zh"] for t in demo.TRACKS for k in t["keywords"]}
    assert keyword_terms <= set(zh_terms)
    assert 20 <= len(set(zh_terms) - keyword_terms) <= 40
    for zh, en in glossary:
        assert CJK.search(zh) and not re.search(r"\s", zh), zh
        assert en.strip() and not NOT_ENGLISH.search(en), en
    pairs = dict(glossary)
    assert pairs["概念验证"] == "proof of concept"
    assert pairs["中试"] == "pilot-scale verification"
    assert pairs["技术成熟度"] == "technology readiness level"
    assert pairs["钠离子电池"] == "sodium-ion battery"
    assert pairs["合成生物学"] == "synthetic biology"
    assert pairs["脑机接口"] == "brain-computer interface"
