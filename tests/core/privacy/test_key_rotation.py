"""Key rotation re-encrypts every row, and exact lookups keep working during and after it."""

from __future__ import annotations

import asyncio
import base64
import os
from datetime import date

from sqlalchemy import Text, select, type_coerce

from core import privacy
from core.db import Database
from core.people.models import Person
from core.privacy._keys import DEV_INDEX_KEY
from core.models import load_all_models
from core.privacy.rotation import key_usage as _key_usage
from core.privacy.rotation import rotate as _rotate
from tenants.scoping import set_scope

OLD = "k1:" + base64.b64encode(os.urandom(32)).decode()
NEW = "k2:" + base64.b64encode(os.urandom(32)).decode()
ID_NUMBER = "11010519491231002X"


def key_usage(engine):
    return _key_usage(engine, load_all_models())


def rotate(engine, **kw):
    return _rotate(engine, load_all_models(), **kw)


def _id(i: int) -> str:
    from core.people.idnumbers import check_digit

    first = f"110105199001{i:05d}"
    return first + check_digit(first)


async def _find(db: Database, path: str, number: str) -> list[int]:
    async with db.session() as session:
        set_scope(session, path)
        bidx = privacy.blind_index(number, "people_persons.id_number")
        rows = (await session.execute(select(Person).where(Person.id_number_bidx == bidx))).scalars()
        return [p.id for p in rows if p.id_number == number]


async def test_rotation_rewrites_every_value_and_lookups_keep_working(settings, world):
    db = Database(settings.effective_database_url)
    path = world.paths["A"]
    try:
        privacy.configure(OLD, DEV_INDEX_KEY)
        async with db.session() as session:
            set_scope(session, path)
            for i in range(120):
                number = ID_NUMBER if i == 0 else _id(i)
                session.add(Person(org_id=world.orgs["A1"], name=f"居民{i}", birth_date=date(1990, 1, 1),
                                   id_number=number, phone=f"138{i:08d}",
                                   id_number_bidx=privacy.blind_index(number, "people_persons.id_number"),
                                   phone_bidx=privacy.blind_index(f"138{i:08d}", "people_persons.phone")))
            await session.commit()
        assert (await key_usage(db.engine))["people_persons"] == {"k1": 240}

        # The new key goes in front; the old one still decrypts while the rotation runs.
        privacy.configure(f"{NEW},{OLD}", DEV_INDEX_KEY)
        found_during: list[list[int]] = []

        async def look_up_meanwhile():
            for _ in range(10):
                found_during.append(await _find(db, path, ID_NUMBER))
                await asyncio.sleep(0)

        rewritten, _ = await asyncio.gather(rotate(db.engine, batch=25), look_up_meanwhile())
        assert rewritten["people_persons"] == 240
        assert all(len(hit) == 1 for hit in found_during)
        assert (await key_usage(db.engine))["people_persons"] == {"k2": 240}

        # A second run has nothing to do; then the old key can go.
        assert (await rotate(db.engine))["people_persons"] == 0
        privacy.configure(NEW, DEV_INDEX_KEY)
        assert len(await _find(db, path, ID_NUMBER)) == 1
        async with db.engine.connect() as conn:
            raw = (await conn.execute(select(type_coerce(Person.phone, Text)))).scalars().all()
        assert raw and all(v.startswith("k2$") and "138" not in v for v in raw)
    finally:
        privacy.configure(None, None)
        await db.dispose()


async def test_the_cli_rotates_and_reports_key_usage(settings, world, monkeypatch):
    import subprocess
    import sys
    from pathlib import Path

    db = Database(settings.effective_database_url)
    try:
        privacy.configure(OLD, DEV_INDEX_KEY)
        async with db.session() as session:
            set_scope(session, world.paths["A"])
            session.add(Person(org_id=world.orgs["A"], name="王五", phone="13900001111"))
            await session.commit()
    finally:
        privacy.configure(None, None)
        await db.dispose()
    env = {**os.environ, "SHEQU_ENV": "test", "SHEQU_DATA_DIR": str(settings.data_dir),
           "SHEQU_DATA_KEY": f"{NEW},{OLD}", "SHEQU_INDEX_KEY": DEV_INDEX_KEY}
    env.pop("SHEQU_DATABASE_URL", None)
    if settings.database_url:
        env["SHEQU_DATABASE_URL"] = settings.database_url
    shequ = str(Path(sys.executable).with_name("shequ"))
    r = subprocess.run([shequ, "privacy", "rotate-key"], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "re-encrypting with key k2" in r.stdout and "people_persons" in r.stdout
    r = subprocess.run([shequ, "privacy", "status"], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.startswith("people_persons"))
    assert "k2: 1" in line and "k1" not in line
