"""axe-core (npm, pinned in tests/browser/axe/package.json; `npm ci` there) run on a page.

The journeys call ``assert_accessible(page, name)`` on every page type they visit: no serious or
critical violation may remain. The script is injected with ``page.add_script_tag``, so the page's
context is made with ``bypass_csp=True`` (the site's own policy is tested elsewhere).
"""

import json
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def violations(page):
    """axe's violations on the page as it is now (serious and critical only)."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed: run `npm ci` in {AXE.parents[2]}")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await window.axe.run(document, {resultTypes: ['violations'], "
        "runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"][:5]],
        }
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
    ]


def assert_accessible(page, name):
    found = violations(page)
    assert found == [], f"{name}: {json.dumps(found, ensure_ascii=False, indent=1)}"
