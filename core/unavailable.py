"""When the database is unreachable: 503 with ``Retry-After``, never a 500.

A database restart, failover or network cut is the operator's problem, not a bug: clients
and load balancers should retry, and nothing was half-written (each request is one
transaction, rolled back). The API answers Litestar's JSON error shape, the console its
error page; both carry ``Retry-After``. Every other database error keeps its usual answer.
"""

from __future__ import annotations

import asyncio
from typing import Any

import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import InternalServerException
from litestar.middleware._internal.exceptions.middleware import create_exception_response
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = structlog.get_logger(__name__)
RETRY_AFTER_SECONDS = 5
"""What ``Retry-After`` tells clients: a restart or failover usually takes seconds."""

# asyncpg's errors for a server that is gone, starting, stopping or full (by class name, so
# SQLite-only installs need not import asyncpg).
_LOST = {
    "ConnectionDoesNotExistError",
    "ConnectionFailureError",
    "CannotConnectNowError",
    "TooManyConnectionsError",
    "AdminShutdownError",
    "CrashShutdownError",
    "InterfaceError",
    "InternalClientError",
}


def _chain(exc: BaseException):
    """``exc``, the driver error it wraps, and what caused those (SQLAlchemy wraps asyncpg twice)."""
    seen: set[int] = set()
    todo = [exc]
    while todo and len(seen) < 10:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo += [getattr(item, "orig", None), item.__cause__, item.__context__]


def database_unavailable(exc: BaseException) -> bool:
    """Is ``exc`` the database being unreachable (rather than a bad statement or bad data)?"""
    for item in _chain(exc):
        if isinstance(item, ConnectionError | PoolTimeout | asyncio.TimeoutError):
            return True  # refused/reset sockets while connecting; no pooled connection free in time
        if isinstance(item, DBAPIError) and item.connection_invalidated:
            return True
        if type(item).__name__ in _LOST and "asyncpg" in type(item).__module__:
            return True
        # 08: connection exception; 57P: the server is shutting down, restarting or not ready.
        state = str(getattr(item, "sqlstate", "") or getattr(item, "pgcode", "") or "")
        if state.startswith(("08", "57P")):
            return True
        # SQLite answers OperationalError for "database is locked" and "unable to open".
        if isinstance(item, OperationalError) and "sqlite" in type(item.orig).__module__:
            return True
    return False


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.startswith("/health") or path.startswith("/schema")


def database_error_handler(request: Request, exc: Exception) -> Response:
    """503 + Retry-After when the database is unreachable; otherwise the app's answer for a 500."""
    if not database_unavailable(exc):
        handlers = request.app.exception_handlers
        fallback = handlers.get(500) or handlers.get(Exception)
        if fallback is not None and fallback is not database_error_handler:
            return fallback(request, exc)
        return create_exception_response(request, InternalServerException())
    log.warning("database unavailable", error=f"{type(exc).__name__}: {str(exc)[:200]}", path=request.url.path)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if not _is_api(request):
        from core.web.errors import unavailable_page

        response = unavailable_page(request, exc)
        response.headers.update(headers)
        return response
    body: dict[str, Any] = {"status_code": 503, "detail": "the database is unavailable; try again shortly"}
    return Response(body, status_code=503, media_type=MediaType.JSON, headers=headers)


def dbapi_error_handler(request: Request, exc: DBAPIError) -> Response:
    """Any database error: 503 when the database is unreachable, else the edge's answer (422 for
    a value the database refuses, 500 for the rest)."""
    if database_unavailable(exc):
        return database_error_handler(request, exc)
    from core.errors import data_error_handler

    return data_error_handler(request, exc)


def _handlers() -> dict[type[BaseException], Any]:
    handlers: dict[type[BaseException], Any] = dict.fromkeys(
        (ConnectionError, asyncio.TimeoutError, PoolTimeout), database_error_handler)
    handlers[DBAPIError] = dbapi_error_handler
    try:  # asyncpg raises its own errors, unwrapped, while a connection is being opened
        from asyncpg.exceptions import InterfaceError, InternalClientError, PostgresError
    except ImportError:  # a SQLite-only install
        return handlers
    handlers.update(dict.fromkeys((PostgresError, InterfaceError, InternalClientError), database_error_handler))
    return handlers


UNAVAILABLE_HANDLERS = _handlers()
"""Exception handlers for the app; more specific ones (IntegrityError's 409) still win."""
