"""The caller's own account (password change) and the accounts of an org's subtree."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from core.auth.tokens import SESSION_COOKIE, issue_token
from core.context import RequestContext
from core.errors import N_, Invalid
from core.privacy.masking import mask_phone
from core.users.accounts import AccountService
from core.web.forms import FormData, integer, submit, text
from core.web.i18n import gettext as _
from core.web.render import page

PAGE_SIZE = 30


@get("/account/password")
async def password_form(request: Request, ctx: RequestContext) -> Template:
    """The form to change one's own password (the only page reachable while a change is due)."""
    return await page(request, "account_password.html", ctx, forced=ctx.user.must_change_password)


@post("/account/password")
async def password_submit(request: Request, ctx: RequestContext, data: FormData) -> Redirect:
    """Change one's own password; the new one is typed twice."""
    changed = []

    async def work():
        new = data.get("new_password") or ""
        if new != (data.get("confirm_password") or ""):
            raise Invalid(N_("the two new passwords differ"), field="confirm_password")
        await AccountService(ctx).change_own_password(data.get("current_password") or "", new)
        changed.append(True)
        return _("Password changed.")

    redirect = await submit(request, ctx, data, "/account/password", work)
    if not changed:  # refused: back to the form with the message
        return redirect
    # The change revoked every session of the account; this browser gets a new one.
    settings = request.app.state.settings
    token, _expires = issue_token(settings.secret_key, ctx.user.id, ctx.user.username,
                                  settings.token_ttl_seconds, ctx.user.token_version)
    session = Cookie(key=SESSION_COOKIE, value=token, max_age=settings.token_ttl_seconds, httponly=True,
                     samesite="lax", secure=settings.is_production, path="/")
    return Redirect("/", status_code=303, cookies=[*redirect.cookies, session])


@get("/orgs/{org_id:int}/accounts")
async def accounts(request: Request, ctx: RequestContext, org_id: int, q: str = "", p: int = 1) -> Template:
    """Accounts holding a role here or below: search, paging, and what an administrator may change."""
    org = await ctx.enter_org(org_id, "core:user", "read")
    q, p = q.strip()[:100], max(1, min(p, 10_000))
    rows, total = await AccountService(ctx).in_subtree(org, q, (p - 1) * PAGE_SIZE, PAGE_SIZE)
    return await page(
        request, "accounts.html", ctx, org, rows=rows, total=total, q=q, p=p,
        pages=max(1, -(-total // PAGE_SIZE)), mask_phone=mask_phone,
        can_update=ctx.can(org, "core:user", "update"),
    )


@post("/orgs/{org_id:int}/accounts/{user_id:int}")
async def update_account(
    request: Request, ctx: RequestContext, org_id: int, user_id: int, data: FormData
) -> Redirect:
    """Edit, deactivate or reactivate an account, or reset its password (by the form's ``action``)."""
    await ctx.enter_org(org_id, "core:user", "update")
    url = f"/orgs/{org_id}/accounts"

    async def work():
        service = AccountService(ctx)
        user = await service.administrable(integer({"user_id": str(user_id)}, "user_id"))
        action = data.get("action")
        if action == "reset_password":
            await service.reset_password(user, data.get("password") or "", must_change=True)
            return _("Password reset; %(username)s must change it at the next login.") % {"username": user.username}
        if action in ("deactivate", "activate"):
            await service.update(user, {"is_active": action == "activate"})
            return _("Account %(username)s saved.") % {"username": user.username}
        await service.update(user, {
            "display_name": text(data, "display_name", 100),
            "job_title": text(data, "job_title", 100),
            "phone": text(data, "phone", 32),
        })
        return _("Account %(username)s saved.") % {"username": user.username}

    return await submit(request, ctx, data, url, work)
