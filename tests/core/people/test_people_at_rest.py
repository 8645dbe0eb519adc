"""A dump of the database shows no ID number and no phone: SQLite file bytes, PostgreSQL COPY."""

from __future__ import annotations

import io

from people_helpers import add_person, resident_id
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

ID = resident_id("19761224", region="110105", seq="918")
PHONE = "13698765432"
UNIT_PHONE = "13511112222"


async def _dump_postgresql(url: str) -> bytes:
    engine = create_async_engine(url)
    out = io.BytesIO()
    try:
        async with engine.connect() as conn:
            raw = await conn.get_raw_connection()
            driver = raw.driver_connection  # asyncpg
            tables = await driver.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
            assert len(tables) > 10
            for row in tables:
                await driver.copy_from_query(f'SELECT * FROM "{row["tablename"]}"', output=out)
    finally:
        await engine.dispose()
    return out.getvalue()


async def test_no_id_number_or_phone_at_rest(api, settings, backend):
    made = await add_person(api, "A", id_number=ID, phone=PHONE, notes="备注" + PHONE)
    assert made.status_code == 201, made.text
    unit = await api.post(
        f"/api/v1/orgs/{api.org('A')}/units",
        as_="secA",
        json={"name": "某某公司", "contact_name": "李四", "contact_phone": UNIT_PHONE},
    )
    assert unit.status_code == 201, unit.text
    # The values went in and can come back (so their absence below is not an empty table).
    shown = await api.post(
        f"/api/v1/orgs/{api.org('A')}/people/{made.json()['id']}/reveal",
        as_="secA",
        json={"fields": ["id_number", "phone"], "reason": "测试"},
    )
    assert shown.json()["fields"] == {"id_number": ID, "phone": PHONE}
    if backend == "sqlite":
        engine = create_async_engine(settings.effective_database_url)
        async with engine.connect() as conn:  # fold the WAL into the file before reading its bytes
            await conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        await engine.dispose()
        dump = b"".join(p.read_bytes() for p in settings.data_dir.glob("shequ.sqlite3*"))
        assert "张小三".encode() in dump  # a value that is stored in clear is found by this read
    else:
        dump = await _dump_postgresql(settings.effective_database_url)
        assert "张小三".encode() in dump
    for secret in (ID, PHONE, UNIT_PHONE, ID[-8:] + "", PHONE[3:]):
        assert secret.encode() not in dump, secret
        assert secret.encode("utf-16-le") not in dump, secret
