"""Read provisioning documents (JSON, YAML, XLSX) into a flat, parent-first list of nodes."""

from __future__ import annotations

import json
from typing import Any

import yaml

from core.messages import N_

from ._spec import (
    ADMIN_KEYS,
    MAX_DOCUMENT_BYTES,
    MAX_NODES,
    NODE_KEYS,
    NodeSpec,
    ProvisionDocumentError,
    ProvisionError,
    admin_spec,
    fail,
    kind_of,
    level_of,
    module_list,
    text_field,
)

def parse_document(
    data: bytes, fmt: str | None = None, filename: str | None = None
) -> list[NodeSpec]:
    """Parse a JSON, YAML or XLSX provisioning document into nodes, parents before children."""
    errors: list[ProvisionError] = []
    nodes = parse_collecting(data, fmt, filename, errors)
    if errors:
        raise ProvisionDocumentError(errors)
    return nodes


def parse_collecting(
    data: bytes, fmt: str | None, filename: str | None, errors: list[ProvisionError]
) -> list[NodeSpec]:
    """Parse like parse_document but append per-node problems to ``errors`` instead of raising."""
    if len(data) > MAX_DOCUMENT_BYTES:
        fail(
            N_("the document is {size:,} bytes; the limit is {limit:,} bytes (5 MB)"),
            size=len(data),
            limit=MAX_DOCUMENT_BYTES,
        )
    kind = _detect_format(data, fmt, filename)
    if kind == "xlsx":
        from ._xlsx import parse_xlsx  # openpyxl is heavy; only spreadsheet uploads pay for it

        return parse_xlsx(data, errors)
    return _parse_tree(_load_text(data, kind), errors)


def _detect_format(data: bytes, fmt: str | None, filename: str | None) -> str:
    known = {"json": "json", "yaml": "yaml", "yml": "yaml", "xlsx": "xlsx"}
    if fmt:
        kind = known.get(fmt.strip().lower().lstrip("."))
        if kind is None:
            fail(N_('unsupported format "{format}": expected json, yaml or xlsx'), format=fmt)
        return kind
    ext = filename.rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    if ext in known:
        return known[ext]
    if ext == "xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        fail(N_("legacy .xls workbooks are not supported: save the file as .xlsx"))
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    return "json" if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") else "yaml"


# libyaml's parser when PyYAML was built with it (the wheels are): a city's document parses
# about thirty times faster than with the pure-Python parser.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextLoader(_SafeBase):
    """Safe YAML loader that leaves numbers, booleans and dates as text."""


# Codes must survive verbatim: YAML 1.1 would read 0101 as octal 65 and 110101001001 as an
# int, and a node named "NO" or "2025-01" would turn into a bool or a date. Nothing in a
# provisioning document is numeric, so those implicit types are switched off.
_TextLoader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if not tag.endswith(("int", "float", "bool", "timestamp"))
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_text(data: bytes, kind: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows editors in China still save "ANSI" text as GBK; GB18030 is its superset.
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            fail(N_("the document is neither UTF-8 nor GB18030 text"))
    try:
        if kind == "json":
            return json.loads(text, parse_int=str)  # keep integer codes digit for digit
        return yaml.load(text, Loader=_TextLoader)  # noqa: S506 - a SafeLoader subclass
    except json.JSONDecodeError as exc:
        fail(
            N_("not valid JSON: {problem} at line {line}, column {column}"),
            problem=exc.msg,
            line=exc.lineno,
            column=exc.colno,
        )
    except yaml.MarkedYAMLError as exc:
        mark, problem = exc.problem_mark, exc.problem or exc.context
        if mark is None:
            fail(N_("not valid YAML: {problem}"), problem=problem)
        fail(
            N_("not valid YAML: {problem} at line {line}, column {column}"),
            problem=problem,
            line=mark.line + 1,
            column=mark.column + 1,
        )
    except (yaml.YAMLError, ValueError) as exc:
        fail(N_("not valid {kind}: {problem}"), kind=kind.upper(), problem=str(exc))
    except RecursionError:
        fail(N_("the document is nested too deeply"))


def _parse_tree(doc: Any, errors: list[ProvisionError]) -> list[NodeSpec]:
    if not isinstance(doc, dict) or "nodes" not in doc:
        fail(N_('expected a mapping with a "nodes" list at the top level'))
    errors += [
        ProvisionError(
            "document",
            str(key),
            N_('unknown key "{key}": only "nodes" is allowed here'),
            {"key": str(key)},
        )
        for key in doc
        if key != "nodes"
    ]
    roots = doc["nodes"]
    if not isinstance(roots, list):
        errors.append(
            ProvisionError(
                "document", "nodes", N_("expected a list, got {kind}"), {"kind": kind_of(roots)}
            )
        )
        return []
    nodes: list[NodeSpec] = []
    found = len(roots)
    # An explicit stack gives pre-order (parents first) without Python recursion limits.
    stack: list[tuple[str, Any, str | None]] = [
        (f"nodes[{i}]", raw, None) for i, raw in reversed(list(enumerate(roots)))
    ]
    while stack:
        ref, raw, parent_code = stack.pop()
        node, children = _tree_node(ref, raw, parent_code, errors)
        if node is None:
            continue
        nodes.append(node)
        found += len(children)
        # Counted before pushing: YAML aliases can make a small file describe a huge tree.
        if found > MAX_NODES:
            fail(N_("the document has more than {limit:,} nodes"), limit=MAX_NODES)
        stack += [
            (f"{ref}.children[{i}]", c, node.code) for i, c in reversed(list(enumerate(children)))
        ]
    return nodes


def _tree_node(
    ref: str, raw: Any, parent_code: str | None, errors: list[ProvisionError]
) -> tuple[NodeSpec | None, list[Any]]:
    if not isinstance(raw, dict):
        errors.append(
            ProvisionError(ref, None, N_("expected a mapping, got {kind}"), {"kind": kind_of(raw)})
        )
        return None, []
    errors += [
        ProvisionError(
            ref,
            str(key),
            N_('unknown key "{key}": expected {expected}'),
            {"key": str(key), "expected": ", ".join(NODE_KEYS)},
        )
        for key in raw
        if key not in NODE_KEYS
    ]
    level = level_of(text_field(raw.get("level"), ref, "level", errors))
    children = raw.get("children") or []
    if not isinstance(children, list):
        errors.append(
            ProvisionError(
                ref, "children", N_("expected a list, got {kind}"), {"kind": kind_of(children)}
            )
        )
        children = []
    raw_admins = raw.get("admins") or []
    if not isinstance(raw_admins, list):
        errors.append(
            ProvisionError(
                ref, "admins", N_("expected a list, got {kind}"), {"kind": kind_of(raw_admins)}
            )
        )
        raw_admins = []
    admins = []
    for j, entry in enumerate(raw_admins):
        field = f"admins[{j}]"
        if not isinstance(entry, dict):
            errors.append(
                ProvisionError(
                    ref, field, N_("expected a mapping, got {kind}"), {"kind": kind_of(entry)}
                )
            )
            continue
        errors += [
            ProvisionError(
                ref,
                f"{field}.{key}",
                N_('unknown key "{key}": expected {expected}'),
                {"key": str(key), "expected": ", ".join(ADMIN_KEYS)},
            )
            for key in entry
            if key not in ADMIN_KEYS
        ]
        values = [text_field(entry.get(k), ref, f"{field}.{k}", errors) for k in ADMIN_KEYS]
        admins.append(admin_spec(level, *values))
    node = NodeSpec(
        ref=ref,
        level=level,
        name=text_field(raw.get("name"), ref, "name", errors),
        code=text_field(raw.get("code"), ref, "code", errors),
        parent_code=parent_code,
        admins=tuple(admins),
        modules=module_list(raw.get("modules"), ref, errors),
    )
    return node, children
