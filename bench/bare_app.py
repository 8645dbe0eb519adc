"""The HTTP baseline: the patrol reports list's SQL on the same driver, with no auth or scoping.

Served by granian exactly like the real app (``bench.bare_app:create_app``, factory), so the
difference in throughput is what the platform adds: token check, authorization, tenant
scoping, the module guard, the ORM and the request session.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from typing import Any

from typing import Annotated

from litestar import Litestar, get
from litestar.params import Parameter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

# The same columns and order as ReportService.list, and the route's ``limit`` parameter with the
# same default and bounds (the benchmark asks for ``?limit=20``), so both answer the same rows.
REPORTS_SQL = text(
    "SELECT id, org_id, category, status, reporter_member_id, reported_by, occurred_at, location, description "
    "FROM patrol_reports WHERE org_path LIKE :prefix ORDER BY occurred_at DESC, id DESC LIMIT :limit"
)


def create_app() -> Litestar:
    """The bare app; the database comes from SHEQU_DATABASE_URL like the real one."""
    engine = create_async_engine(os.environ["SHEQU_DATABASE_URL"], pool_size=5)

    @asynccontextmanager
    async def lifespan(app: Litestar):
        yield
        await engine.dispose()

    @get("/api/v1/orgs/{org_id:int}/patrol/reports")
    async def reports(org_id: int, limit: Annotated[int, Parameter(ge=1, le=500)] = 100) -> list[dict[str, Any]]:
        """Reports of the org's subtree, newest first."""
        async with engine.connect() as conn:
            path = (await conn.execute(text("SELECT path FROM org_units WHERE id = :id"), {"id": org_id})).scalar_one()
            rows = await conn.execute(REPORTS_SQL, {"prefix": path + "%", "limit": limit})
            return [dict(r._mapping) for r in rows]

    return Litestar([reports], lifespan=[lifespan])
