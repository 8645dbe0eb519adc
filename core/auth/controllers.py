"""Login and logout."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Request, Response, post
from litestar.datastructures import Cookie, State
from litestar.exceptions import NotAuthorizedException
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit.services import write_audit
from core.auth.passwords import hash_password, needs_rehash, verify_password
from core.auth.tokens import SESSION_COOKIE, TokenError, issue_token, read_token
from core.context import client_ip
from core.errors import DomainError
from core.users.models import User
from core.users.services import MAX_ID, UserService
from tenants.scoping import set_scope


class TooManyAttempts(DomainError):
    """Login refused by the rate limit (429)."""

    status = 429


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Credentials."""

    username: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]


class TokenResponse(msgspec.Struct):
    """A bearer token and when it expires."""

    access_token: str
    token_type: str
    expires_at: str


@post("/auth/login", operation_id="Login", tags=["auth"], exclude_from_auth=True, rate_limited=True, status_code=200)
async def login(request: Request, state: State, db_session: AsyncSession, data: LoginRequest) -> Response[TokenResponse]:
    """Exchange a username and password for a bearer token (also set as a session cookie)."""
    ip = client_ip(request)
    limiter = state.login_limiter
    verdict = await limiter.check(data.username, ip)
    if not verdict.allowed:
        who = "this account" if verdict.reason == "username" else "your address"
        raise TooManyAttempts(
            f"too many failed logins for {who}; try again in {verdict.retry_after} seconds",
            field="username",
            extra={"retry_after": verdict.retry_after},
        )
    user = await UserService(db_session).by_username(data.username)
    ok = verify_password(user.password_hash if user else None, data.password)
    if not ok or user is None or not user.is_active:
        await limiter.failed(data.username, ip)
        # The 401 rolls db_session back; the record of the failure must survive that.
        async with state.db.session() as side:
            await write_audit(side, actor_id=user.id if user else None, actor_name=data.username[:64],
                              action="auth.login_failed", org=None, ip=ip)
            await side.commit()
        raise NotAuthorizedException(detail="wrong username or password")
    await limiter.reset(data.username)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(data.password)
    await write_audit(db_session, actor_id=user.id, actor_name=user.username, action="auth.login", org=None, ip=ip)
    settings = state.settings
    token, expires = issue_token(settings.secret_key, user.id, user.username, settings.token_ttl_seconds,
                                 user.token_version)
    cookie = Cookie(
        key=SESSION_COOKIE,
        value=token,
        max_age=settings.token_ttl_seconds,
        httponly=True,
        samesite="lax",
        secure=settings.is_production,
        path="/",
    )
    body = TokenResponse(access_token=token, token_type="bearer", expires_at=expires.isoformat())
    return Response(body, cookies=[cookie])


async def revoke_presented_token(request: Request, state: State) -> None:
    """Log out everywhere: revoke every token of the account whose valid token came with the request."""
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else request.cookies.get(SESSION_COOKIE)
    if not token:
        return
    try:
        principal = read_token(state.settings.secret_key, token)
    except TokenError:
        return
    async with state.db.session() as session:
        set_scope(session, None)
        user = await session.get(User, principal.user_id) if 0 < principal.user_id <= MAX_ID else None
        if user is None or user.token_version != principal.version:
            return
        await UserService(session).revoke_tokens(user)
        await write_audit(session, actor_id=user.id, actor_name=user.username, action="auth.logout", org=None,
                          ip=client_ip(request))
        await session.commit()


@post("/auth/logout", operation_id="Logout", tags=["auth"], exclude_from_auth=True, status_code=204)
async def logout(request: Request, state: State) -> Response[None]:
    """Revoke the caller's tokens (every session of the account) and forget the session cookie."""
    await revoke_presented_token(request, state)
    return Response(None, status_code=204, cookies=[Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/")])
