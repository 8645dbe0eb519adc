"""Domain errors raised by services, and their mapping to HTTP answers.

Services raise these (no HTTP in services); the app turns them into Litestar's JSON error
shape with a human-readable ``detail`` that names the field or row at fault.

Raise with a translatable message id and its params, never a finished English sentence::

    raise Invalid(N_("{field} must be a date like 2026-01-31, got {value}"), field="start",
                  params={"value": raw})

``detail`` is the English rendering (the JSON API answers with it); ``msgid`` and ``params``
travel with the error so the console shows it in the reader's language through
:func:`localize`. ``{field}`` is always available to the message when ``field`` is given.
"""

from __future__ import annotations

from typing import Any

import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.middleware._internal.exceptions.middleware import create_exception_response
from sqlalchemy.exc import DBAPIError, IntegrityError

from core.messages import N_, json_params, localize, message_of

__all__ = [
    "N_",
    "Conflict",
    "DomainError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "localize",
    "message_of",
]


class DomainError(Exception):
    """A request the domain refuses; ``status`` is the HTTP status it maps to."""

    status = 400

    def __init__(
        self,
        msgid: str,
        *,
        field: str | None = None,
        params: dict[str, Any] | None = None,
        extra: Any = None,
    ) -> None:
        self.msgid = msgid
        self.field = field
        self.params = json_params({**({"field": field} if field else {}), **(params or {})})
        self.extra = extra
        self.detail = localize(self)  # English, for the API, logs and run records
        super().__init__(self.detail)


class Invalid(DomainError):
    """Well-formed input that breaks a rule (422)."""

    status = 422


class Conflict(DomainError):
    """The request conflicts with existing data (409)."""

    status = 409


class NotFound(DomainError):
    """An id that does not exist, or not within the caller's scope (404)."""

    status = 404


class Forbidden(DomainError):
    """The caller may not do this (403)."""

    status = 403


def _error(status: int, detail: str, extra: Any = None) -> Response:
    body: dict[str, Any] = {"status_code": status, "detail": detail}
    if extra is not None:
        body["extra"] = extra
    return Response(body, status_code=status, media_type=MediaType.JSON)


def domain_error_handler(_request: Request, exc: DomainError) -> Response:
    """Turn a DomainError into its status with the detail text."""
    extra = exc.extra if exc.extra is not None else ({"field": exc.field} if exc.field else None)
    detail = exc.detail
    if exc.field and exc.field not in detail:  # clients read detail; it must name the field
        detail = f"{exc.field}: {detail}"
    return _error(exc.status, detail, extra)


def validation_error_handler(_request: Request, exc: ValidationException) -> Response:
    """Put the offending field names into ``detail``, not only into ``extra``."""
    problems = exc.extra if isinstance(exc.extra, list) else []
    parts = []
    for problem in problems:
        if isinstance(problem, dict):
            where = problem.get("key") or problem.get("source") or ""
            message = problem.get("message", "")
            if message == f"'{where}'":  # Litestar's words for a missing body or parameter
                message = "missing" if where != "data" else "the request body is missing"
            parts.append(f"{where}: {message}".strip(": "))
    detail = "invalid request: " + "; ".join(parts) if parts else exc.detail
    return _error(400, detail, problems or None)


_log = structlog.get_logger("shequ.errors")

# SQLSTATE classes: 23503 is a foreign key violation; 22 is "data exception" (a value out of
# range, a NUL in text, a bad encoding).
_FOREIGN_KEY = "23503"


def _sqlstate(exc: DBAPIError) -> str:
    orig = exc.orig
    return str(getattr(orig, "sqlstate", None) or getattr(getattr(orig, "__cause__", None), "sqlstate", "") or "")


def integrity_error_handler(_request: Request, exc: IntegrityError) -> Response:
    """A constraint the service did not pre-check (a race): 409 or 422, never a 500, no internals."""
    text = str(exc.orig)
    if _sqlstate(exc) == _FOREIGN_KEY or "FOREIGN KEY" in text:
        return _error(422, "refers to something that does not exist (or no longer exists)")
    return _error(409, "conflicts with existing data (it already exists, or something still refers to it)")


def data_error_handler(request: Request, exc: DBAPIError) -> Response:
    """A value the database refuses (out of range, NUL, bad encoding): 422; anything else: a 500."""
    if _sqlstate(exc).startswith("22") or "invalid input for query argument" in str(exc.orig):
        return _error(422, "a value is out of range or contains characters that cannot be stored")
    return internal_error_handler(request, exc)


def _request_id(request: Request) -> str | None:
    return request.scope.get("shequ_request_id")  # type: ignore[return-value]


def internal_error_handler(request: Request, exc: Exception) -> Response:
    """Log the traceback with the request id, then answer 500 without internals."""
    if isinstance(exc, HTTPException) and exc.status_code < 500:
        return create_exception_response(request, exc)
    _log.error(
        "unhandled_error",
        method=request.scope.get("method"),
        path=request.scope.get("path"),
        request_id=_request_id(request),
        exc_info=exc,
    )
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    return _error(status, "Internal Server Error", {"request_id": _request_id(request)})


def scope_violation_handler(_request: Request, exc: Exception) -> Response:
    """A write outside the caller's subtree (``tenants.scoping.ScopeViolation``; the app maps
    it, since this layer sits below the tenancy layer)."""
    return _error(403, str(exc))


EXCEPTION_HANDLERS = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    IntegrityError: integrity_error_handler,
    DBAPIError: data_error_handler,
    Exception: internal_error_handler,
    500: internal_error_handler,
}
