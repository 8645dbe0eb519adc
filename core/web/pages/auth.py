"""Login, logout, language choice and the home redirect."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from litestar import Request, get, post
from litestar.datastructures import Cookie, State
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy import select

from core.audit.services import write_audit
from core.auth.controllers import revoke_presented_token
from core.auth.passwords import hash_password, needs_rehash, verify_password
from core.auth.tokens import SESSION_COOKIE, issue_token
from core.context import RequestContext, client_ip
from core.users.models import User
from core.users.services import UserService, assignments_of
from core.web import csrf, i18n
from core.web.i18n import gettext as _
from core.web.render import back, page
from tenants.models import OrgUnit
from tenants.scoping import set_scope

Form = Body(media_type=RequestEncodingType.URL_ENCODED)
YEAR = 365 * 24 * 3600


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot be used as an open redirect."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or urlparse(target).netloc
    ):
        return "/"
    return target


@get("/login", exclude_from_auth=True)
async def login_form(request: Request, next: str = "/") -> Template:  # noqa: A002
    """The login form."""
    return await page(request, "login.html", next=_safe_next(next), error=None)


@post("/login", exclude_from_auth=True)
async def login_submit(
    request: Request, state: State, data: Annotated[dict[str, str], Form]
) -> Template | Redirect:
    """Check the password (rate-limited), set the HttpOnly session cookie, go where the user wanted."""
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    username = (data.get("username") or "").strip()[:64]
    password = (data.get("password") or "")[:256]
    target = _safe_next(data.get("next"))
    ip = client_ip(request)
    limiter = state.login_limiter
    verdict = await limiter.check(username, ip)
    if not verdict.allowed:
        error = _("Too many failed logins. Try again in %(seconds)s seconds.") % {
            "seconds": verdict.retry_after
        }
        return await page(request, "login.html", next=target, error=error, status_code=429)
    async with state.db.session() as session:
        set_scope(session, None)
        user = await UserService(session).by_username(username)
        ok = verify_password(user.password_hash if user else None, password)
        if not ok or user is None or not user.is_active:
            await limiter.failed(username, ip)
            await write_audit(
                session,
                actor_id=user.id if user else None,
                actor_name=username,
                action="auth.login_failed",
                org=None,
                ip=ip,
            )
            await session.commit()
            error = _("Wrong username or password.")
            return await page(request, "login.html", next=target, error=error, status_code=401)
        await limiter.reset(username)
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        await write_audit(
            session,
            actor_id=user.id,
            actor_name=user.username,
            action="auth.login",
            org=None,
            ip=ip,
        )
        locale = user.locale
        await session.commit()
        token, _expires = issue_token(
            state.settings.secret_key, user.id, user.username, state.settings.token_ttl_seconds,
            user.token_version,
        )
    response = Redirect(target, status_code=303)
    response.cookies.append(
        Cookie(
            key=SESSION_COOKIE,
            value=token,
            max_age=state.settings.token_ttl_seconds,
            httponly=True,
            samesite="lax",
            secure=state.settings.is_production,
            path="/",
        )
    )
    if locale in i18n.LOCALES:
        response.cookies.append(
            Cookie(key=i18n.LANG_COOKIE, value=locale, max_age=YEAR, samesite="lax", path="/")
        )
    return response


@post("/logout", exclude_from_auth=True)
async def logout_submit(request: Request, data: Annotated[dict[str, str], Form]) -> Redirect:
    """Forget the session cookie."""
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    await revoke_presented_token(request, request.app.state)
    response = Redirect("/login", status_code=303)
    response.cookies.append(
        Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/", httponly=True, samesite="lax")
    )
    return response


@post("/lang", exclude_from_auth=True)
async def choose_language(
    request: Request, state: State, data: Annotated[dict[str, str], Form]
) -> Redirect:
    """Remember the chosen language in a cookie and, when logged in, on the account."""
    await csrf.check(request, data.get(csrf.CSRF_FIELD))
    locale = i18n.normalize(data.get("locale")) or i18n.DEFAULT_LOCALE
    principal = request.scope.get("user")
    if principal is not None:
        async with state.db.session() as session:
            set_scope(session, None)
            user = await session.get(User, principal.user_id)
            if user is not None:
                user.locale = locale
                await session.commit()
    response = back(_safe_next(data.get("next")))
    response.cookies.append(
        Cookie(key=i18n.LANG_COOKIE, value=locale, max_age=YEAR, samesite="lax", path="/")
    )
    return response


@get("/")
async def home(ctx: RequestContext) -> Redirect:
    """Send the user to their first org (a platform admin to the first city)."""
    if ctx.user.is_platform_admin:
        first = await ctx.session.scalar(
            select(OrgUnit.id).where(OrgUnit.parent_id.is_(None)).order_by(OrgUnit.id)
        )
    else:
        assignments = await assignments_of(ctx.session, ctx.user.id)
        first = assignments[0].org_id if assignments else None
    if first is None:
        return Redirect("/no-org", status_code=303)
    return Redirect(f"/orgs/{first}/", status_code=303)


@get("/no-org")
async def no_org(request: Request, ctx: RequestContext) -> Template:
    """For an account that holds no role yet."""
    return await page(request, "no_org.html", ctx)
