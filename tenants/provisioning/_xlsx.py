"""Read the XLSX form of a provisioning document: one row per node, linked by parent_code.

A node with several accounts repeats its row (same level, name, code and parent code) once per
account; the repeated rows add administrators and nothing else.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from typing import Any

from core.messages import N_
from core.xlsx import XlsxError, XlsxLimits, read_values
from ._spec import (
    ADMIN_KEYS,
    MAX_NODES,
    NodeSpec,
    ProvisionError,
    admin_spec,
    fail,
    level_of,
    module_list,
    text_field,
)

# Column name -> accepted Chinese header.
XLSX_COLUMNS = {
    "level": "层级",
    "name": "名称",
    "code": "编码",
    "parent_code": "上级编码",
    "admin_username": "管理员账号",
    "admin_password": "管理员密码",
    "admin_display_name": "管理员姓名",
    "admin_role": "管理员角色",
    "modules": "模块",
}
_HEADER_LOOKUP = {alias: column for column, zh in XLSX_COLUMNS.items() for alias in (column, zh)}
_REQUIRED_COLUMNS = ("level", "name", "code")
# Blank and title rows count towards this; it bounds the work a hostile workbook can cause.
_MAX_ROWS = 5 * MAX_NODES


XLSX_LIMITS = XlsxLimits(max_rows=_MAX_ROWS, max_cells=_MAX_ROWS * 20, max_columns=100,
                         max_shared_strings=_MAX_ROWS * 12, max_uncompressed_bytes=64 * 1024 * 1024,
                         max_seconds=30.0)
"""What one provisioning workbook may cost to read (a 5 MB upload of real rows stays well inside)."""


def parse_xlsx(data: bytes, errors: list[ProvisionError]) -> list[NodeSpec]:
    """Read the first sheet into parent-first nodes, appending row problems to ``errors``.

    Blocking (up to XLSX_LIMITS.max_seconds): callers on an event loop run it in a thread.
    """
    try:
        rows = read_values(data, XLSX_LIMITS)
    except XlsxError as exc:
        params = {k: v for k, v in exc.params.items() if k != "field"}
        fail(exc.msgid, **params)
    return _parent_first(_read_rows(rows, errors))


def _header_key(value: Any) -> str:
    # Templates often mark columns as "名称*" or "编码（12位）"; match on the bare name.
    text = re.sub(r"[（(].*?[）)]|\*", "", str(value)).strip().lower()
    return re.sub(r"[\s-]+", "_", text)


def _read_rows(rows: list[tuple[int, list[Any]]], errors: list[ProvisionError]) -> list[NodeSpec]:
    columns: dict[str, int] | None = None
    nodes: list[NodeSpec] = []
    by_code: dict[str, NodeSpec] = {}
    for number, cells in rows:
        if columns is None:
            # Rows before the header (a title such as "XX街道网格台账") are skipped.
            if any(_header_key(v) in _HEADER_LOOKUP for v in cells if v is not None):
                columns = _read_header(cells, number, errors)
                if columns is None:
                    return []
            continue
        node = _row_node(number, cells, columns, errors)
        first = by_code.get(node.code)
        if first is not None and _same_node(first, node):
            # A node's row repeated with another account: one more administrator for it.
            nodes[nodes.index(first)] = by_code[node.code] = replace(
                first,
                admins=first.admins + node.admins,
                modules=tuple(dict.fromkeys(first.modules + node.modules)),
            )
            continue
        if len(nodes) >= MAX_NODES:
            fail(N_("the document has more than {limit:,} nodes"), limit=MAX_NODES)
        nodes.append(node)
        by_code.setdefault(node.code, node)
    if columns is None:
        expected = ", ".join(f"{c} ({XLSX_COLUMNS[c]})" for c in _REQUIRED_COLUMNS)
        fail(
            N_("no header row found in the first sheet: expected columns {expected}"),
            expected=expected,
        )
    return nodes


def _same_node(first: NodeSpec, row: NodeSpec) -> bool:
    """True when ``row`` repeats ``first`` (level, name, code, parent) to add an account."""
    return bool(row.code and row.admins) and (row.level, row.name, row.parent_code) == (
        first.level,
        first.name,
        first.parent_code,
    )


def _read_header(
    cells: list[Any], number: int, errors: list[ProvisionError]
) -> dict[str, int] | None:
    ref, columns = f"row {number}", {}
    for index, value in enumerate(cells):
        if value is None:
            continue
        column = _HEADER_LOOKUP.get(_header_key(value))
        if column is None:
            errors.append(
                ProvisionError(
                    ref,
                    str(value).strip(),
                    N_('unknown column "{column}": expected {expected}'),
                    {"column": str(value).strip(), "expected": ", ".join(XLSX_COLUMNS)},
                )
            )
        elif column in columns:
            errors.append(
                ProvisionError(
                    ref, column, N_('column "{column}" appears twice'), {"column": column}
                )
            )
        else:
            columns[column] = index
    missing = [f"{c} ({XLSX_COLUMNS[c]})" for c in _REQUIRED_COLUMNS if c not in columns]
    if missing:
        errors.append(
            ProvisionError(
                ref,
                None,
                N_("missing required column(s): {columns}"),
                {"columns": ", ".join(missing)},
            )
        )
        return None
    return columns


def _row_node(
    number: int, cells: list[Any], columns: dict[str, int], errors: list[ProvisionError]
) -> NodeSpec:
    ref = f"row {number}"

    def cell(column: str) -> Any:
        index = columns.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    text = {c: text_field(cell(c), ref, c, errors) for c in XLSX_COLUMNS if c != "modules"}
    level = level_of(text["level"])
    admin_values = [text[f"admin_{k}"] for k in ADMIN_KEYS]
    return NodeSpec(
        ref=ref,
        level=level,
        name=text["name"],
        code=text["code"],
        parent_code=text["parent_code"] or None,
        admins=(admin_spec(level, *admin_values),) if any(admin_values) else (),
        modules=module_list(cell("modules"), ref, errors),
    )


def _parent_first(nodes: list[NodeSpec]) -> list[NodeSpec]:
    """Order rows so every parent precedes its children; rows stuck in a cycle go last."""
    first_by_code: dict[str, NodeSpec] = {}
    for node in nodes:
        if node.code:
            first_by_code.setdefault(node.code, node)
    children: dict[str, list[NodeSpec]] = defaultdict(list)
    roots = []
    for node in nodes:
        if node.parent_code is not None and node.parent_code in first_by_code:
            children[node.parent_code].append(node)
        else:
            roots.append(node)  # top level, or an unknown parent that validate_plan reports
    ordered, placed = [], set()
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        ordered.append(node)
        placed.add(id(node))
        # Only the first row holding a code adopts its children; duplicates are reported.
        if first_by_code.get(node.code) is node:
            stack += reversed(children.pop(node.code, []))
    return ordered + [node for node in nodes if id(node) not in placed]
