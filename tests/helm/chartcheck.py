"""Static checks of a Helm chart that need neither a cluster nor the helm binary.

Every function is pure over the files of a chart directory and returns a list of problems
(empty means fine), so tests and CI can print exactly what is wrong.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator

# One template action: {{ ... }} with optional whitespace trimming dashes.
_ACTION = re.compile(r"\{\{-?(.*?)-?\}\}", re.DOTALL)
# .Values.a.b, $.Values.a.b and $root.Values.a.b all reach into the values tree.
_VALUES_PATH = re.compile(r"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
# index .Values "a" "b" (used for keys that are not identifiers).
_INDEX_VALUES = re.compile(r'index\s+\$?\w*\.Values((?:\.[A-Za-z_]\w*)*)((?:\s+"[^"]*")+)')
_INCLUDE = re.compile(r'\b(?:include|template)\s+"([^"]+)"')
_DEFINE = re.compile(r'\b(?:define|block)\s+"([^"]+)"')
_OPENERS = ("if", "range", "with", "define", "block")


def _actions(text: str) -> list[str]:
    """The bodies of every non-comment template action in ``text``."""
    bodies = (m.group(1).strip() for m in _ACTION.finditer(text))
    return [b for b in bodies if not b.startswith("/*")]


def template_files(chart_dir: Path) -> list[Path]:
    """Every file under templates/ that helm renders or reads (yaml, tpl, txt)."""
    root = Path(chart_dir) / "templates"
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in {".yaml", ".yml", ".tpl", ".txt"}
    )


def values_references(text: str) -> set[tuple[str, ...]]:
    """The value paths (as key tuples) a template refers to."""
    found: set[tuple[str, ...]] = set()
    for body in _actions(text):
        for match in _VALUES_PATH.finditer(body):
            found.add(tuple(match.group(1).lstrip(".").split(".")))
        for match in _INDEX_VALUES.finditer(body):
            head = [k for k in match.group(1).split(".") if k]
            found.add(tuple(head + re.findall(r'"([^"]*)"', match.group(2))))
    return found


def _has_path(values: Any, path: tuple[str, ...]) -> bool:
    node = values
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def missing_values_references(chart_dir: Path) -> list[str]:
    """References to values that values.yaml does not define (typos, renamed keys)."""
    chart_dir = Path(chart_dir)
    values = yaml.safe_load((chart_dir / "values.yaml").read_text(encoding="utf-8")) or {}
    problems = []
    for path in template_files(chart_dir):
        for ref in sorted(values_references(path.read_text(encoding="utf-8"))):
            if not _has_path(values, ref):
                problems.append(
                    f"{path.relative_to(chart_dir)}: .Values.{'.'.join(ref)} is not in values.yaml"
                )
    return problems


def defined_templates(chart_dir: Path) -> set[str]:
    """Names of the named templates defined in the chart's .tpl files."""
    names: set[str] = set()
    for path in template_files(chart_dir):
        if path.suffix == ".tpl":
            for body in _actions(path.read_text(encoding="utf-8")):
                names.update(_DEFINE.findall(body))
    return names


def undefined_includes(chart_dir: Path) -> list[str]:
    """include/template calls naming a template that no .tpl file defines."""
    chart_dir = Path(chart_dir)
    known = defined_templates(chart_dir)
    problems = []
    for path in template_files(chart_dir):
        for body in _actions(path.read_text(encoding="utf-8")):
            for name in _INCLUDE.findall(body):
                if name not in known:
                    problems.append(
                        f"{path.relative_to(chart_dir)}: include {name!r} is not defined"
                    )
    return problems


def unbalanced_blocks(chart_dir: Path) -> list[str]:
    """Files whose if/range/with/define blocks and {{ end }} do not pair up."""
    chart_dir = Path(chart_dir)
    problems = []
    for path in template_files(chart_dir):
        text = path.read_text(encoding="utf-8")
        if text.count("{{") != text.count("}}"):
            problems.append(f"{path.relative_to(chart_dir)}: unmatched {{{{ or }}}}")
            continue
        depth = 0
        for body in _actions(text):
            word = body.split(None, 1)[0] if body else ""
            if word in _OPENERS:
                depth += 1
            elif word == "end":
                depth -= 1
                if depth < 0:
                    break
        if depth != 0:
            problems.append(f"{path.relative_to(chart_dir)}: {depth:+d} unclosed block(s)")
    return problems


def yaml_parse_errors(chart_dir: Path) -> list[str]:
    """YAML files outside templates/ that do not parse."""
    chart_dir = Path(chart_dir)
    problems = []
    for path in sorted(chart_dir.rglob("*.y*ml")):
        if "templates" in path.relative_to(chart_dir).parts:
            continue
        try:
            list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        except yaml.YAMLError as exc:
            problems.append(f"{path.relative_to(chart_dir)}: {exc}")
    return problems


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge user values over defaults the way helm does (maps merge, the rest replaces)."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_values(chart_dir: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The chart's default values with ``overrides`` merged over them."""
    values = yaml.safe_load((Path(chart_dir) / "values.yaml").read_text(encoding="utf-8")) or {}
    return deep_merge(values, overrides or {})


def schema_errors(chart_dir: Path, values: dict[str, Any]) -> list[str]:
    """Why ``values`` fails values.schema.json, one line per error."""
    schema = json.loads((Path(chart_dir) / "values.schema.json").read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    validator = Draft7Validator(schema)
    errors = sorted(validator.iter_errors(values), key=lambda e: list(e.absolute_path))
    return [f"{'.'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors]
