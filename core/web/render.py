"""Rendering console pages: the per-request context every template needs, flashes, redirects."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncGenerator, Callable
from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.datastructures import Cookie, State
from litestar.response import Redirect, Template

from core.context import RequestContext, provide_context
from core.web import i18n
from core.web.csrf import request_token
from core.web.nav import nav_items
from core.workdays import calendar_status

FLASH_COOKIE = "shequ_flash"


class LoginRequired(Exception):
    """A console page was asked for without a valid session."""


def _calendar_banner(ctx: RequestContext | None, org: Any) -> Any:
    """The holiday calendar's status for platform and city admins while it ends soon, else None."""
    if ctx is None:
        return None
    operator = ctx.user.is_platform_admin or (
        org is not None and any(role == "city_admin" for role, _path in ctx.authz.roles_at(ctx.user.id, org.path))
    )
    if not operator:
        return None
    status = calendar_status()
    return status if status.warning else None


async def provide_page_context(
    request: Request, state: State
) -> AsyncGenerator[RequestContext, None]:
    """The kernel's RequestContext for a cookie-authenticated page (login first when anonymous)."""
    if request.scope.get("user") is None:
        raise LoginRequired()
    inner = provide_context(request, state)
    ctx = await inner.__anext__()
    try:
        yield ctx
    except BaseException as exc:
        try:
            await inner.athrow(exc)
        except BaseException as again:
            if again is not exc:
                raise
        raise
    else:
        try:
            await inner.__anext__()
        except StopAsyncIteration:
            pass


def flash(response: Redirect | Template, kind: str, text: str) -> Redirect | Template:
    """Attach a one-time message (``ok`` or ``error``) shown on the next page."""
    raw = base64.urlsafe_b64encode(json.dumps({"kind": kind, "text": text}).encode()).decode()
    response.cookies.append(
        Cookie(key=FLASH_COOKIE, value=raw, httponly=True, samesite="lax", path="/", max_age=60)
    )
    return response


def back(url: str, kind: str | None = None, text: str = "") -> Redirect:
    """A 303 redirect after a form post, optionally with a flash message."""
    response = Redirect(url, status_code=303)
    if kind:
        flash(response, kind, text)
    return response


def _read_flash(request: Request) -> dict[str, str] | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode()))
        return {"kind": str(data["kind"]), "text": str(data["text"])}
    except (ValueError, KeyError, TypeError):
        return None


def page_url(request: Request) -> Callable[[int], str]:
    """A function giving this list's URL at another page, keeping its search and filters."""

    def at(number: int) -> str:
        params = {k: v for k, v in request.query_params.items() if k != "page" and v}
        params["page"] = str(number)
        return f"{request.url.path}?{urlencode(params)}"

    return at


async def page(
    request: Request,
    template: str,
    ctx: RequestContext | None = None,
    org: Any = None,
    status_code: int = 200,
    **context: Any,
) -> Template:
    """Render ``template`` with the user, org, navigation, CSRF token, language and flash message."""
    locale = i18n.get_locale()
    shown = _read_flash(request)
    base = {
        "request_path": request.url.path,
        "user": ctx.user if ctx else None,
        "org": org,
        "nav": await nav_items(ctx, org) if ctx and org is not None else [],
        "csrf_token": request_token(request),
        "locale": locale,
        "html_lang": i18n.HTML_LANG[locale],
        "flash": shown,
        "pick": i18n.pick,
        "pager_url": page_url(request),
        "calendar_banner": _calendar_banner(ctx, org),
    }
    base.update(context)
    response = Template(template_name=template, context=base, status_code=status_code)
    if shown:
        response.cookies.append(Cookie(key=FLASH_COOKIE, value="", max_age=0, path="/"))
    return response
