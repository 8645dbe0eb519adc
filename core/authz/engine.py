"""Authorization engine: the Authorizer interface, a decision cache, and the app's factory."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from ._designs import AncestorAuthorizer, DomainMatchAuthorizer
from ._policy import (
    MODEL_PATH,
    POLICIES_DIR,
    Grant,
    Link,
    RowsAdapter,
    ancestor_paths,
    check_path,
    load_base_grants,
    plugin_grants,
)

__all__ = [
    "MODEL_PATH",
    "POLICIES_DIR",
    "DESIGNS",
    "AncestorAuthorizer",
    "Authorizer",
    "CachedAuthorizer",
    "DomainMatchAuthorizer",
    "Grant",
    "Link",
    "RowsAdapter",
    "ancestor_paths",
    "check_path",
    "load_base_grants",
    "make_authorizer",
    "plugin_grants",
]


class Authorizer(Protocol):
    """What every authorizer design offers; users are 'u:<id>', paths are org paths."""

    def load(self, grants: Iterable[Grant], links: Iterable[Link]) -> None:
        """Replace every grant (role, dom, obj, act) and link (user, role, path)."""

    def add_link(self, user: str, role: str, path: str) -> None:
        """Grant role to user on the subtree at path."""

    def remove_link(self, user: str, role: str, path: str) -> None:
        """Withdraw role from user at path."""

    def add_grants(self, grants: Iterable[Grant]) -> None:
        """Add role template grants."""

    def enforce(self, user: str, path: str, obj: str, act: str) -> bool:
        """Decide whether user may do act on obj in the org at path."""

    def roles_at(self, user: str, path: str) -> list[tuple[str, str]]:
        """List (role, granting path) pairs that apply to user at path."""


DESIGNS: dict[str, type] = {
    AncestorAuthorizer.name: AncestorAuthorizer,
    DomainMatchAuthorizer.name: DomainMatchAuthorizer,
}


class CachedAuthorizer:
    """Wrap an Authorizer with a bounded decision cache that every mutation clears."""

    def __init__(self, inner: Authorizer, max_entries: int = 100_000) -> None:
        self.inner = inner
        self.max_entries = max_entries
        self.version = 0
        self.hits = 0
        self.misses = 0
        self._cache: dict[tuple[str, str, str, str], bool] = {}

    def invalidate(self) -> None:
        """Drop every cached decision (call after any outside policy change)."""
        self.version += 1
        self._cache = {}

    def load(self, grants: Iterable[Grant], links: Iterable[Link]) -> None:
        """Replace every grant and link, then drop cached decisions."""
        try:
            self.inner.load(grants, links)
        finally:
            self.invalidate()

    def add_link(self, user: str, role: str, path: str) -> None:
        """Grant role to user at path, then drop cached decisions."""
        try:
            self.inner.add_link(user, role, path)
        finally:
            self.invalidate()

    def remove_link(self, user: str, role: str, path: str) -> None:
        """Withdraw role from user at path, then drop cached decisions."""
        try:
            self.inner.remove_link(user, role, path)
        finally:
            self.invalidate()

    def add_grants(self, grants: Iterable[Grant]) -> None:
        """Add role template grants, then drop cached decisions."""
        try:
            self.inner.add_grants(grants)
        finally:
            self.invalidate()

    def enforce(self, user: str, path: str, obj: str, act: str) -> bool:
        """Decide from the cache, or ask the inner design and remember the answer."""
        key = (user, path, obj, act)
        cached = self._cache.get(key)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        version = self.version
        decision = self.inner.enforce(user, path, obj, act)
        # A mutation between the lookup and here (another thread) must not be undone
        # by storing a decision computed against the old policy.
        if version == self.version:
            if len(self._cache) >= self.max_entries:
                self._cache = {}  # clear-on-overflow: simpler and cheaper than LRU upkeep
            self._cache[key] = decision
        return decision

    def roles_at(self, user: str, path: str) -> list[tuple[str, str]]:
        """List (role, granting path) pairs that apply to user at path (never cached)."""
        return self.inner.roles_at(user, path)

    def __len__(self) -> int:
        return len(self._cache)


def make_authorizer(
    design: str = "ancestor", *, policies_dir: Path | None = None
) -> CachedAuthorizer:
    """Build the app's cached authorizer of the given design, loaded with the base grants."""
    try:
        cls = DESIGNS[design]
    except KeyError:
        raise ValueError(f"unknown authorizer design {design!r}; pick one of {sorted(DESIGNS)}")
    inner = cls()
    authorizer = CachedAuthorizer(inner)
    authorizer.load(load_base_grants(policies_dir), ())
    return authorizer
