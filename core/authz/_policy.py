"""Policy data shared by both authorizer designs: paths, grant files, the casbin adapter."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from casbin.persist import Adapter

import policies as _policies_package

Grant = tuple[str, str, str, str]  # (role, domain, obj, act); domain "*" for templates
Link = tuple[str, str, str]  # (user, role, org path)

# policies/ ships as package data; SHEQU_POLICIES_DIR may point an operator at their own copy.
_PACKAGED_POLICIES = Path(_policies_package.__file__).resolve().parent
POLICIES_DIR = Path(os.environ.get("SHEQU_POLICIES_DIR", _PACKAGED_POLICIES))
MODEL_PATH = POLICIES_DIR / "model.conf"

# Ids may be any text without "/" or "*"; "*" is reserved for the template domain.
_PATH_RE = re.compile(r"/(?:[^/*\s]+/)+")

# Standard plugin tiers: keyMatch cannot express "every plugin object but not core:*",
# so plugins grant their own "<plugin>:*" objects at start-up from this table.
PLUGIN_TIERS: dict[str, tuple[str, ...]] = {
    "street_admin": ("*",),
    "community_secretary": ("*",),
    "community_worker": ("read", "create", "update"),
    "grid_worker": ("read", "create", "update"),
}


def check_path(path: str) -> str:
    """Return path unchanged if it is a slash-terminated org path like /1/7/, else raise."""
    if not isinstance(path, str) or _PATH_RE.fullmatch(path) is None:
        raise ValueError(f"not an org path (want '/1/7/42/'): {path!r}")
    return path


def ancestor_paths(path: str) -> list[str]:
    """List the org path and all its ancestors, root first: /1/7/ -> ['/1/', '/1/7/']."""
    check_path(path)
    out = []
    i = path.find("/", 1)
    while i != -1:
        out.append(path[: i + 1])
        i = path.find("/", i + 1)
    return out


def is_within(path: str, granted_at: str) -> bool:
    """Tell whether path lies in the subtree of granted_at; slash-termination stops /1/70/ matching /1/7/."""
    return path.startswith(granted_at)


def parse_policy_lines(lines: Iterable[str]) -> list[Grant]:
    """Parse casbin CSV 'p' lines into grants, skipping blanks, '#' comments and 'g' lines."""
    grants: list[Grant] = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(",")]
        if fields[0] != "p":
            continue
        if len(fields) != 5 or not all(fields[1:]):
            raise ValueError(f"policy line needs 'p, role, domain, obj, act': {raw!r}")
        grants.append((fields[1], fields[2], fields[3], fields[4]))
    return grants


def load_base_grants(policies_dir: Path | None = None) -> list[Grant]:
    """Read every p line of policies/*.csv (sorted by file name) as grants."""
    directory = Path(policies_dir) if policies_dir is not None else POLICIES_DIR
    grants: list[Grant] = []
    for csv in sorted(directory.glob("*.csv")):
        grants.extend(parse_policy_lines(csv.read_text(encoding="utf-8").splitlines()))
    return grants


def plugin_grants(plugin: str, tiers: dict[str, tuple[str, ...]] | None = None) -> list[Grant]:
    """Build the standard template grants on '<plugin>:*' for a plugin's start-up hook."""
    if not plugin or any(c in plugin for c in ":*, "):
        raise ValueError(f"bad plugin name: {plugin!r}")
    table = PLUGIN_TIERS if tiers is None else tiers
    return [(role, "*", f"{plugin}:*", act) for role, acts in table.items() for act in acts]


class RowsAdapter(Adapter):
    """Casbin adapter that loads grants and links from in-memory rows in one linear pass."""

    def __init__(self, grants: Iterable[Grant], links: Iterable[Link]) -> None:
        # Duplicates would make one later removal leave a twin behind; dedupe in order.
        self._grants = [list(g) for g in dict.fromkeys(tuple(g) for g in grants)]
        self._links = [list(k) for k in dict.fromkeys(tuple(k) for k in links)]

    def load_policy(self, model) -> None:
        """Append all rows to the model's p and g assertions (no per-row duplicate scan)."""
        model.model["p"]["p"].policy.extend(self._grants)
        model.model["g"]["g"].policy.extend(self._links)
