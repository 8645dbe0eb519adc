"""CSRF protection for console forms: a signed double-submit token tied to the session.

A random ``shequ_csrf`` cookie (HttpOnly, SameSite=Lax) is set on the first page view;
each form carries ``HMAC(secret, cookie | session cookie)``. A cross-site page can read
neither cookie, so it cannot forge the field. The bearer-token API is untouched.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from litestar import Request
from litestar.exceptions import PermissionDeniedException

from core.auth.tokens import SESSION_COOKIE

CSRF_COOKIE = "shequ_csrf"
CSRF_FIELD = "_csrf"


def new_cookie_value() -> str:
    """A fresh random value for the CSRF cookie."""
    return secrets.token_urlsafe(24)


def token_for(secret: str, cookie_value: str, session: str | None) -> str:
    """The form token that matches the CSRF cookie and the current session."""
    message = f"{cookie_value}|{session or ''}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def cookie_value(request: Request) -> str:
    """The request's CSRF cookie, or the one this response will set (see ``ensure_cookie``)."""
    return request.cookies.get(CSRF_COOKIE) or request.scope.setdefault(
        "shequ_new_csrf", new_cookie_value()
    )


def request_token(request: Request) -> str:
    """The token to embed in forms rendered for this request."""
    secret = request.app.state.settings.secret_key
    return token_for(secret, cookie_value(request), request.cookies.get(SESSION_COOKIE))


async def check(request: Request, submitted: str | None) -> None:
    """Refuse (403) a form post whose token does not match its cookies."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted:
        raise PermissionDeniedException(detail="csrf")
    secret = request.app.state.settings.secret_key
    expected = token_for(secret, cookie, request.cookies.get(SESSION_COOKIE))
    if not hmac.compare_digest(expected, submitted):
        raise PermissionDeniedException(detail="csrf")
