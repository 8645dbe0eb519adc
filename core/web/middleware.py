"""ASGI middleware of the console: language, security headers, the CSRF cookie, the session."""

from __future__ import annotations

from litestar.datastructures import Cookie
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from core.auth.tokens import SESSION_COOKIE, TokenError, read_token
from core.web import i18n
from core.web.csrf import CSRF_COOKIE

# No inline scripts or styles; charts are SVG images (data: URLs) so their own styles stay inside them.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def _cookies(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, val = part.strip().partition("=")
                if key:
                    out[key] = val
    return out


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return None


def secure_response_headers(message: Message, scope: Scope) -> None:
    """``before_send`` hook, outermost: security headers, HSTS and ``Secure`` cookies on every answer.

    It runs on answers made by any middleware or exception handler too (the auth
    middleware's 401, a 404 of an unknown path), which a middleware's send wrapper misses.
    """
    if message["type"] != "http.response.start":
        return
    headers = list(message.get("headers", []))
    present = {name.lower() for name, _ in headers}
    headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
    settings = getattr(scope["app"].state, "settings", None)
    if settings is not None and settings.hsts_seconds > 0 and b"strict-transport-security" not in present:
        headers.append((b"strict-transport-security", f"max-age={settings.hsts_seconds}; includeSubDomains".encode()))
    request_id = scope.get("shequ_request_id")
    if request_id and b"x-request-id" not in present:
        headers.append((b"x-request-id", request_id.encode("latin-1")))
    if settings is not None and settings.is_production:
        headers = [(k, v + b"; Secure") if k.lower() == b"set-cookie" and b"secure" not in v.lower() else (k, v)
                   for k, v in headers]
    message["headers"] = headers


class ConsoleMiddleware:
    """App-wide: picks the request's language and sets the console's CSRF cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Set the locale, then decorate the response start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        i18n.set_locale(
            i18n.negotiate(cookies.get(i18n.LANG_COOKIE), _header(scope, b"accept-language"))
        )

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                new_csrf = scope.get("shequ_new_csrf")
                if new_csrf and CSRF_COOKIE not in cookies:
                    cookie = Cookie(
                        key=CSRF_COOKIE, value=new_csrf, httponly=True, samesite="lax", path="/"
                    )
                    headers.append(cookie.to_encoded_header())
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_wrapper)


class PageSessionMiddleware:
    """Console routes: a valid session cookie makes ``request.user`` its principal, else None."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read the session cookie without refusing anonymous requests (the login page needs them)."""
        token = _cookies(scope).get(SESSION_COOKIE)
        principal = None
        if token:
            try:
                principal = read_token(scope["app"].state.settings.secret_key, token)
            except TokenError:
                principal = None
        scope["user"] = principal
        scope["auth"] = token if principal else None
        await self.app(scope, receive, send)
