"""Partner organisations: accounts whose scope is one unit of the register, not an org subtree.

A unit (an employer, a department) holds accounts with a *unit role* (``unit_party_admin``…)
granted on that unit (``partner_grants``). Casbin decides with the unit as the domain
(``unit:<id>``); the account holds no org role, so every org route refuses it. A handler
enters a unit with ``ctx.enter_unit(unit_id, obj, act)`` and reads the rows linked to the
unit, in whichever community they live, through the returned :class:`UnitAccess`.
"""

from core.partners._authz import PartnerAuthorizer, unit_domain
from core.partners.access import UnitAccess, enter_unit, find_unit

__all__ = ["PartnerAuthorizer", "UnitAccess", "enter_unit", "find_unit", "unit_domain"]
