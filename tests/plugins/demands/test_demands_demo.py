"""The demo seeder's year of demands: every state, plausible figures, quick."""

from __future__ import annotations

import random
import time

from core.db import Database
from plugins.demands.demo import seed
from plugins.demands.services import StatsService
from plugins.demands.services._common import today
from tenants.models import OrgUnit
from tenants.scoping import set_scope


async def test_demo_seed_gives_a_plausible_year_quickly(settings, world):
    db = Database(settings.effective_database_url)
    try:
        async with db.session() as session:
            set_scope(session, None)
            org = await session.get(OrgUnit, world.orgs["A"])
            set_scope(session, org.path)
            started = time.perf_counter()
            await seed(org, session, random.Random(7))
            elapsed = time.perf_counter() - started
            await session.commit()
            end = today()
            stats = await StatsService(session).compute(end.replace(year=end.year - 1), end)
    finally:
        await db.dispose()
    assert elapsed < 3, elapsed
    assert 80 <= stats.total <= 120
    assert set(stats.by_kind) >= {"immediate", "promised", "referred"}
    assert stats.closed > stats.open and 0.5 < (stats.on_time_rate or 0) <= 1
    assert stats.satisfaction_rate is not None and stats.satisfaction_rate > 0.7
