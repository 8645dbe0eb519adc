"""Read provisioning documents (JSON, YAML, XLSX) into a flat, parent-first list of nodes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any, NoReturn

import yaml

from core.messages import N_, json_params, localize

LEVELS = ("city", "street", "community", "grid")  # index = depth in the territory tree
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_NODES = 20_000

_LEVEL_ALIASES = {
    **{level: level for level in LEVELS},
    "市": "city",
    "街道": "street",
    "镇": "street",
    "乡": "street",
    "乡镇": "street",
    "社区": "community",
    "村": "community",
    "网格": "grid",
}
# The usual first administrator of a node, used when a document names an admin but no role.
DEFAULT_ADMIN_ROLES = {
    "city": "city_admin",
    "street": "street_admin",
    "community": "community_secretary",
    "grid": "grid_worker",
}
_NODE_KEYS = ("level", "name", "code", "children", "admins", "modules")
_ADMIN_KEYS = ("username", "password", "display_name", "role")
# Module lists are typed by hand: accept ASCII and full-width commas, 、 and semicolons.
_MODULE_SPLIT = re.compile(r"[,，、;；\s]+")


@dataclass(frozen=True)
class AdminSpec:
    """A first administrator of a node: the user (created if new) and the role granted there."""

    username: str
    password: str | None  # None: the document sets no password; the applier decides
    display_name: str
    role: str


@dataclass(frozen=True)
class NodeSpec:
    """One org node of a document, normalised (English level, text code)."""

    ref: str  # "row 7" (xlsx) or "nodes[0].children[2]" (json/yaml), for error messages
    level: str
    name: str
    code: str
    parent_code: str | None  # None: the node attaches to the document's target org
    admins: tuple[AdminSpec, ...]
    modules: tuple[str, ...]


@dataclass(frozen=True)
class ProvisionError:
    """One problem in a document, located by node reference and field.

    ``msgid`` is an English message id (marked with ``N_``) and ``params`` its values, so the
    run page can show the problem in the reader's language; ``message`` is the English text.
    """

    ref: str  # "document" for problems with the document as a whole
    field: str | None
    msgid: str
    params: dict[str, Any] = _field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", json_params(self.params))

    @property
    def message(self) -> str:
        """The problem in English (the API's language)."""
        return localize(self)

    def __str__(self) -> str:
        where = self.ref if self.field is None else f'{self.ref}: field "{self.field}"'
        return f"{where}: {self.message}"


class ProvisionDocumentError(Exception):
    """A provisioning document was rejected; ``errors`` lists every problem found."""

    def __init__(self, errors: list[ProvisionError]) -> None:
        self.errors = list(errors)
        shown = "; ".join(str(e) for e in self.errors[:10])
        more = f"; and {len(self.errors) - 10} more" if len(self.errors) > 10 else ""
        super().__init__(f"{len(self.errors)} error(s) in provisioning document: {shown}{more}")


def _fail(msgid: str, **params: Any) -> NoReturn:
    raise ProvisionDocumentError([ProvisionError("document", None, msgid, params)])


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
        _fail(
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
            _fail(N_('unsupported format "{format}": expected json, yaml or xlsx'), format=fmt)
        return kind
    ext = filename.rsplit(".", 1)[-1].lower() if filename and "." in filename else ""
    if ext in known:
        return known[ext]
    if ext == "xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        _fail(N_("legacy .xls workbooks are not supported: save the file as .xlsx"))
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
            _fail(N_("the document is neither UTF-8 nor GB18030 text"))
    try:
        if kind == "json":
            return json.loads(text, parse_int=str)  # keep integer codes digit for digit
        return yaml.load(text, Loader=_TextLoader)  # noqa: S506 - a SafeLoader subclass
    except json.JSONDecodeError as exc:
        _fail(
            N_("not valid JSON: {problem} at line {line}, column {column}"),
            problem=exc.msg,
            line=exc.lineno,
            column=exc.colno,
        )
    except yaml.MarkedYAMLError as exc:
        mark, problem = exc.problem_mark, exc.problem or exc.context
        if mark is None:
            _fail(N_("not valid YAML: {problem}"), problem=problem)
        _fail(
            N_("not valid YAML: {problem} at line {line}, column {column}"),
            problem=problem,
            line=mark.line + 1,
            column=mark.column + 1,
        )
    except (yaml.YAMLError, ValueError) as exc:
        _fail(N_("not valid {kind}: {problem}"), kind=kind.upper(), problem=str(exc))
    except RecursionError:
        _fail(N_("the document is nested too deeply"))


def _kind(value: Any) -> dict[str, Any] | str:
    """What a value is, as a message param (rendered in the reader's language)."""
    if isinstance(value, dict):
        return {"msgid": N_("a mapping"), "params": {}}
    if isinstance(value, list | tuple):
        return {"msgid": N_("a list"), "params": {}}
    if isinstance(value, bool):
        return str(value).lower()  # the literal the author wrote
    return {"msgid": N_("a {type}"), "params": {"type": type(value).__name__}}


def _text(value: Any, ref: str, field: str, errors: list[ProvisionError]) -> str:
    """Return a field as stripped text; numbers (Excel, JSON) become their exact digits."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        # Excel stores every number as a double: 110101001001.0 is the code 110101001001,
        # but beyond 2**53 digits have already been lost and guessing would be wrong.
        if not value.is_integer():
            return str(value)
        if abs(value) <= 2**53:
            return str(int(value))
        errors.append(
            ProvisionError(
                ref,
                field,
                N_("number {value} is too large to be exact; store it as text"),
                {"value": repr(value)},
            )
        )
        return ""
    errors.append(
        ProvisionError(ref, field, N_("expected text, got {kind}"), {"kind": _kind(value)})
    )
    return ""


def _level(value: str) -> str:
    return _LEVEL_ALIASES.get(value.lower(), value)


def _modules(value: Any, ref: str, errors: list[ProvisionError]) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        found += [m for m in _MODULE_SPLIT.split(_text(item, ref, "modules", errors)) if m]
    return tuple(dict.fromkeys(found))  # drop repeats, keep the author's order


def _admin(level: str, username: str, password: str, display_name: str, role: str) -> AdminSpec:
    return AdminSpec(
        username,
        password or None,
        display_name or username,
        role or DEFAULT_ADMIN_ROLES.get(level, ""),
    )


def _parse_tree(doc: Any, errors: list[ProvisionError]) -> list[NodeSpec]:
    if not isinstance(doc, dict) or "nodes" not in doc:
        _fail(N_('expected a mapping with a "nodes" list at the top level'))
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
                "document", "nodes", N_("expected a list, got {kind}"), {"kind": _kind(roots)}
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
            _fail(N_("the document has more than {limit:,} nodes"), limit=MAX_NODES)
        stack += [
            (f"{ref}.children[{i}]", c, node.code) for i, c in reversed(list(enumerate(children)))
        ]
    return nodes


def _tree_node(
    ref: str, raw: Any, parent_code: str | None, errors: list[ProvisionError]
) -> tuple[NodeSpec | None, list[Any]]:
    if not isinstance(raw, dict):
        errors.append(
            ProvisionError(ref, None, N_("expected a mapping, got {kind}"), {"kind": _kind(raw)})
        )
        return None, []
    errors += [
        ProvisionError(
            ref,
            str(key),
            N_('unknown key "{key}": expected {expected}'),
            {"key": str(key), "expected": ", ".join(_NODE_KEYS)},
        )
        for key in raw
        if key not in _NODE_KEYS
    ]
    level = _level(_text(raw.get("level"), ref, "level", errors))
    children = raw.get("children") or []
    if not isinstance(children, list):
        errors.append(
            ProvisionError(
                ref, "children", N_("expected a list, got {kind}"), {"kind": _kind(children)}
            )
        )
        children = []
    raw_admins = raw.get("admins") or []
    if not isinstance(raw_admins, list):
        errors.append(
            ProvisionError(
                ref, "admins", N_("expected a list, got {kind}"), {"kind": _kind(raw_admins)}
            )
        )
        raw_admins = []
    admins = []
    for j, entry in enumerate(raw_admins):
        field = f"admins[{j}]"
        if not isinstance(entry, dict):
            errors.append(
                ProvisionError(
                    ref, field, N_("expected a mapping, got {kind}"), {"kind": _kind(entry)}
                )
            )
            continue
        errors += [
            ProvisionError(
                ref,
                f"{field}.{key}",
                N_('unknown key "{key}": expected {expected}'),
                {"key": str(key), "expected": ", ".join(_ADMIN_KEYS)},
            )
            for key in entry
            if key not in _ADMIN_KEYS
        ]
        values = [_text(entry.get(k), ref, f"{field}.{k}", errors) for k in _ADMIN_KEYS]
        admins.append(_admin(level, *values))
    node = NodeSpec(
        ref=ref,
        level=level,
        name=_text(raw.get("name"), ref, "name", errors),
        code=_text(raw.get("code"), ref, "code", errors),
        parent_code=parent_code,
        admins=tuple(admins),
        modules=_modules(raw.get("modules"), ref, errors),
    )
    return node, children
