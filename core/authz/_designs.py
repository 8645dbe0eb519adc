"""The two authorizer designs measured in bench/authz_designs.py, behind one interface."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import casbin
from casbin.util import key_match

from ._policy import MODEL_PATH, Grant, Link, RowsAdapter, ancestor_paths, check_path, is_within


def _check_grant(grant: Grant) -> Grant:
    role, dom, obj, act = grant
    if dom != "*":
        check_path(dom)
    if not (role and obj and act):
        raise ValueError(f"incomplete grant: {grant!r}")
    return grant


class DomainMatchAuthorizer:
    """Casbin enforcer whose g links match every request domain below the link's org path."""

    name = "domain"

    def __init__(self, model_path: Path | None = None) -> None:
        self._enforcer = casbin.Enforcer(str(model_path or MODEL_PATH))
        # Casbin calls fn(request_domain, link_domain); see DomainManagerBase._get_role_manager.
        self._enforcer.add_named_domain_matching_func("g", is_within)
        self.load((), ())

    @property
    def enforcer(self) -> casbin.Enforcer:
        """The underlying casbin enforcer (for the Redis watcher and the bench)."""
        return self._enforcer

    def load(self, grants: Iterable[Grant], links: Iterable[Link]) -> None:
        """Replace all grants and links through the adapter in one linear pass."""
        grants = [_check_grant(tuple(g)) for g in grants]
        links = [tuple(k) for k in links]
        for _, _, path in links:
            check_path(path)
        self._enforcer.set_adapter(RowsAdapter(grants, links))
        self._enforcer.load_policy()

    def add_link(self, user: str, role: str, path: str) -> None:
        """Grant role to user on the subtree at path."""
        self._enforcer.add_grouping_policy(user, role, check_path(path))

    def remove_link(self, user: str, role: str, path: str) -> None:
        """Withdraw role from user at path; a no-op if it was not granted there."""
        if self._enforcer.remove_grouping_policy(user, role, check_path(path)):
            # casbin's incremental delete drops the user->role edge from every cached
            # per-domain role manager even when another ancestor link still grants the
            # same role; re-setting the matching func makes them rebuild lazily instead.
            self._enforcer.add_named_domain_matching_func("g", is_within)

    def add_grants(self, grants: Iterable[Grant]) -> None:
        """Add role template grants (plugins call this at start-up)."""
        for grant in grants:
            self._enforcer.add_policy(*_check_grant(tuple(grant)))

    def enforce(self, user: str, path: str, obj: str, act: str) -> bool:
        """Decide whether user may do act on obj in the org at path."""
        return self._enforcer.enforce(user, check_path(path), obj, act)

    def roles_at(self, user: str, path: str) -> list[tuple[str, str]]:
        """List (role, granting path) pairs that apply to user at path, root first."""
        ancestors = ancestor_paths(path)
        depth = {p: i for i, p in enumerate(ancestors)}
        rows = self._enforcer.get_filtered_grouping_policy(0, user)
        found = {(role, where) for _, role, where in rows if where in depth}
        return sorted(found, key=lambda rw: (depth[rw[1]], rw[0]))


class AncestorAuthorizer:
    """Index of links per (user, path); a decision looks up the request path's ancestors."""

    name = "ancestor"

    def __init__(self) -> None:
        self._links: dict[str, dict[str, set[str]]] = {}
        self._templates: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def load(self, grants: Iterable[Grant], links: Iterable[Link]) -> None:
        """Replace all grants and links."""
        templates: dict[tuple[str, str], list[tuple[str, str]]] = {}
        index: dict[str, dict[str, set[str]]] = {}
        for grant in grants:
            self._put_grant(templates, _check_grant(tuple(grant)))
        for user, role, path in links:
            index.setdefault(user, {}).setdefault(check_path(path), set()).add(role)
        self._templates, self._links = templates, index

    @staticmethod
    def _put_grant(templates: dict, grant: Grant) -> None:
        role, dom, obj, act = grant
        rules = templates.setdefault((role, dom), [])
        if (obj, act) not in rules:
            rules.append((obj, act))

    def add_link(self, user: str, role: str, path: str) -> None:
        """Grant role to user on the subtree at path."""
        self._links.setdefault(user, {}).setdefault(check_path(path), set()).add(role)

    def remove_link(self, user: str, role: str, path: str) -> None:
        """Withdraw role from user at path; a no-op if it was not granted there."""
        by_path = self._links.get(user, {})
        roles = by_path.get(check_path(path))
        if roles is None:
            return
        roles.discard(role)
        if not roles:
            del by_path[path]
            if not by_path:
                del self._links[user]

    def add_grants(self, grants: Iterable[Grant]) -> None:
        """Add role template grants (plugins call this at start-up)."""
        for grant in grants:
            self._put_grant(self._templates, _check_grant(tuple(grant)))

    def enforce(self, user: str, path: str, obj: str, act: str) -> bool:
        """Decide whether user may do act on obj in the org at path."""
        ancestors = ancestor_paths(path)
        by_path = self._links.get(user)
        if not by_path:
            return False
        templates = self._templates
        for where in ancestors:
            for role in by_path.get(where, ()):
                # Same rule as the casbin matcher: template domain "*" or the request path.
                for rules in (templates.get((role, "*")), templates.get((role, path))):
                    if rules:
                        for pattern, allowed in rules:
                            if (allowed == act or allowed == "*") and key_match(obj, pattern):
                                return True
        return False

    def roles_at(self, user: str, path: str) -> list[tuple[str, str]]:
        """List (role, granting path) pairs that apply to user at path, root first."""
        by_path = self._links.get(user, {})
        return [
            (r, where) for where in ancestor_paths(path) for r in sorted(by_path.get(where, ()))
        ]
