import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Organisation
from core.richtext import render_markdown
from listings.models import Demand, Listing, Technology
from listings.services import import_listings
from listings.signals import listings_changed


def _line(**data):
    return json.dumps(data, ensure_ascii=False)


TECH = {
    "type": "technology",
    "ref": "T001",
    "title": "高倍率钠离子电池正极材料",
    "summary": "一种低成本层状氧化物正极。",
    "description": "<p>铜铁锰体系<script>x</script></p>",
    "track": "advanced-energy",
    "keywords": ["钠离子电池", "正极材料"],
    "trl": 6,
    "transfer_modes": ["license", "joint_development"],
    "institution": "天津大学",
    "language": "zh",
}
DEMAND = {
    "type": "demand",
    "ref": "D001",
    "title": "储能电站低温电池",
    "summary": "零下二十度稳定放电。",
    "description": "冬季容量衰减。",
    "track": "advanced-energy",
    "keywords": ["储能", "低温性能"],
    "budget_cny": 3000000,
    "deadline": "2027-06-30",
    "organization": "滨海储能科技有限公司",
    "language": "zh",
}


@pytest.fixture(autouse=True)
def _english(english):
    """Reasons are asserted in English; the command speaks the active language."""


@pytest.fixture
def jsonl(tmp_path):
    def write(*lines):
        path = tmp_path / "listings.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(path)

    return write


@pytest.mark.smoke
def test_bad_line_is_reported_with_number_and_reason_and_the_rest_imported(tracks, jsonl, capsys):
    path = jsonl(_line(**TECH), _line(**{**TECH, "ref": "T002", "track": "quantum"}), _line(**DEMAND))
    with pytest.raises(CommandError) as excinfo:
        call_command("import_listings", path)
    assert excinfo.value.returncode == 1
    out, err = capsys.readouterr()
    # Not a terminal: no progress bar, only the bad lines on stderr.
    assert err.splitlines() == ['line 2: unknown track slug "quantum"']
    assert "3 lines: 2 created, 0 updated, 1 failed" in out
    tech = Technology.objects.get(ref="T001")
    assert tech.title == "高倍率钠离子电池正极材料"
    assert tech.description == "<p>铜铁锰体系<script>x</script></p>"  # as written; shown as text
    assert "<script" not in str(render_markdown(tech.description))
    assert tech.trl == 6
    assert tech.transfer_modes == ["license", "joint_development"]
    assert tech.status == Listing.Status.DRAFT
    assert tech.organisation.name == "天津大学"
    assert tech.organisation.kind == Organisation.Kind.UNIVERSITY
    demand = Demand.objects.get(ref="D001")
    assert demand.budget_max_cny == 3_000_000
    assert str(demand.deadline) == "2027-06-30"
    assert demand.organisation.kind == Organisation.Kind.ENTERPRISE
    assert not Technology.objects.filter(ref="T002").exists()


def test_clean_file_exits_zero_and_publish_makes_listings_public(tracks, jsonl, capsys):
    call_command("import_listings", jsonl(_line(**TECH), _line(**DEMAND)), "--publish")
    assert "2 lines: 2 created, 0 updated, 0 failed" in capsys.readouterr().out
    assert list(Technology.objects.published().values_list("ref", flat=True)) == ["T001"]
    assert list(Demand.objects.published().values_list("ref", flat=True)) == ["D001"]
    assert Technology.objects.get(ref="T001").published_at is not None


def test_reimport_of_the_same_ref_updates_that_listing(tracks):
    import_listings([_line(**TECH)])
    first = Technology.objects.get(ref="T001")
    report = import_listings([_line(**{**TECH, "title": "更新后的标题", "trl": 7})])
    assert (report.created, report.updated, report.failed) == (0, 1, 0)
    updated = Technology.objects.get(ref="T001")
    assert updated.pk == first.pk
    assert (updated.title, updated.trl) == ("更新后的标题", 7)
    assert Technology.objects.count() == 1
    assert Organisation.objects.filter(name="天津大学").count() == 1


def test_same_ref_twice_in_one_file_keeps_the_last(tracks):
    report = import_listings([_line(**TECH), _line(**{**TECH, "title": "第二次"})])
    assert (report.created, report.updated) == (1, 1)
    assert Technology.objects.get(ref="T001").title == "第二次"


def test_existing_organisation_is_reused(tracks, university):
    import_listings([_line(**{**TECH, "institution": university.name})])
    assert Technology.objects.get(ref="T001").organisation == university


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "invalid JSON (Expecting property name enclosed in double quotes)"),
        ("[1, 2]", "expected a JSON object"),
        (_line(**{**TECH, "type": "patent"}), 'unknown type "patent" (expected technology or demand)'),
        (_line(**{**TECH, "trl": 12}), "trl must be a whole number from 1 to 9, got 12"),
        (_line(**{**TECH, "trl": "6"}), 'trl must be a whole number from 1 to 9, got "6"'),
        (
            _line(**{**TECH, "transfer_modes": ["sale"]}),
            'bad transfer mode "sale" (allowed: license, assignment, joint_development, equity)',
        ),
        (
            _line(**{**DEMAND, "deadline": "2027-13-01"}),
            'bad date "2027-13-01" in “deadline” (expected YYYY-MM-DD)',
        ),
        (
            _line(**{**DEMAND, "deadline": "30/06/2027"}),
            'bad date "30/06/2027" in “deadline” (expected YYYY-MM-DD)',
        ),
        (_line(**{k: v for k, v in TECH.items() if k != "title"}), "missing required field “title”"),
        (
            _line(**{k: v for k, v in TECH.items() if k != "institution"}),
            "missing required field “institution”",
        ),
        (_line(**{k: v for k, v in DEMAND.items() if k != "ref"}), "missing required field “ref”"),
        (_line(**{**TECH, "language": "fr"}), 'language must be zh or en, got "fr"'),
        (
            _line(**{**DEMAND, "budget_cny": -5}),
            "“budget_cny” must be a whole number of at least 0 or null, got -5",
        ),
        (_line(**{**TECH, "keywords": "电池"}), "“keywords” must be a list of strings"),
        (
            _line(**{**TECH, "ref": "T 1/2"}),
            'bad ref "T 1/2" (letters, digits, dots, dashes and underscores)',
        ),
        (
            _line(**{**TECH, "translation": "Sodium"}),
            "“translation” must be an object with “title” and “summary”",
        ),
        (_line(**{**TECH, "translation": {"titel": "x"}}), "unknown field in “translation”: titel"),
        (_line(**{**TECH, "translation": {"title": 5}}), "“translation.title” must be text"),
        (
            _line(**{**TECH, "translation": {"title": "x" * 201}}),
            "“translation.title” is longer than 200 characters",
        ),
    ],
)
def test_each_kind_of_bad_line_has_a_clear_reason(tracks, line, reason):
    report = import_listings([_line(**DEMAND), line])
    assert [(e.line, e.reason) for e in report.errors] == [(2, reason)]
    assert report.created == 1


def test_null_budget_and_deadline_are_accepted(tracks):
    report = import_listings([_line(**{**DEMAND, "budget_cny": None, "deadline": None})])
    assert report.ok
    demand = Demand.objects.get(ref="D001")
    assert (demand.budget_max_cny, demand.deadline) == (None, None)


def test_one_listings_changed_signal_per_batch(tracks, django_capture_on_commit_callbacks):
    calls = []

    def receiver(sender, ids, **kwargs):
        calls.append((sender, len(ids)))

    lines = [_line(**{**TECH, "ref": f"T{i:04d}"}) for i in range(7)]
    listings_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            import_listings(lines, batch_size=3)
    finally:
        listings_changed.disconnect(receiver)
    assert calls == [(Technology, 3), (Technology, 3), (Technology, 1)]


def test_missing_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match="cannot read /nonexistent.jsonl"):
        call_command("import_listings", "/nonexistent.jsonl")


@pytest.mark.postgres
def test_postgresql_upsert_keeps_primary_keys_and_publishes(tracks):
    assert connection.vendor == "postgresql"
    import_listings([_line(**TECH), _line(**DEMAND)])
    pk = Technology.objects.get(ref="T001").pk
    report = import_listings(
        [_line(**{**TECH, "title": "新标题"}), _line(**{**TECH, "ref": "T002"})], publish=True
    )
    assert (report.created, report.updated) == (1, 1)
    tech = Technology.objects.get(ref="T001")
    assert (tech.pk, tech.title, tech.status, tech.keywords) == (
        pk,
        "新标题",
        "published",
        ["钠离子电池", "正极材料"],
    )
    assert report.ids["technology"] == [pk, Technology.objects.get(ref="T002").pk]


@pytest.mark.postgres
def test_postgresql_reimport_of_unchanged_lines_writes_and_signals_nothing(
    tracks, django_capture_on_commit_callbacks
):
    import_listings([_line(**TECH), _line(**DEMAND)], publish=True)
    before = Technology.objects.get(ref="T001").updated_at
    calls = []

    def receiver(sender, ids, **kwargs):
        calls.append((sender, ids))

    listings_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = import_listings([_line(**TECH), _line(**DEMAND)], publish=True)
    finally:
        listings_changed.disconnect(receiver)
    assert (report.created, report.updated, report.failed) == (0, 2, 0)
    assert calls == []
    assert Technology.objects.get(ref="T001").updated_at == before


def test_the_translation_object_gives_the_listing_its_other_language(tracks):
    line = {
        **TECH,
        "translation": {"title": "High-rate sodium-ion cathode", "summary": "A low-cost layered oxide."},
    }
    assert import_listings([_line(**line)]).ok
    tech = Technology.objects.get(ref="T001")
    assert (tech.translated_title, tech.translated_summary) == (
        "High-rate sodium-ion cathode",
        "A low-cost layered oxide.",
    )
    # The file is the listing's truth: a line without a translation removes it, like any other field.
    assert import_listings([_line(**TECH)]).ok
    tech.refresh_from_db()
    assert (tech.translated_title, tech.translated_summary) == ("", "")
