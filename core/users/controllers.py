"""HTTP routes for accounts, memberships (role grants) and the current user."""

from __future__ import annotations

from litestar import Controller, delete, get, post

from core.context import RequestContext
from core.errors import Forbidden, Invalid
from core.users.roles import BASE_ROLES, can_grant
from core.users.schemas import AssignmentRead, MeRead, MemberCreate, MemberRead, UserCreate, UserRead, user_read
from core.users.services import UserService, assignments_of
from tenants.models import OrgUnit


def _roles_of_caller(ctx: RequestContext, org: OrgUnit) -> list[str]:
    if ctx.user.is_platform_admin:
        return ["platform_admin"]
    return [role for role, _path in ctx.authz.roles_at(ctx.user.id, org.path)]


async def _grant(ctx: RequestContext, user, role: str, org: OrgUnit) -> tuple[object, bool]:
    await ctx.require(org, "core:member", "create")
    if role not in BASE_ROLES:  # before the rank check, which would call it "above yours" (403)
        raise Invalid(f"unknown role {role!r}; expected one of {', '.join(BASE_ROLES)}", field="role")
    if not can_grant(_roles_of_caller(ctx, org), role):
        raise Forbidden(f"you may not grant the role {role}: it is not below your own", field="role")
    assignment, created = await UserService(ctx.session).grant(user, role, org, ctx.user.id)
    if created:
        await ctx.audit("member.grant", org, "user", str(user.id), {"role": role})
        ctx.after_commit.append(lambda: ctx.authz.link_added(user.id, role, org.path))
    return assignment, created


class UserController(Controller):
    """Accounts."""

    path = "/users"
    tags = ["users"]

    @post("/", operation_id="CreateUser")
    async def create(self, ctx: RequestContext, data: UserCreate) -> UserRead:
        """Create an account, optionally granting its first role at an org."""
        if (data.org_id is None) != (data.role is None):
            raise Forbidden("give both org_id and role, or neither", field="role" if data.role is None else "org_id")
        if data.org_id is None and not ctx.user.is_platform_admin:
            raise Forbidden("give org_id and role: you may only create accounts for your own orgs", field="org_id")
        org = None
        if data.org_id is not None:
            org = await ctx.enter_org(data.org_id, "core:user", "create")
        user = await UserService(ctx.session).create(data.username, data.password, data.display_name)
        await ctx.audit("user.create", org, "user", str(user.id), {"username": user.username})
        if org is not None:
            await _grant(ctx, user, data.role, org)
        return user_read(user)


class MemberController(Controller):
    """Role assignments at an org; each covers the org's whole subtree."""

    path = "/orgs/{org_id:int}/members"
    tags = ["members"]

    @get("/", operation_id="ListMembers")
    async def list_members(self, ctx: RequestContext, org_id: int) -> list[MemberRead]:
        """Every role assignment at the org and below it."""
        org = await ctx.enter_org(org_id, "core:member", "read")
        rows = await UserService(ctx.session).members(org)
        return [MemberRead(a.id, u.id, u.username, u.display_name, a.role, a.org_id, a.org_path) for a, u in rows]

    @post("/", operation_id="GrantRole")
    async def grant(self, ctx: RequestContext, org_id: int, data: MemberCreate) -> MemberRead:
        """Grant a role to a user at this org."""
        org = await ctx.enter_org(org_id, "core:member", "create")
        user = await UserService(ctx.session).get(data.user_id)
        assignment, _created = await _grant(ctx, user, data.role, org)
        return MemberRead(assignment.id, user.id, user.username, user.display_name, assignment.role, org.id, org.path)

    @delete("/{membership_id:int}", operation_id="RevokeRole", status_code=204)
    async def revoke(self, ctx: RequestContext, org_id: int, membership_id: int) -> None:
        """Withdraw a role assignment inside this org's subtree."""
        org = await ctx.enter_org(org_id, "core:member", "delete")
        service = UserService(ctx.session)
        assignment = await service.assignment(membership_id)
        if not can_grant(_roles_of_caller(ctx, org), assignment.role):
            raise Forbidden(f"you may not withdraw the role {assignment.role}: it is not below your own", field="membership_id")
        user_id, role, path = assignment.user_id, assignment.role, assignment.org_path
        await ctx.session.delete(assignment)
        await ctx.session.flush()
        await ctx.audit("member.revoke", org, "user", str(user_id), {"role": role, "at": path})
        ctx.after_commit.append(lambda: ctx.authz.link_removed(user_id, role, path))


@get("/me", operation_id="GetMe", tags=["users"])
async def me(ctx: RequestContext) -> MeRead:
    """The current user and every role they hold."""
    roles = []
    for a in await assignments_of(ctx.session, ctx.user.id):
        org = await ctx.session.get(OrgUnit, a.org_id)
        roles.append(AssignmentRead(a.role, a.org_id, a.org_path, org.name, org.level))
    u = ctx.user
    return MeRead(u.id, u.username, u.display_name, u.is_platform_admin, roles)
