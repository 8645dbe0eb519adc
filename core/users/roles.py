"""The base roles: where each may be granted and who may grant it."""

from __future__ import annotations

# Rank decides who may grant what: a caller may grant only roles ranked below their own.
RANKS: dict[str, int] = {
    "platform_admin": 100,
    "city_admin": 90,
    "street_admin": 80,
    "community_secretary": 70,
    # Runs a community's children's home (the children plugin); opens every child's record.
    "children_director": 65,
    "community_worker": 60,
    "grid_worker": 50,
    "party_member": 20,
    "unit_liaison": 20,
    # A partner organisation's account (core/partners): held at a unit, never at an org.
    "unit_party_admin": 20,
    # A unit that receives demands handed to it by a street (the demands plugin).
    "unit_demand_handler": 20,
    "resident": 10,
}

# The org levels at which each role makes sense.
LEVELS_FOR_ROLE: dict[str, tuple[str, ...]] = {
    "platform_admin": ("city",),
    "city_admin": ("city",),
    "street_admin": ("street",),
    "community_secretary": ("community",),
    "children_director": ("community",),
    "community_worker": ("community",),
    "grid_worker": ("grid",),
    "party_member": ("community", "grid"),
    "unit_liaison": ("community",),
    "unit_party_admin": (),  # no org level: granted on one unit through core.partners
    "unit_demand_handler": (),
    "resident": ("community", "grid"),
}

# Roles whose domain is one unit (``unit:<id>``), not an org subtree: an account holding
# only these has no right at any org, so every org route refuses it (fail closed).
UNIT_ROLES: tuple[str, ...] = ("unit_party_admin", "unit_demand_handler")

# The roles that may be granted at an org (the members API, provisioning, the console).
BASE_ROLES: tuple[str, ...] = tuple(r for r in RANKS if r not in UNIT_ROLES)


def can_grant(granter_roles: list[str], role: str) -> bool:
    """True when one of ``granter_roles`` outranks ``role``."""
    best = max((RANKS.get(r, 0) for r in granter_roles), default=0)
    return best > RANKS.get(role, 1000)
