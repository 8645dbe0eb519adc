"""Liveness and readiness probes."""

from __future__ import annotations

from litestar import MediaType, Response, get
from litestar.datastructures import State
from sqlalchemy import text

from core.workdays import calendar_status


@get("/health/live", exclude_from_auth=True, include_in_schema=False, media_type=MediaType.JSON)
async def live() -> dict[str, str]:
    """The process is up and serving."""
    return {"status": "ok"}


@get("/health/ready", exclude_from_auth=True, include_in_schema=False, media_type=MediaType.JSON)
async def ready(state: State) -> Response[dict]:
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
    body: dict = {"status": "ok" if healthy else "unavailable", **checks, "holiday_calendar": _calendar()}
    return Response(body, status_code=200 if healthy else 503)


def _calendar() -> dict:
    # A detail, never a failure: the calendar still works for today, and a failing probe
    # would take every pod out of service.
    status = calendar_status()
    detail: dict = {"last_day": status.last_day.isoformat(), "days_left": status.days_left}
    if status.warning:
        detail["warning"] = status.warning
    return detail
