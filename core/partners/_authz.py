"""Casbin decisions for partner accounts: the domain is one unit (``unit:<id>``), never a subtree.

The same model file as the org authorizer (``policies/model.conf``) and the same role
templates at domain ``*``; only the links differ: ``g, u:<user>, <role>, unit:<id>``. A
domain names exactly one unit, so there is no domain matching function: a grant on one
unit says nothing about any other unit, nor about any org.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import casbin

from core.authz import MODEL_PATH, Grant, RowsAdapter
from core.users.roles import UNIT_ROLES

PartnerLink = tuple[int, str, int]
"""(user id, unit role, unit id)."""


def unit_domain(unit_id: int) -> str:
    """The casbin domain of a unit."""
    return f"unit:{int(unit_id)}"


class PartnerAuthorizer:
    """A casbin enforcer over unit roles and their links; unknown users and units get no."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._enforcer = casbin.Enforcer(str(MODEL_PATH))
        self._grants: list[Grant] = []
        # user -> {unit: roles}: answers units_of() (asked by a guard on every org request)
        # without casbin's linear scan of every link.
        self._units: dict[int, dict[int, set[str]]] = {}
        self.load((), ())

    def load(self, grants: Iterable[Grant], links: Iterable[PartnerLink]) -> None:
        """Replace the unit roles' templates (other roles' grants are ignored) and every link."""
        self._grants = [tuple(g) for g in grants if g[0] in UNIT_ROLES and g[1] == "*"]
        kept = [(int(u), role, int(unit)) for u, role, unit in links if role in UNIT_ROLES]
        rows = [(f"u:{u}", role, unit_domain(unit)) for u, role, unit in kept]
        index: dict[int, dict[int, set[str]]] = {}
        for u, role, unit in kept:
            index.setdefault(u, {}).setdefault(unit, set()).add(role)
        with self._lock:
            self._enforcer.set_adapter(RowsAdapter(self._grants, rows))
            self._enforcer.load_policy()
            self._units = index

    def add_link(self, user_id: int, role: str, unit_id: int) -> None:
        """Give ``user_id`` the unit role ``role`` on ``unit_id``."""
        with self._lock:
            self._enforcer.add_grouping_policy(f"u:{user_id}", role, unit_domain(unit_id))
            self._units.setdefault(user_id, {}).setdefault(unit_id, set()).add(role)

    def remove_link(self, user_id: int, role: str, unit_id: int) -> None:
        """Withdraw it (a no-op when it was not there)."""
        with self._lock:
            self._enforcer.remove_grouping_policy(f"u:{user_id}", role, unit_domain(unit_id))
            roles = self._units.get(user_id, {}).get(unit_id)
            if roles is not None:
                roles.discard(role)
                if not roles:
                    del self._units[user_id][unit_id]
                    if not self._units[user_id]:
                        del self._units[user_id]

    def enforce(self, user_id: int, unit_id: int, obj: str, act: str) -> bool:
        """May ``user_id`` do ``act`` on ``obj`` at unit ``unit_id``?"""
        with self._lock:
            return bool(self._enforcer.enforce(f"u:{user_id}", unit_domain(unit_id), obj, act))

    def units_of(self, user_id: int) -> list[int]:
        """The units where ``user_id`` holds any unit role."""
        return sorted(self._units.get(user_id, ()))
