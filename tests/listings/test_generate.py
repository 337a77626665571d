import json

from django.core.management import call_command

from demo.synthetic import VOCABULARY, generate
from listings.models import Demand, Technology


def test_generation_is_deterministic_for_a_seed():
    first = list(generate(technologies=30, demands=10, seed=7))
    assert first == list(generate(technologies=30, demands=10, seed=7))
    assert first != list(generate(technologies=30, demands=10, seed=8))


def test_generated_rows_cover_every_track_and_both_languages():
    rows = list(generate(technologies=80, demands=40, seed=1))
    assert {row["track"] for row in rows} == set(VOCABULARY)
    assert {row["language"] for row in rows} == {"zh", "en"}
    assert all(1 <= row["trl"] <= 9 for row in rows if row["type"] == "technology")


def test_output_file_is_importable_without_errors(tracks, tmp_path, capsys):
    path = tmp_path / "synthetic.jsonl"
    call_command(
        "generate_listings", "--count", "40", "--demands", "16", "--seed", "3", "--output", str(path)
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 56
    assert json.loads(lines[0])["type"] == "technology"
    call_command("import_listings", str(path))
    assert Technology.objects.count() == 40
    assert Demand.objects.count() == 16


def test_publish_imports_published_listings(tracks, capsys):
    call_command("generate_listings", "--count", "16", "--demands", "8", "--publish")
    assert "24 created, 0 updated, 0 failed" in capsys.readouterr().out
    assert Technology.objects.published().count() == 16
    assert Demand.objects.published().count() == 8
