"""Authentication middleware: a bearer token, or the session cookie on safe requests."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from core.auth.tokens import SESSION_COOKIE, TokenError, read_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuthMiddleware(AbstractAuthenticationMiddleware):
    """Reads the caller's token; the user row itself is loaded by the request context."""

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        """Return the principal of a valid token, or answer 401."""
        header = connection.headers.get("authorization", "")
        token = None
        if header.lower().startswith("bearer "):
            token = header[7:].strip()
        elif connection.scope.get("method", "GET") in SAFE_METHODS or connection.scope["type"] != "http":
            # Cookie auth on state-changing API calls would be open to CSRF; the web
            # console's forms carry their own CSRF token instead.
            token = connection.cookies.get(SESSION_COOKIE)
        if not token:
            raise NotAuthorizedException(detail="log in first: send 'Authorization: Bearer <token>'")
        try:
            principal = read_token(connection.app.state.settings.secret_key, token)
        except TokenError as exc:
            raise NotAuthorizedException(detail=f"invalid or expired token: {exc}") from exc
        return AuthenticationResult(user=principal, auth=token)
