"""Liveness and readiness probes."""

from __future__ import annotations

from litestar import MediaType, Response, get
from litestar.datastructures import State
from sqlalchemy import text


@get("/health/live", exclude_from_auth=True, include_in_schema=False, media_type=MediaType.JSON)
async def live() -> dict[str, str]:
    """The process is up and serving."""
    return {"status": "ok"}


@get("/health/ready", exclude_from_auth=True, include_in_schema=False, media_type=MediaType.JSON)
async def ready(state: State) -> Response[dict[str, str]]:
    """The database answers (and is migrated) and Redis answers; 503 naming what failed."""
    checks: dict[str, str] = {}
    try:
        async with state.db.session() as session:
            # No tenant scope is set on this session, so a plain statement is allowed.
            await session.execute(text("SELECT 1 FROM alembic_version"))
        checks["database"] = "ok"
        if not state.authz.loaded:  # the database was down at start-up
            await state.authz.reload()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        checks["database"] = f"error: {exc.__class__.__name__}"
    if state.redis is None:
        checks["redis"] = "embedded"
    else:
        try:
            await state.redis.ping()
            checks["redis"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["redis"] = f"error: {exc.__class__.__name__}"
    healthy = all(v in ("ok", "embedded") for v in checks.values())
    return Response({"status": "ok" if healthy else "unavailable", **checks}, status_code=200 if healthy else 503)
