"""The error statuses of every operation in the OpenAPI document (core's and every plugin's).

Handlers do not list them one by one: after the app is built, :func:`document_errors` gives
every JSON API operation the statuses the edge, the auth middleware, the request context and
the error handlers really answer with, so a plugin's routes are documented the same way.
"""

from __future__ import annotations

from litestar import Litestar, MediaType, Response
from litestar.openapi import ResponseSpec
from litestar.exceptions import HTTPException, ValidationException
from litestar.routes import HTTPRoute

__all__ = ["document_errors"]


class NotLoggedIn(HTTPException):
    """No valid token."""

    status_code = 401
    detail = "not logged in, or the token is invalid, expired or revoked"


class Denied(HTTPException):
    """Logged in, not allowed."""

    status_code = 403
    detail = "logged in but not allowed here"


class Missing(HTTPException):
    """No such row for the caller."""

    status_code = 404
    detail = "no such id, the row is outside your part of the tree, or the module is off there"


class Conflicting(HTTPException):
    """Conflicts with existing data."""

    status_code = 409
    detail = (
        "conflicts with existing data (a taken code or username, a node that still has children)"
    )


class AgainstARule(HTTPException):
    """Well-formed but refused."""

    status_code = 422
    detail = "well-formed but against a rule, or a value that cannot be stored (out of range, a NUL character)"


class TooMany(HTTPException):
    """Rate limited."""

    status_code = 429
    detail = "too many failed logins; retry after the seconds given"


class Unavailable(HTTPException):
    """The database is unreachable."""

    status_code = 503
    detail = "the database is unavailable; retry after the seconds in Retry-After"


_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _errors_of(path: str, methods: set[str], handler) -> list[type[HTTPException]]:
    # Litestar documents a 400 as ValidationException; naming the same class keeps one 400 schema.
    errors: list[type[HTTPException]] = [ValidationException, AgainstARule, Unavailable]
    if not handler.opt.get("exclude_from_auth"):
        # Ids arrive in bodies and queries too (parent_id, user_id), so any of them may be a 404.
        errors += [NotLoggedIn, Denied, Missing]
    if methods & _WRITES and not handler.opt.get("exclude_from_auth"):
        errors.append(Conflicting)
    if handler.opt.get("rate_limited"):  # the login: wrong credentials, then too many of them
        errors += [NotLoggedIn, TooMany]
    return sorted(errors, key=lambda e: e.status_code)


def document_errors(app: Litestar, prefix: str) -> None:
    """Add the error statuses to every operation below ``prefix``, before the document is first built."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith(prefix):
            continue
        for handler in route.route_handlers:
            known = list(handler.raises or [])
            statuses = {e.status_code for e in known}
            extra = [
                e
                for e in _errors_of(route.path, set(handler.http_methods), handler)
                if e.status_code not in statuses
            ]
            handler.raises = [*known, *extra]
            _document_success(handler)


def _returns_file(handler) -> bool:
    returned = handler.parsed_fn_signature.return_type
    if returned.annotation is bytes:
        return True
    return (
        returned.origin is Response
        and bool(returned.inner_types)
        and returned.inner_types[0].annotation is bytes
    )


def _document_success(handler) -> None:
    # A 204 has no body, and a handler returning a file's bytes picks its media type per
    # answer; Litestar would document both as JSON.
    spec = None
    if handler.status_code == 204:
        spec = ResponseSpec(data_container=None, description="No Content")
    elif _returns_file(handler) and (
        not handler.media_type or handler.media_type == MediaType.JSON
    ):
        spec = ResponseSpec(
            data_container=bytes, media_type="*/*", description="a file (its type in Content-Type)"
        )
    if spec is not None:
        handler.responses = {**(handler.responses or {}), handler.status_code: spec}
