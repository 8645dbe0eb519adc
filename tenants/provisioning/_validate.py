"""Check a parsed provisioning plan: fields, tree shape, admins and modules, all errors at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from core.messages import N_
from core.users.roles import BASE_ROLES as _BASE_ROLES
from core.users.roles import LEVELS_FOR_ROLE

from ._parse import parse_collecting
from ._spec import LEVELS, AdminSpec, NodeSpec, ProvisionDocumentError, ProvisionError

# The base roles are defined once, with the users; a plan may name only these by default.
BASE_ROLES = frozenset(_BASE_ROLES)
MAX_NAME_LENGTH = 100
MAX_CODE_LENGTH = 32
MIN_PASSWORD_LENGTH = 8
_CODE_RE = re.compile(r"[0-9A-Za-z_-]+")
_USERNAME_RE = re.compile(r"[A-Za-z0-9_.@-]{3,64}")

MISSING = N_("missing or empty")
TOO_LONG = N_("at most {limit} characters (got {length})")

_Add = Callable[..., None]  # add(ref, field, msgid, **params)


def validate_plan(
    nodes: list[NodeSpec],
    target_level: str | None,
    *,
    allowed_roles: set[str] | None = None,
    known_modules: set[str] | None = None,
) -> None:
    """Raise ProvisionDocumentError listing every problem of a plan placed under a target org."""
    errors = plan_errors(nodes, target_level, allowed_roles, known_modules)
    if errors:
        raise ProvisionDocumentError(errors)


def load_plan(
    data: bytes,
    target_level: str | None,
    *,
    fmt: str | None = None,
    filename: str | None = None,
    allowed_roles: set[str] | None = None,
    known_modules: set[str] | None = None,
) -> list[NodeSpec]:
    """Parse and validate a document in one step, reporting parse and plan errors together."""
    errors: list[ProvisionError] = []
    nodes = parse_collecting(data, fmt, filename, errors)
    if nodes or not errors:
        # A field the parser already rejected (say, a list where text belongs) reads as
        # empty; do not report it a second time as "missing".
        reported = {(e.ref, e.field) for e in errors}
        errors += [
            e
            for e in plan_errors(nodes, target_level, allowed_roles, known_modules)
            if (e.ref, e.field) not in reported
        ]
    if errors:
        raise ProvisionDocumentError(_in_document_order(errors))
    return nodes


def plan_errors(
    nodes: list[NodeSpec],
    target_level: str | None,
    allowed_roles: set[str] | None = None,
    known_modules: set[str] | None = None,
) -> list[ProvisionError]:
    """Return every problem of a plan (see validate_plan), in document order."""
    if target_level is not None and target_level not in LEVELS:
        raise ValueError(f"target_level must be one of {', '.join(LEVELS)} or None, got {target_level!r}")
    roles = BASE_ROLES if allowed_roles is None else allowed_roles
    errors: list[ProvisionError] = []

    def add(ref: str, field: str | None, msgid: str, **params: Any) -> None:
        errors.append(ProvisionError(ref, field, msgid, params))

    if not nodes:
        add("document", None, N_("the document contains no nodes"))
    by_code: dict[str, NodeSpec] = {}
    for node in nodes:
        if node.code:
            by_code.setdefault(node.code, node)
    placed: set[str] = set()
    users: dict[str, tuple[AdminSpec, str]] = {}
    for node in nodes:
        _check_fields(node, add)
        first = by_code.get(node.code)
        if node.code and first is not node:
            add(
                node.ref,
                "code",
                N_('duplicate code "{code}" (first used at {first})'),
                code=node.code,
                first=first.ref,
            )
        _check_place(node, target_level, by_code, placed, add)
        # Nodes hanging off a cycle stay unplaced, so every member of the loop is named.
        if node.parent_code not in by_code or node.parent_code in placed:
            placed.add(node.code)
        _check_admins(node, roles, users, add)
        if known_modules is not None:
            for module in node.modules:
                if module not in known_modules:
                    if known_modules:
                        add(
                            node.ref,
                            "modules",
                            N_('unknown module "{module}" (known: {known})'),
                            module=module,
                            known=", ".join(sorted(known_modules)),
                        )
                    else:
                        add(
                            node.ref,
                            "modules",
                            N_('unknown module "{module}": no modules are installed'),
                            module=module,
                        )
    return _in_document_order(errors)


def _in_document_order(errors: list[ProvisionError]) -> list[ProvisionError]:
    # XLSX plans are reordered parent-first; people read errors best in sheet row order.
    def key(error: ProvisionError) -> tuple[int, int]:
        row = re.fullmatch(r"row (\d+)", error.ref)
        return (0 if error.ref == "document" else 1, int(row.group(1)) if row else 0)

    return sorted(errors, key=key)


def _check_fields(node: NodeSpec, add: _Add) -> None:
    ref = node.ref
    if not node.level:
        add(ref, "level", MISSING)
    elif node.level not in LEVELS:
        add(
            ref,
            "level",
            N_('expected one of {expected} (got "{value}")'),
            expected=", ".join(LEVELS),
            value=node.level,
        )
    if not node.name:
        add(ref, "name", MISSING)
    elif len(node.name) > MAX_NAME_LENGTH:
        add(ref, "name", TOO_LONG, limit=MAX_NAME_LENGTH, length=len(node.name))
    if not node.code:
        add(ref, "code", MISSING)
    elif len(node.code) > MAX_CODE_LENGTH:
        add(ref, "code", TOO_LONG, limit=MAX_CODE_LENGTH, length=len(node.code))
    elif not _CODE_RE.fullmatch(node.code):
        add(
            ref,
            "code",
            N_('only letters, digits, "_" and "-" are allowed (got "{value}")'),
            value=node.code,
        )


def _check_place(
    node: NodeSpec, target: str | None, by_code: dict[str, NodeSpec], placed: set[str], add: _Add
) -> None:
    """Check the node sits exactly one level below its parent (or below the target org)."""
    if node.level not in LEVELS:
        return
    depth = LEVELS.index(node.level)
    if node.parent_code is None:
        # No target org means the document creates cities (the platform operator's CLI).
        want = 0 if target is None else LEVELS.index(target) + 1
        if want == len(LEVELS):
            add(
                node.ref,
                "level",
                N_("nothing can be created under a grid (got {level})"),
                level=node.level,
            )
        elif depth != want:
            add(
                node.ref,
                "level",
                N_("a top-level node under the target {target} must be a {want} (got {level})"),
                target=target or "",
                want=LEVELS[want],
                level=node.level,
            )
        return
    parent = by_code.get(node.parent_code)
    if parent is None:
        # An empty parent_code only arises under a parent whose own code is missing,
        # which is already reported on that parent.
        if node.parent_code:
            add(
                node.ref,
                "parent_code",
                N_('no node in the document has code "{code}"'),
                code=node.parent_code,
            )
        return
    if node.parent_code not in placed:
        msgid, params = _cycle_message(node, by_code)
        add(node.ref, "parent_code", msgid, **params)
        return
    if parent.level not in LEVELS or depth == LEVELS.index(parent.level) + 1:
        return
    if parent.level == "grid":
        add(node.ref, "level", N_("a grid ({parent}) cannot have children"), parent=parent.ref)
    else:
        add(
            node.ref,
            "level",
            N_("a child of a {parent_level} ({parent}) must be a {want} (got {level})"),
            parent_level=parent.level,
            parent=parent.ref,
            want=LEVELS[LEVELS.index(parent.level) + 1],
            level=node.level,
        )


def _cycle_message(node: NodeSpec, by_code: dict[str, NodeSpec]) -> tuple[str, dict[str, Any]]:
    chain = [node.code]
    current = node.parent_code
    while current in by_code and current not in chain:
        chain.append(current)
        current = by_code[current].parent_code
    if current in chain:
        loop = chain[chain.index(current) :] + [current]
        return N_("parent_code forms a cycle: {chain}"), {"chain": " → ".join(f'"{c}"' for c in loop)}
    return N_('parent "{code}" must come before its children'), {"code": node.parent_code}


def _check_admins(node: NodeSpec, roles: set[str] | frozenset[str], users: dict, add: _Add) -> None:
    for j, admin in enumerate(node.admins):
        # Name fields the way the author wrote them: XLSX columns or JSON/YAML paths.
        prefix = "admin_" if node.ref.startswith("row ") else f"admins[{j}]."
        name = admin.username
        if not name:
            add(node.ref, f"{prefix}username", MISSING)
        elif not _USERNAME_RE.fullmatch(name):
            add(
                node.ref,
                f"{prefix}username",
                N_('expected 3-64 letters, digits or "_", ".", "@", "-" (got "{value}")'),
                value=name,
            )
        if admin.password is not None and len(admin.password) < MIN_PASSWORD_LENGTH:
            # Never echo the password itself into an error that may be logged.
            add(
                node.ref,
                f"{prefix}password",
                N_("at least {limit} characters (got {length})"),
                limit=MIN_PASSWORD_LENGTH,
                length=len(admin.password),
            )
        if len(admin.display_name) > MAX_NAME_LENGTH:
            add(
                node.ref,
                f"{prefix}display_name",
                TOO_LONG,
                limit=MAX_NAME_LENGTH,
                length=len(admin.display_name),
            )
        if not admin.role:
            add(node.ref, f"{prefix}role", MISSING)
        elif admin.role not in roles:
            add(
                node.ref,
                f"{prefix}role",
                N_('unknown role "{role}" (expected one of {expected})'),
                role=admin.role,
                expected=", ".join(sorted(roles)),
            )
        elif node.level not in LEVELS_FOR_ROLE.get(admin.role, (node.level,)):
            add(
                node.ref,
                f"{prefix}role",
                N_('"{role}" is granted at a {levels}, not a {level}'),
                role=admin.role,
                levels=" / ".join(LEVELS_FOR_ROLE[admin.role]),
                level=node.level,
            )
        if name:
            prior, prior_ref = users.setdefault(name, (admin, node.ref))
            if _conflicting(admin, prior):
                add(
                    node.ref,
                    f"{prefix}username",
                    N_('"{username}" also appears at {first} with a different password or display name'),
                    username=name,
                    first=prior_ref,
                )


def _conflicting(admin: AdminSpec, prior: AdminSpec) -> bool:
    # One person may administer several nodes; a repeat may leave fields blank, but two
    # explicit, different values leave no way to know which one the author meant.
    passwords = admin.password is not None and prior.password is not None
    names = admin.username not in (admin.display_name, prior.display_name)
    return (passwords and admin.password != prior.password) or (
        names and admin.display_name != prior.display_name
    )
