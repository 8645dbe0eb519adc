"""A hook that is not documented and tested does not exist."""

from __future__ import annotations

import re
from pathlib import Path

import core.hookspecs

ROOT = Path(__file__).resolve().parents[2]


def _specs() -> list[str]:
    return sorted(name for name, fn in vars(core.hookspecs).items()
                  if callable(fn) and hasattr(fn, "shequ_spec"))


def test_specs_are_found():
    assert {"register_routes", "module_enabled", "validate_module_config"} <= set(_specs())


def test_every_hook_spec_is_documented():
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^###\s+`?(\w+)\(", docs, re.M))
    missing = [name for name in _specs() if name not in headings]
    assert missing == [], f"docs/plugins.md needs a '### name(args)' section for: {missing}"


def test_every_hook_spec_has_a_test():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py"))
    tested = set(re.findall(r"def test_hook_(\w+?)(?:\[|\()", source))
    missing = [name for name in _specs() if name not in tested]
    assert missing == [], f"add a test_hook_<name> for: {missing}"


def test_hook_implementations_live_only_in_hooks_py():
    offenders = []
    for folder in [*(ROOT / "plugins").glob("*/"), *(ROOT / "examples").glob("*/*/")]:
        for path in folder.rglob("*.py"):
            if path.name != "hooks.py" and "tests" not in path.parts and "@hookimpl" in path.read_text(encoding="utf-8"):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
