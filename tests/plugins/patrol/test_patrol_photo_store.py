"""Report photos reach the disk with their transaction: none after a rollback, always after a commit."""

from __future__ import annotations

from sqlalchemy import func, select

from core.db import Database
from plugins.patrol.models import Report, ReportPhoto
from plugins.patrol.services import PhotoStore
from tenants.models import OrgUnit
from tenants.scoping import set_scope

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _files(settings) -> list:
    root = settings.data_dir / "uploads" / "patrol"
    return sorted(p.name for p in root.rglob("*")) if root.exists() else []


async def _report(patrol, now) -> int:
    await patrol.enable("A", "secA")
    body = {"category": "sanitation", "description": "x", "occurred_at": now.isoformat()}
    return (await patrol.post("A", "/reports", "wA", body))["id"]


async def test_a_rolled_back_photo_leaves_no_file(patrol, now, settings):
    report_id = await _report(patrol, now)
    store = PhotoStore(settings.data_dir, 4096)
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        set_scope(session, (await session.get(OrgUnit, patrol.api.org("A"))).path)
        report = await session.get(Report, report_id)
        await store.add(session, report, PNG, None)
        assert [n.endswith(".png.part") for n in _files(settings) if "." in n] == [True]
        await session.rollback()
        assert [n for n in _files(settings) if "." in n] == []  # neither staged nor final
        # the session goes on: a later commit in it does not bring the file back
        await session.commit()
        # a photo in a savepoint that is rolled back goes too, though the outer work commits
        nested = await session.begin_nested()
        await store.add(session, await session.get(Report, report_id), PNG, None)
        await nested.rollback()
        await session.commit()
        assert [n for n in _files(settings) if "." in n] == []
        assert (await session.execute(select(func.count(ReportPhoto.id)))).scalar_one() == 0
    async with db.session() as session:
        set_scope(session, (await session.get(OrgUnit, patrol.api.org("A"))).path)
        await store.add(session, await session.get(Report, report_id), PNG, None)
        # the session is closed without a commit (a request that failed before committing)
    await db.dispose()
    assert [n for n in _files(settings) if "." in n] == []


async def test_a_committed_photo_always_has_its_file(patrol, now, settings):
    report_id = await _report(patrol, now)
    store = PhotoStore(settings.data_dir, 4096)
    db = Database(settings.effective_database_url)
    async with db.session() as session:
        set_scope(session, (await session.get(OrgUnit, patrol.api.org("A"))).path)
        report = await session.get(Report, report_id)
        nested = await session.begin_nested()
        photo = await store.add(session, report, PNG, None)
        await nested.commit()  # a savepoint ending is not the commit: still staged
        assert [n for n in _files(settings) if n.endswith(".png")] == []
        await session.commit()
        assert [n for n in _files(settings) if "." in n] == [photo.stored_path.split("/")[-1]]
        assert store.read(photo) == PNG
    await db.dispose()
    # over HTTP the same: the request commits, the row's file is there under its name
    r = await patrol.api.post(
        patrol.url("A", f"/reports/{report_id}/photos"),
        as_="wA",
        files={"data": ("p.png", PNG, "image/png")},
    )
    assert r.status_code == 201, r.text
    r = await patrol.api.get(patrol.url("A", f"/reports/{report_id}"), as_="wA")
    photos = r.json()["photos"]
    assert len(photos) == 2
    for photo in photos:
        got = await patrol.api.get(
            patrol.url("A", f"/reports/{report_id}/photos/{photo['id']}"), as_="wA"
        )
        assert got.status_code == 200 and got.content == PNG
    assert len([n for n in _files(settings) if n.endswith(".png")]) == 2
    assert not [n for n in _files(settings) if n.endswith(".part")]
