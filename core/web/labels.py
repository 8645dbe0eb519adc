"""Translated names of org levels and roles (message ids are English; catalogues translate)."""

from __future__ import annotations

from core.web.i18n import N_
from core.web.i18n import gettext as _

LEVEL_NAMES = {
    "city": N_("City"),
    "street": N_("Street"),
    "community": N_("Community"),
    "grid": N_("Grid"),
}
ROLE_NAMES = {
    "platform_admin": N_("Platform admin"),
    "city_admin": N_("City admin"),
    "street_admin": N_("Street admin"),
    "community_secretary": N_("Community secretary"),
    "community_worker": N_("Community worker"),
    "grid_worker": N_("Grid worker"),
    "party_member": N_("Party member"),
    "unit_liaison": N_("Unit liaison"),
    "resident": N_("Resident"),
}


def level_label(level: str) -> str:
    """The translated name of an org level."""
    return _(LEVEL_NAMES[level]) if level in LEVEL_NAMES else level


def role_label(role: str) -> str:
    """The translated name of a role (unknown roles show their id)."""
    return _(ROLE_NAMES[role]) if role in ROLE_NAMES else role
