"""The reference data the site needs at run time, read from ``taxonomy/data/*.json``.

The eight tracks of the plan (slugs fixed by the import format), the development zones and the
general technology-transfer terms of the bilingual glossary. Editors change tracks and zones in the
admin afterwards; ``load_reference_data`` only creates what is missing or resets the plan's wording.
"""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name):
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


TRACKS = _read("tracks")
TRACK_SLUGS = tuple(track["slug"] for track in TRACKS)
DEVELOPMENT_ZONES = _read("zones")
GENERAL_TERMS = [(term["zh"], term["en"]) for term in _read("glossary")]


def _build_glossary():
    seen = set()
    pairs = []
    for track in TRACKS:
        for keyword in track["keywords"]:
            if keyword["zh"] not in seen:
                seen.add(keyword["zh"])
                pairs.append((keyword["zh"], keyword["en"]))
    for zh, en in GENERAL_TERMS:
        if zh not in seen:
            seen.add(zh)
            pairs.append((zh, en))
    return pairs


# Every track keyword plus the general terms: the bilingual search glossary and jieba's user
# dictionary, so Chinese terms contain no spaces.
GLOSSARY = _build_glossary()
