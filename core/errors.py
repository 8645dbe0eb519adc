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

from litestar import MediaType, Request, Response
from litestar.exceptions import ValidationException
from sqlalchemy.exc import IntegrityError

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
            parts.append(f"{where}: {problem.get('message', '')}".strip(": "))
    detail = "invalid request: " + "; ".join(parts) if parts else exc.detail
    return _error(400, detail, problems or None)


def integrity_error_handler(_request: Request, exc: IntegrityError) -> Response:
    """A constraint the service did not pre-check (a race): 409, never a 500."""
    return _error(409, f"conflicts with existing data: {exc.orig.__class__.__name__}")


def scope_violation_handler(_request: Request, exc: Exception) -> Response:
    """A write outside the caller's subtree (``tenants.scoping.ScopeViolation``; the app maps
    it, since this layer sits below the tenancy layer)."""
    return _error(403, str(exc))


EXCEPTION_HANDLERS = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    IntegrityError: integrity_error_handler,
}
