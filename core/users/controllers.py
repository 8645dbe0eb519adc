"""HTTP routes for accounts, memberships (role grants) and the current user."""

from __future__ import annotations

from litestar import Controller, delete, get, post

from core.context import RequestContext
from core.errors import N_, Forbidden
from core.users.grants import grant_role, revoke_role
from core.users.schemas import AssignmentRead, MeRead, MemberCreate, MemberRead, UserCreate, UserRead, user_read
from core.users.services import UserService, assignments_of
from tenants.models import OrgUnit


class UserController(Controller):
    """Accounts."""

    path = "/users"
    tags = ["users"]

    @post("/", operation_id="CreateUser")
    async def create(self, ctx: RequestContext, data: UserCreate) -> UserRead:
        """Create an account, optionally granting its first role at an org."""
        if (data.org_id is None) != (data.role is None):
            raise Forbidden(N_("give both org_id and role, or neither"), field="role" if data.role is None else "org_id")
        if data.org_id is None and not ctx.user.is_platform_admin:
            raise Forbidden(N_("give org_id and role: you may only create accounts for your own orgs"),
                            field="org_id")
        org = None
        if data.org_id is not None:
            org = await ctx.enter_org(data.org_id, "core:user", "create")
        user = await UserService(ctx.session).create(data.username, data.password, data.display_name)
        await ctx.audit("user.create", org, "user", str(user.id), {"username": user.username})
        if org is not None:
            await grant_role(ctx, user, data.role, org)
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
        assignment, _created = await grant_role(ctx, user, data.role, org)
        return MemberRead(assignment.id, user.id, user.username, user.display_name, assignment.role, org.id, org.path)

    @delete("/{membership_id:int}", operation_id="RevokeRole", status_code=204)
    async def revoke(self, ctx: RequestContext, org_id: int, membership_id: int) -> None:
        """Withdraw a role assignment inside this org's subtree."""
        org = await ctx.enter_org(org_id, "core:member", "delete")
        await revoke_role(ctx, org, membership_id)


@get("/me", operation_id="GetMe", tags=["users"])
async def me(ctx: RequestContext) -> MeRead:
    """The current user and every role they hold."""
    roles = []
    for a in await assignments_of(ctx.session, ctx.user.id):
        org = await ctx.session.get(OrgUnit, a.org_id)
        roles.append(AssignmentRead(a.role, a.org_id, a.org_path, org.name, org.level))
    u = ctx.user
    return MeRead(u.id, u.username, u.display_name, u.is_platform_admin, roles, u.job_title,
                  u.must_change_password)
