"""supermarket_0002 gives every existing ledger entry its transaction's time, and goes back."""

from __future__ import annotations

import asyncio

import pytest
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


def test_entries_take_their_transactions_time(empty_database_url):
    cfg = alembic_config(empty_database_url)
    command.upgrade(cfg, "0003_people")
    command.upgrade(cfg, "supermarket_0001")
    now, then = "2026-12-01 00:00:00", "2025-03-15 08:30:00"
    asyncio.run(
        _sql(
            empty_database_url,
            "INSERT INTO org_units (id, parent_id, level, name, code, path, created_at, updated_at) "
            f"VALUES (1, NULL, 'community', 'A', 'A001', '/1/', '{now}', '{now}')",
            "INSERT INTO supermarket_accounts (id, key, created_at, org_id, org_path) VALUES "
            f"(1, 'system:award', '{now}', 1, '/1/'), (2, 'system:goods', '{now}', 1, '/1/')",
            "INSERT INTO supermarket_txns (id, kind, points, reason, at, org_id, org_path) VALUES "
            f"(1, 'awarded', 5, '', '{then}', 1, '/1/'), (2, 'spent', 3, '', '{now}', 1, '/1/')",
            "INSERT INTO supermarket_entries (id, txn_id, account_id, amount, org_id, org_path) "
            "VALUES (1, 1, 1, 5, 1, '/1/'), (2, 1, 2, -5, 1, '/1/'), (3, 2, 2, 3, 1, '/1/')",
        )
    )
    command.upgrade(cfg, "heads")
    rows = asyncio.run(
        _sql(
            empty_database_url,
            "SELECT e.id FROM supermarket_entries e JOIN supermarket_txns t ON t.id = e.txn_id"
            " WHERE e.at = t.at ORDER BY e.id",
        )
    )
    assert [r[0] for r in rows] == [1, 2, 3]
    # the entries follow their transaction's time, and cannot be given another
    asyncio.run(_sql(empty_database_url, f"UPDATE supermarket_txns SET at = '{now}' WHERE id = 1"))
    moved = asyncio.run(_sql(empty_database_url, f"SELECT id FROM supermarket_entries WHERE at = '{now}'"))
    assert sorted(r[0] for r in moved) == [1, 2, 3]
    with pytest.raises(Exception, match="(?i)foreign key"):
        asyncio.run(_sql(empty_database_url, f"UPDATE supermarket_entries SET at = '{then}' WHERE id = 3"))
    command.downgrade(cfg, "supermarket_0001")
    kept = asyncio.run(_sql(empty_database_url, "SELECT id, amount FROM supermarket_entries ORDER BY id"))
    assert [tuple(r) for r in kept] == [(1, 5), (2, -5), (3, 3)]
    assert "at" not in asyncio.run(_columns(empty_database_url))


async def _columns(url: str) -> list[str]:
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        keys = list((await conn.execute(text("SELECT * FROM supermarket_entries LIMIT 0"))).keys())
    await engine.dispose()
    return keys
