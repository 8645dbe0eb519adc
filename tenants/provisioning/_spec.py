"""What a provisioning document says, format-neutral: nodes, admins, problems, field readers.

Shared by the text reader (``_parse``: JSON and YAML) and the spreadsheet reader (``_xlsx``),
which both build these from their own rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any, NoReturn

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
NODE_KEYS = ("level", "name", "code", "children", "admins", "modules")
ADMIN_KEYS = ("username", "password", "display_name", "role")
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


def fail(msgid: str, **params: Any) -> NoReturn:
    raise ProvisionDocumentError([ProvisionError("document", None, msgid, params)])


def kind_of(value: Any) -> dict[str, Any] | str:
    """What a value is, as a message param (rendered in the reader's language)."""
    if isinstance(value, dict):
        return {"msgid": N_("a mapping"), "params": {}}
    if isinstance(value, list | tuple):
        return {"msgid": N_("a list"), "params": {}}
    if isinstance(value, bool):
        return str(value).lower()  # the literal the author wrote
    return {"msgid": N_("a {type}"), "params": {"type": type(value).__name__}}


def text_field(value: Any, ref: str, field: str, errors: list[ProvisionError]) -> str:
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
        ProvisionError(ref, field, N_("expected text, got {kind}"), {"kind": kind_of(value)})
    )
    return ""


def level_of(value: str) -> str:
    return _LEVEL_ALIASES.get(value.lower(), value)


def module_list(value: Any, ref: str, errors: list[ProvisionError]) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items:
        found += [m for m in _MODULE_SPLIT.split(text_field(item, ref, "modules", errors)) if m]
    return tuple(dict.fromkeys(found))  # drop repeats, keep the author's order


def admin_spec(level: str, username: str, password: str, display_name: str, role: str) -> AdminSpec:
    return AdminSpec(
        username,
        password or None,
        display_name or username,
        role or DEFAULT_ADMIN_ROLES.get(level, ""),
    )
