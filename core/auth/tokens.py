"""Signed access tokens (JWT, HS256) for the API and the web session cookie."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

ALGORITHM = "HS256"
SESSION_COOKIE = "shequ_session"


@dataclass(frozen=True)
class Principal:
    """Who a valid token says the caller is."""

    user_id: int
    username: str
    version: int = 0  # the account's token_version when the token was issued


class TokenError(Exception):
    """The token is missing, malformed, expired or not signed by us."""


def issue_token(
    secret: str, user_id: int, username: str, ttl_seconds: int, version: int = 0
) -> tuple[str, datetime]:
    """A signed token for the user (at the account's ``token_version``) and the moment it expires."""
    now = datetime.now(UTC)
    expires = now + timedelta(seconds=ttl_seconds)
    claims = {"sub": str(user_id), "name": username, "iat": now, "exp": expires, "jti": uuid.uuid4().hex,
              "ver": version}
    return jwt.encode(claims, secret, algorithm=ALGORITHM), expires


def read_token(secret: str, token: str) -> Principal:
    """Verify a token and return its principal, or raise TokenError."""
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
        return Principal(user_id=int(claims["sub"]), username=str(claims.get("name", "")),
                         version=int(claims.get("ver", 0)))
    except (jwt.PyJWTError, ValueError) as exc:
        raise TokenError(str(exc)) from exc
