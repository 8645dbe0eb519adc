"""Granting and withdrawing unit roles (partner organisations), as the caller."""

from __future__ import annotations

from sqlalchemy import select

from core.context import RequestContext
from core.errors import N_, Conflict, Forbidden, Invalid, NotFound
from core.partners.access import find_unit
from core.partners.models import PartnerGrant
from core.people.models import Unit
from core.users.grants import roles_of_caller
from core.users.models import User
from core.users.roles import UNIT_ROLES, can_grant
from core.users.services import MAX_ID, UserService
from tenants.models import OrgUnit


async def unit_in_org(ctx: RequestContext, org: OrgUnit, unit_id: int) -> Unit:
    """A unit registered at ``org`` or below it (the caller's scope), or 404 naming ``unit_id``."""
    unit, _unit_org = await find_unit(ctx.session, unit_id)
    if not unit.org_path.startswith(org.path):
        raise NotFound(N_("unit {unit} not found here"), field="unit_id", params={"unit": unit_id})
    return unit


async def grant_unit_role(
    ctx: RequestContext, org: OrgUnit, user: User, unit: Unit, role: str
) -> tuple[PartnerGrant, bool]:
    """Give ``user`` the unit role ``role`` on ``unit`` (registered at ``org`` or below); (grant, created)."""
    if role not in UNIT_ROLES:
        raise Invalid(
            N_("unknown unit role '{role}'; expected one of {expected}"),
            field="role",
            params={"role": role, "expected": ", ".join(UNIT_ROLES)},
        )
    if not can_grant(roles_of_caller(ctx, org), role):
        raise Forbidden(
            N_("you may not grant the role {role}: it is not below your own"),
            field="role",
            params={"role": role},
        )
    if user.is_platform_admin:
        raise Conflict(N_("a platform administrator cannot be a unit's account"), field="user_id")
    existing = await ctx.session.scalar(
        select(PartnerGrant).where(
            PartnerGrant.user_id == user.id,
            PartnerGrant.unit_id == unit.id,
            PartnerGrant.role == role,
        )
    )
    if existing is not None:
        return existing, False
    grant = PartnerGrant(
        user_id=user.id, unit_id=unit.id, role=role, granted_by=ctx.user.id, org_id=unit.org_id
    )
    ctx.session.add(grant)
    await ctx.session.flush()
    await ctx.audit("partner.grant", org, "user", str(user.id), {"role": role, "unit_id": unit.id})
    partners = ctx.state.partners
    ctx.after_commit.append(lambda: partners.link_added(user.id, role, unit.id))
    return grant, True


async def create_unit_account(
    ctx: RequestContext, username: str, password: str, display_name: str
) -> User:
    """A new account for a unit (it holds no org role; its only rights come from unit grants)."""
    return await UserService(ctx.session).create(username, password, display_name)


async def list_grants(ctx: RequestContext) -> list[tuple[PartnerGrant, User]]:
    """Unit grants inside the caller's current scope, with their accounts."""
    rows = await ctx.session.execute(
        select(PartnerGrant, User)
        .join(User, User.id == PartnerGrant.user_id)
        .order_by(PartnerGrant.id)
    )
    return [(g, u) for g, u in rows.all()]


async def revoke_unit_role(ctx: RequestContext, org: OrgUnit, grant_id: int) -> None:
    """Withdraw one unit grant inside ``org``'s subtree if its role is below the caller's."""
    grant = await ctx.session.get(PartnerGrant, grant_id) if 0 < grant_id <= MAX_ID else None
    if grant is None:
        raise NotFound(
            N_("unit grant {grant} not found here"), field="grant_id", params={"grant": grant_id}
        )
    if not can_grant(roles_of_caller(ctx, org), grant.role):
        raise Forbidden(
            N_("you may not withdraw the role {role}: it is not below your own"),
            field="grant_id",
            params={"role": grant.role},
        )
    user_id, role, unit_id = grant.user_id, grant.role, grant.unit_id
    await ctx.session.delete(grant)
    await ctx.session.flush()
    await ctx.audit("partner.revoke", org, "user", str(user_id), {"role": role, "unit_id": unit_id})
    partners = ctx.state.partners
    ctx.after_commit.append(lambda: partners.link_removed(user_id, role, unit_id))
