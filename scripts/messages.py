"""Rebuild the Chinese message catalogue from the code and the translation sources.

Why sources: several people add strings at once, and a single generated .po file merges badly.
Each part of the site keeps its translations in locale/zh_Hans/sources/<part>.json
({"English msgid": "中文"}, with "msgid|context" keys for pgettext); this script extracts every
string with makemessages, fills the .po from the sources, and compiles the .mo with polib.

    python scripts/messages.py            rebuild django.po and django.mo
    python scripts/messages.py --check    also fail when a string has no translation or the
                                          committed catalogue is stale
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
SOURCES = ROOT / "locale" / "zh_Hans" / "sources"
PO = LOCALE_DIR / "django.po"
MO = LOCALE_DIR / "django.mo"


def load_sources():
    translations = {}
    for path in sorted(SOURCES.glob("*.json")):
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            if key in translations and translations[key] != value:
                print(
                    f"{path.name}: '{key}' translated differently elsewhere; keeping the first",
                    file=sys.stderr,
                )
                continue
            translations[key] = value
    return translations


def extract():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev"),
    }
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--no-obsolete",
            "-i",
            ".venv",
            "-i",
            ".services",
            "-i",
            "node_modules",
            "-i",
            "staticfiles",
            "-i",
            "tests",
            "-i",
            "benchmarks",
            "-i",
            "scripts",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def fill(translations):
    po = polib.pofile(str(PO))
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    # Dates in the header would make every rebuild differ from the committed catalogue.
    for volatile in ("POT-Creation-Date", "PO-Revision-Date"):
        po.metadata.pop(volatile, None)
    missing = []
    for entry in po:
        key = f"{entry.msgid}|{entry.msgctxt}" if entry.msgctxt else entry.msgid
        value = translations.get(key)
        if value is None:
            missing.append(key)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save(str(PO))
    po.save_as_mofile(str(MO))
    return missing


def main():
    check = "--check" in sys.argv
    before = MO.read_bytes() if MO.exists() else b""
    extract()
    missing = fill(load_sources())
    for key in missing:
        print(f"untranslated: {key}", file=sys.stderr)
    if check and missing:
        print(f"{len(missing)} strings have no Chinese translation in {SOURCES}", file=sys.stderr)
        return 1
    if check and MO.read_bytes() != before:
        print("The committed catalogue was stale: run `make messages` and commit locale/.", file=sys.stderr)
        return 1
    print(f"{PO.relative_to(ROOT)}: {len(polib.pofile(str(PO)))} strings, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
