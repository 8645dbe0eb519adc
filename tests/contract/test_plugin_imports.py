"""Plugins import core, tenants, themselves and third-party libraries, never another plugin or app code."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_TOP = {"tests", "bench", "policies"}


def _plugin_packages() -> list[tuple[str, Path]]:
    """(package import name, folder) of built-in plugins and example plugins."""
    found = [(f"plugins.{p.name}", p) for p in sorted((ROOT / "plugins").iterdir())
             if p.is_dir() and (p / "__init__.py").exists()]
    for example in sorted((ROOT / "examples").iterdir()):
        for pkg in sorted(example.iterdir()):
            if pkg.is_dir() and (pkg / "__init__.py").exists() and pkg.name != "tests":
                found.append((pkg.name, pkg))
    return found


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def _violations() -> list[str]:
    packages = _plugin_packages()
    others = {name for name, _ in packages}
    bad = []
    for name, folder in packages:
        for path in sorted(folder.rglob("*.py")):
            if "tests" in path.relative_to(folder).parts:
                continue
            for imported in _imports(path):
                top = imported.split(".")[0]
                own = imported == name or imported.startswith(name + ".")
                if own:
                    continue
                if top in FORBIDDEN_TOP or (top == "plugins") or any(
                        imported == o or imported.startswith(o + ".") for o in others):
                    bad.append(f"{path.relative_to(ROOT)} imports {imported}")
    return bad


def test_plugins_import_only_core_tenants_and_themselves():
    assert _plugin_packages(), "no plugin packages found to check"
    assert _violations() == []


def test_the_check_catches_a_plugin_importing_another(tmp_path, monkeypatch):
    bad = tmp_path / "bad.py"
    bad.write_text("from plugins.patrol.services import X\nimport shequ_reception.models\n", encoding="utf-8")
    assert _imports(bad) == ["plugins.patrol.services", "shequ_reception.models"]
