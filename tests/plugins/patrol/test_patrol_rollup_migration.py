"""The migration that adds the roll-up fills it from the rows already there (local days)."""

from __future__ import annotations

import asyncio

from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from core.migrations import alembic_config


async def _sql(url: str, *statements: str):
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        result = None
        for sql in statements:
            result = await conn.execute(text(sql))
        rows = result.all() if result is not None and result.returns_rows else None
    await engine.dispose()
    return rows

NOW = "2026-12-01 00:00:00"
ROWS = [
    "INSERT INTO org_units (id, parent_id, level, name, code, path, created_at, updated_at) VALUES "
    f"(1, NULL, 'community', 'A', 'A001', '/1/', '{NOW}', '{NOW}'), "
    f"(2, 1, 'grid', 'A1', 'A011', '/1/2/', '{NOW}', '{NOW}')",
    "INSERT INTO people_persons (id, name, gender, id_type, building, unit_no, room, relation_to_head, status, "
    f"created_at, updated_at, org_id, org_path) VALUES (1, 'p', '', 'resident', '', '', '', '', 'active', "
    f"'{NOW}', '{NOW}', 1, '/1/')",
    f"INSERT INTO patrol_members (id, person_id, kind, created_at, updated_at, org_id, org_path) "
    f"VALUES (1, 1, 'guard', '{NOW}', '{NOW}', 1, '/1/'), (2, 1, 'guard', '{NOW}', '{NOW}', 1, '/1/')",
    "INSERT INTO patrol_teams (id, colour, name, description, is_builtin, created_at, updated_at, org_id, "
    f"org_path) VALUES (1, 'gold', 'g', '', true, '{NOW}', '{NOW}', 1, '/1/')",
    # 2026-11-30 15:30 UTC is 23:30 in Beijing; 16:30 UTC is 00:30 on 1 December.
    "INSERT INTO patrol_shifts (id, team_id, starts_at, ends_at, route, status, created_at, updated_at, org_id, "
    f"org_path) VALUES (1, 1, '2026-11-30 15:30:00', '2026-11-30 17:30:00', '', 'done', '{NOW}', '{NOW}', 2, "
    f"'/1/2/'), (2, 1, '2026-11-30 16:30:00', '2026-11-30 18:30:00', '', 'missed', '{NOW}', '{NOW}', 2, '/1/2/')",
    "INSERT INTO patrol_checkins (id, shift_id, member_id, team_id, checked_in_at, minutes, revision, "
    "created_at, updated_at, org_id, org_path) VALUES "
    f"(1, 1, 1, 1, '2026-11-30 15:40:00', 60, 0, '{NOW}', '{NOW}', 2, '/1/2/'), "
    f"(2, 1, 2, 1, '2026-11-30 16:05:00', 45, 0, '{NOW}', '{NOW}', 2, '/1/2/')",
    "INSERT INTO patrol_reports (id, category, status, occurred_at, location, description, created_at, "
    f"updated_at, org_id, org_path) VALUES (1, 'illegal_structure', 'resolved', '2026-11-29 02:00:00', '', 'x', "
    f"'{NOW}', '{NOW}', 1, '/1/')",
    "INSERT INTO patrol_report_steps (id, report_id, from_status, to_status, at, note, org_id, org_path) VALUES "
    "(1, 1, NULL, 'new', '2026-11-29 02:00:00', '', 1, '/1/'), "
    "(2, 1, 'new', 'resolved', '2026-11-29 20:00:00', '', 1, '/1/')",
    "INSERT INTO patrol_activities (id, kind, team_id, held_on, title, participants, note, created_at, "
    f"updated_at, org_id, org_path) VALUES (1, 'lecture', NULL, '2026-11-28', 't', 30, '', '{NOW}', '{NOW}', 1, "
    "'/1/')",
]


def test_the_roll_up_is_backfilled_by_local_day(empty_database_url):
    cfg = alembic_config(empty_database_url)
    command.upgrade(cfg, "patrol_0002")
    asyncio.run(_sql(empty_database_url, *ROWS))
    command.upgrade(cfg, "heads")
    query = ("SELECT org_id, org_path, CAST(day AS VARCHAR(10)), kind, team_id, category, status, n, amount "
             "FROM patrol_daily_figures")
    expected = sorted([
        (2, "/1/2/", "2026-11-30", "checkin", 1, "", "", 1, 60),  # 23:40 in Beijing
        (2, "/1/2/", "2026-12-01", "checkin", 1, "", "", 1, 45),  # 00:05 the next day
        (2, "/1/2/", "2026-12-01", "missed", 0, "", "", 1, 0),
        (1, "/1/", "2026-11-29", "report", 0, "illegal_structure", "resolved", 1, 0),
        (1, "/1/", "2026-11-30", "step", 0, "illegal_structure", "resolved", 1, 0),  # 04:00 local
        (1, "/1/", "2026-11-28", "activity", 0, "", "", 1, 30),
    ])
    assert sorted(tuple(r) for r in asyncio.run(_sql(empty_database_url, query))) == expected
    # Down drops the table cleanly; up again fills the same cells.
    command.downgrade(cfg, "patrol_0002")
    command.upgrade(cfg, "heads")
    assert sorted(tuple(r) for r in asyncio.run(_sql(empty_database_url, query))) == expected
