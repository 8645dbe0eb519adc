"""Users and role assignments of an org's subtree."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy import select

from core.context import RequestContext
from core.errors import N_, DomainError, Forbidden, Invalid
from core.users.grants import grant_role, revoke_role, roles_of_caller
from core.users.roles import LEVELS_FOR_ROLE, can_grant
from core.users.services import UserService
from core.web import csrf
from core.web.i18n import gettext as _
from core.web.i18n import localized
from core.web.labels import level_label, role_label
from tenants.models import OrgUnit
from core.web.render import back, page

Form = Body(media_type=RequestEncodingType.URL_ENCODED)


@get("/orgs/{org_id:int}/members")
async def members(request: Request, ctx: RequestContext, org_id: int) -> Template:
    """Every role assignment at this org and below, and forms to add people."""
    org = await ctx.enter_org(org_id, "core:member", "read")
    rows = await UserService(ctx.session).members(org)
    org_ids = {a.org_id for a, _u in rows}
    found = (
        await ctx.session.execute(select(OrgUnit).where(OrgUnit.id.in_(org_ids)))
        if org_ids
        else None
    )
    org_names = {o.id: o.name for o in found.scalars()} if found is not None else {}
    mine = roles_of_caller(ctx, org)
    grantable = [
        r for r, levels in LEVELS_FOR_ROLE.items() if org.level in levels and can_grant(mine, r)
    ]
    return await page(
        request,
        "members.html",
        ctx,
        org,
        rows=rows,
        grantable=grantable,
        can_grant=ctx.can(org, "core:member", "create") and bool(grantable),
        can_create_user=ctx.can(org, "core:user", "create"),
        can_revoke=ctx.can(org, "core:member", "delete"),
        revocable={a.id for a, _u in rows if can_grant(mine, a.role)},
        org_names=org_names,
        role_label=role_label,
        level_label=level_label,
    )


@post("/orgs/{org_id:int}/members")
async def add_member(
    request: Request, ctx: RequestContext, org_id: int, data: Annotated[dict[str, str], Form]
) -> Redirect:
    """Grant a role here to an existing account, or create the account first when a password is given."""
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    url = f"/orgs/{org_id}/members"
    org = await ctx.enter_org(org_id, "core:member", "create")
    username = (data.get("username") or "").strip()[:64]
    password = data.get("password") or ""
    role = (data.get("role") or "").strip()
    service = UserService(ctx.session)
    try:
        user = await service.by_username(username)
        if user is None:
            if not password:
                raise Invalid(
                    N_("No account {username}; give a password to create it."),
                    field="username",
                    params={"username": username},
                )
            if len(password) < 8:
                raise Invalid(N_("The password needs at least 8 characters."), field="password")
            await ctx.require(org, "core:user", "create")
            user = await service.create(
                username, password, (data.get("display_name") or "").strip()[:100]
            )
            await ctx.audit("user.create", org, "user", str(user.id), {"username": user.username})
        await grant_role(ctx, user, role, org)
    except DomainError as exc:
        await ctx.session.rollback()
        return back(url, "error", _("Not saved: %(reason)s") % {"reason": localized(exc)})
    return back(
        url,
        "ok",
        _("Granted %(role)s to %(username)s.") % {"role": role_label(role), "username": username},
    )


@post("/orgs/{org_id:int}/members/{membership_id:int}/revoke")
async def revoke_member(
    request: Request,
    ctx: RequestContext,
    org_id: int,
    membership_id: int,
    data: Annotated[dict[str, str], Form],
) -> Redirect:
    """Withdraw one role assignment in this subtree."""
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    url = f"/orgs/{org_id}/members"
    org = await ctx.enter_org(org_id, "core:member", "delete")
    try:
        await revoke_role(ctx, org, membership_id)
    except Forbidden:
        return back(url, "error", _("You may not withdraw a role that is not below your own."))
    return back(url, "ok", _("Role withdrawn."))
