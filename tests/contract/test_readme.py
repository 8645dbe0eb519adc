"""The README tells a newcomer the truth: its login table is what `shequ demo` prints, and every
module it names exists (built in under plugins/, or an example under examples/)."""

from __future__ import annotations

import re
from pathlib import Path

from core.demo import DEMO_DOCUMENT, demo_logins

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_login_table_lists_every_printed_login():
    rows = re.findall(r"^\| `([^`]+)`\s*\| `([^`]+)`\s*\|", _section("Trying the demo"), re.M)
    printed = [(u, p) for u, p, _role, _org in demo_logins(DEMO_DOCUMENT.read_bytes())]
    assert rows == printed


def test_every_module_named_exists():
    named = re.findall(r"^\| `([a-z][a-z0-9_]*)` \|", _section("Modules"), re.M)
    assert "patrol" in named
    built_in = {p.name for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").is_file()}
    examples = {m.group(1) for f in (ROOT / "examples").glob("*/pyproject.toml")
                for m in re.finditer(r'^(\w+) = "', f.read_text(encoding="utf-8").split('"shequ.plugins"]', 1)[-1], re.M)}
    assert [m for m in named if m not in built_in | examples] == []
    # and no seed practice is promised before its plugin exists
    promised = {"supermarket": "爱心超市", "children": "留守儿童之家", "party": "在职党员", "demands": "民情流水线"}
    assert [pid for pid, zh in promised.items() if zh in README and pid not in built_in] == []
