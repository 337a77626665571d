"""The structure the README's architecture section promises, checked on the source itself."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = [
    "core", "accounts", "taxonomy", "notifications",
    "listings", "search", "dealflow", "roadshow", "procurement", "network",
    "home", "digest", "indicators",
]  # fmt: skip
# Data, not code: the demo content and the reference data are long by nature.
DATA_MODULES = {"demo/site_data.py"}


def project_modules():
    for app in [*APPS, "demo", "marketplace"]:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_outgrows_700_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in project_modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 700
    }
    assert set(long) <= DATA_MODULES, long


def test_no_app_of_the_project_is_optional_behind_except_import_error():
    hidden = []
    for path in project_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Try):
                continue
            catches_import_error = any(
                isinstance(handler.type, ast.Name)
                and handler.type.id in ("ImportError", "ModuleNotFoundError")
                for handler in node.handlers
            )
            imported = [
                (child.module or "") if isinstance(child, ast.ImportFrom) else child.names[0].name
                for child in ast.walk(node)
                if isinstance(child, (ast.Import, ast.ImportFrom)) and not getattr(child, "level", 0)
            ]
            if catches_import_error and any(name.split(".")[0] in APPS for name in imported):
                hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert hidden == []


def test_the_floors_hold():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "4 kept, 0 broken" in result.stdout
