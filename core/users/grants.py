"""Granting and withdrawing roles as the caller: rights, rank, audit and authz upkeep in one place.

The API and the web console both call these, so neither can forget a step (the rank rule,
the audit entry, or telling the authorizer after the commit).
"""

from __future__ import annotations

from core.context import RequestContext
from core.errors import N_, Forbidden, Invalid
from core.users.models import RoleAssignment, User
from core.users.roles import BASE_ROLES, can_grant
from core.users.services import UserService
from tenants.models import OrgUnit


def roles_of_caller(ctx: RequestContext, org: OrgUnit) -> list[str]:
    """The roles the caller holds at ``org`` (own and inherited from ancestors)."""
    if ctx.user.is_platform_admin:
        return ["platform_admin"]
    return [role for role, _path in ctx.authz.roles_at(ctx.user.id, org.path)]


async def grant_role(ctx: RequestContext, user: User, role: str, org: OrgUnit) -> tuple[RoleAssignment, bool]:
    """Grant ``role`` at ``org`` if the caller may; returns (assignment, created)."""
    await ctx.require(org, "core:member", "create")
    if role not in BASE_ROLES:  # before the rank check, which would call it "above yours" (403)
        raise Invalid(N_("unknown role '{role}'; expected one of {expected}"), field="role",
                      params={"role": role, "expected": ", ".join(BASE_ROLES)})
    if not can_grant(roles_of_caller(ctx, org), role):
        raise Forbidden(N_("you may not grant the role {role}: it is not below your own"), field="role",
                        params={"role": role})
    assignment, created = await UserService(ctx.session).grant(user, role, org, ctx.user.id)
    if created:
        await ctx.audit("member.grant", org, "user", str(user.id), {"role": role})
        ctx.after_commit.append(lambda: ctx.authz.link_added(user.id, role, org.path))
    return assignment, created


async def revoke_role(ctx: RequestContext, org: OrgUnit, membership_id: int) -> None:
    """Withdraw one assignment in ``org``'s subtree if its role is below the caller's."""
    await ctx.require(org, "core:member", "delete")
    assignment = await UserService(ctx.session).assignment(membership_id)
    if not can_grant(roles_of_caller(ctx, org), assignment.role):
        raise Forbidden(
            N_("you may not withdraw the role {role}: it is not below your own"),
            field="membership_id",
            params={"role": assignment.role},
        )
    user_id, role, path = assignment.user_id, assignment.role, assignment.org_path
    await ctx.session.delete(assignment)
    await ctx.session.flush()
    await ctx.audit("member.revoke", org, "user", str(user_id), {"role": role, "at": path})
    ctx.after_commit.append(lambda: ctx.authz.link_removed(user_id, role, path))
