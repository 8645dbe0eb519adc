"""The patrol line's demo year: the ``demo_seeded`` hook fills the figures a dashboard reads."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from core.db import Database
from core.plugins import get_plugin_manager
from plugins.patrol.models import CheckIn, Report, Shift
from tenants.models import OrgUnit
from tenants.scoping import set_scope, unscoped


async def _seed_through_the_hook(settings, org_id: int) -> None:
    db = Database(settings.effective_database_url)
    try:
        async with db.session() as session:
            async with unscoped(session, "the test looks up the org"):
                path = (await session.get(OrgUnit, org_id)).path
            set_scope(session, path)
            org = await session.get(OrgUnit, org_id)
            await get_plugin_manager().call_for_org(
                session, org, "demo_seeded", session=session, rng=random.Random(7)
            )
            await session.commit()
    finally:
        await db.dispose()


async def _rows_under(settings, path: str) -> dict[str, int]:
    db = Database(settings.effective_database_url)
    try:
        async with db.session() as session:
            async with unscoped(session, "the test counts every org's rows"):
                return {
                    m.__tablename__: (
                        await session.execute(
                            select(func.count()).select_from(m).where(m.org_path.startswith(path))
                        )
                    ).scalar_one()
                    for m in (Shift, CheckIn, Report)
                }
    finally:
        await db.dispose()


async def test_hook_demo_seeded(patrol, settings):
    api = patrol.api
    await patrol.enable("A", "secA")
    await _seed_through_the_hook(settings, api.org("A"))
    await _seed_through_the_hook(settings, api.org("B"))  # patrol is off at B: not called there
    stats = await patrol.get("A", "/stats", "secA")
    assert stats["person_times"] > 100 and stats["patrol_hours"] > 100
    assert stats["reports"] > 50 and stats["disputes_mediated"] > 0
    assert stats["change_pct"] is not None and stats["change_pct"] < 0  # a busier year before
    assert all(t["person_times"] > 0 for t in stats["teams"])
    assert await _rows_under(settings, api.world.paths["B"]) == {
        "patrol_shifts": 0,
        "patrol_checkins": 0,
        "patrol_reports": 0,
    }
    # the rows belong to A's grids and A itself, so B's secretary reads none of them
    r = await api.get(f"/api/v1/orgs/{api.org('A')}/patrol/reports", as_="secB")
    assert r.status_code == 403
    shifts = await patrol.get("A1", "/shifts", "gA1")
    assert shifts and all(s["org_id"] == api.org("A1") for s in shifts)
