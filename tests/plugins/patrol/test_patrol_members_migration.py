"""The migration that makes patrol members persons keeps every member, and their phone only encrypted."""

from __future__ import annotations

import asyncio

from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from core.migrations import alembic_config
from core.privacy import blind_index, mask_phone

MEMBERS = [("张警官", "138 0000 1111"), ("李大妈", None)]


async def _sql(url: str, *statements: str, params: dict | None = None):
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        result = None
        for sql in statements:
            result = await conn.execute(text(sql), params or {})
        rows = result.all() if result is not None and result.returns_rows else None
    await engine.dispose()
    return rows


async def _columns(url: str) -> list[str]:
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        keys = list((await conn.execute(text("SELECT * FROM patrol_members LIMIT 0"))).keys())
    await engine.dispose()
    return keys


def test_members_become_persons_and_come_back(empty_database_url):
    cfg = alembic_config(empty_database_url)
    command.upgrade(cfg, "0003_people")
    command.upgrade(cfg, "patrol_0001")
    now = "2026-12-01 00:00:00"
    asyncio.run(
        _sql(
            empty_database_url,
            "INSERT INTO org_units (id, parent_id, level, name, code, path, created_at, updated_at) "
            f"VALUES (1, NULL, 'community', 'A', 'A001', '/1/', '{now}', '{now}')",
        )
    )
    for i, (name, phone) in enumerate(MEMBERS, start=1):
        asyncio.run(
            _sql(
                empty_database_url,
                "INSERT INTO patrol_members (id, name, kind, phone, org_id, org_path, created_at, updated_at) "
                f"VALUES ({i}, :name, 'resident', :phone, 1, '/1/', '{now}', '{now}')",
                params={"name": name, "phone": phone},
            )
        )
    command.upgrade(cfg, "heads")

    rows = asyncio.run(
        _sql(
            empty_database_url,
            "SELECT m.id, m.person_id, p.name, p.phone, p.phone_bidx, p.org_id FROM patrol_members m "
            "JOIN people_persons p ON p.id = m.person_id ORDER BY m.id",
        )
    )
    assert [(r[0], r[2], r[5]) for r in rows] == [(1, "张警官", 1), (2, "李大妈", 1)]
    stored = rows[0][3]
    assert "13800001111" not in stored and stored.count("$") == 1  # key id $ ciphertext
    assert rows[0][4] == blind_index("13800001111", "people_persons.phone") and rows[1][3] is None
    columns = asyncio.run(_columns(empty_database_url))
    assert "person_id" in columns and "name" not in columns and "phone" not in columns

    from core.people.models import Person  # the column type decrypts with the same keyring

    assert Person.__table__.c.phone.type.process_result_value(stored, None) == "13800001111"
    assert mask_phone("13800001111") == "138****1111"

    command.downgrade(cfg, "patrol_0001")
    back = asyncio.run(_sql(empty_database_url, "SELECT id, name, phone FROM patrol_members ORDER BY id"))
    assert [tuple(r) for r in back] == [(1, "张警官", "13800001111"), (2, "李大妈", None)]
