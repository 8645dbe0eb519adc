"""The people register at city scale: python -m bench.people [--persons 1300000] [--skip-build].

Builds a scale-1 territory (bench.city's tree: 150 communities, 1,500 grids) with about 1.3
million persons in ``shequ_bench_people`` (dropped and recreated), every ID number and phone
encrypted and blind-indexed exactly as the register writes them, and a twin table
``bench_people_plain`` holding the same rows in clear. Then, in one run:

- exact lookup by ID number: the register's path (blind index, tenant-scoped ORM session,
  decrypt, mask) against the same query on the clear twin (plain equality, no masking);
- a masked 50-row list page of a community (count, page, tags, masking) against the same page
  of the clear twin without masking.

Goals: lookup p99 ≤ 10 ms; masked list p99 ≤ 1.5× its baseline. Not a test, not in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy import Date, Index, Integer, String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bench.city import build_orgs, plain_url, recreate

DEFAULT_URL = "postgresql+asyncpg://root@127.0.0.1:5432/shequ_bench_people"
PERSONS = 1_300_000
SEED = 20261203
BATCH = 100_000
FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰志红文斌俊海燕"
REGIONS = (
    "370782",
    "110105",
    "310115",
    "440305",
    "510107",
    "330106",
    "420106",
    "320102",
    "610113",
    "210202",
)
RESULTS = Path(__file__).parent / "results" / "people.json"


class _Plain(DeclarativeBase):
    pass


class PlainPerson(_Plain):
    """The baseline: the same rows with ID number and phone in clear (never in the app's metadata)."""

    __tablename__ = "bench_people_plain"
    # The register's indexes, so the baseline query runs the same plan minus decryption.
    __table_args__ = (Index("ix_bench_plain_org_name", "org_path", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[str] = mapped_column(String(8))
    birth_date: Mapped[date | None] = mapped_column(Date)
    id_type: Mapped[str] = mapped_column(String(24))
    id_number: Mapped[str | None] = mapped_column(String(40), index=True)
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    building: Mapped[str] = mapped_column(String(32))
    unit_no: Mapped[str] = mapped_column(String(32))
    room: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    org_id: Mapped[int] = mapped_column(Integer)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"), index=True)


PERSON_COLUMNS = (
    "id",
    "name",
    "gender",
    "birth_date",
    "id_type",
    "id_number",
    "id_number_bidx",
    "phone",
    "phone_bidx",
    "building",
    "unit_no",
    "room",
    "relation_to_head",
    "status",
    "created_at",
    "updated_at",
    "org_id",
    "org_path",
)
PLAIN_COLUMNS = (
    "id",
    "name",
    "gender",
    "birth_date",
    "id_type",
    "id_number",
    "phone",
    "building",
    "unit_no",
    "room",
    "status",
    "org_id",
    "org_path",
)


def resident_id(i: int, rng: random.Random) -> tuple[str, date]:
    """A unique, valid resident ID (and its birth date) for person ``i``."""
    from core.people.idnumbers import check_digit

    born = date(1940, 1, 1) + timedelta(days=(i // 1000) * 17 % 29_000 + rng.randrange(3))
    first = f"{REGIONS[i % len(REGIONS)]}{born:%Y%m%d}{i % 1000:03d}"
    return first + check_digit(first), born


def generate(orgs: list[tuple], persons: range, seed: int):
    """(register rows, clear rows) for the people numbered ``persons``, spread over the grids."""
    from core.people.services.persons import id_index, phone_index
    from core.privacy import keyring

    rng = random.Random(seed + persons.start)
    ring = keyring()
    grids = [o for o in orgs if o[2] == "grid"]
    now = datetime.now(UTC)
    rows, plain = [], []
    for i in persons:
        grid = grids[i % len(grids)]
        number, born = resident_id(i, rng)
        phone = f"1{3 + i % 7}{i:09d}"
        name = rng.choice(FAMILY) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        gender = "male" if int(number[16]) % 2 else "female"
        building, unit, room = (
            str(rng.randint(1, 30)),
            str(rng.randint(1, 4)),
            str(rng.randint(101, 1802)),
        )
        pid = i + 1
        rows.append(
            (
                pid,
                name,
                gender,
                born,
                "resident",
                ring.encrypt(number, "people_persons.id_number"),
                id_index(number),
                ring.encrypt(phone, "people_persons.phone"),
                phone_index(phone),
                building,
                unit,
                room,
                "",
                "active",
                now,
                now,
                grid[0],
                grid[5],
            )
        )
        plain.append(
            (
                pid,
                name,
                gender,
                born,
                "resident",
                number,
                phone,
                building,
                unit,
                room,
                "active",
                grid[0],
                grid[5],
            )
        )
    return rows, plain


async def build(url: str, persons: int, seed: int) -> dict:
    """Recreate the database, migrate it, COPY the tree, the register and its clear twin."""
    from sqlalchemy.ext.asyncio import create_async_engine

    from core.migrations import upgrade_async

    t_all = time.perf_counter()
    await recreate(url)
    await upgrade_async(url)
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(_Plain.metadata.create_all)
    await engine.dispose()
    orgs = build_orgs(1)
    generate_s = copy_s = 0.0
    conn = await asyncpg.connect(plain_url(url))
    try:
        await conn.copy_records_to_table(
            "org_units",
            records=orgs,
            columns=(
                "id",
                "parent_id",
                "level",
                "name",
                "code",
                "path",
                "created_at",
                "updated_at",
            ),
        )
        for start in range(0, persons, BATCH):  # batches keep the generator's memory small
            t0 = time.perf_counter()
            rows, plain = generate(orgs, range(start, min(start + BATCH, persons)), seed)
            t1 = time.perf_counter()
            await conn.copy_records_to_table("people_persons", records=rows, columns=PERSON_COLUMNS)
            await conn.copy_records_to_table(
                "bench_people_plain", records=plain, columns=PLAIN_COLUMNS
            )
            generate_s, copy_s = generate_s + t1 - t0, copy_s + time.perf_counter() - t1
            print(
                f"  {start + len(rows):>9,} persons (generate {generate_s:.0f} s, COPY {copy_s:.0f} s)",
                flush=True,
            )
        t0 = time.perf_counter()
        for table in ("org_units", "people_persons"):
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        await conn.execute("ANALYZE")
        copy_s += time.perf_counter() - t0
    finally:
        await conn.close()
    print(f"  generate + encrypt {generate_s:.1f} s, COPY + ANALYZE {copy_s:.1f} s", flush=True)
    return {
        "persons": persons,
        "generate_s": generate_s,
        "copy_s": copy_s,
        "total_s": time.perf_counter() - t_all,
    }


def pct(samples: list[float]) -> dict[str, float]:
    """p50/p99 in milliseconds."""
    ordered = sorted(samples)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[int(len(ordered) * 0.99) - 1] * 1000,
        "n": len(ordered),
    }


async def _timed(fn, args_list) -> list[float]:
    out = []
    for args in args_list:
        t0 = time.perf_counter()
        await fn(*args)
        out.append(time.perf_counter() - t0)
    return out


async def measure(url: str, seed: int, runs: int) -> dict:
    """Lookup and list-page latencies of the register against its clear twin, interleaved."""
    from core.db import Database
    from core.people.models import Person
    from core.people.schemas import person_out
    from core.people.services import PersonService
    from core.people.services.persons import id_index
    from tenants.models import OrgUnit
    from tenants.scoping import set_scope

    rng = random.Random(seed + 1)
    db = Database(url)
    try:
        async with db.session() as session:
            set_scope(session, None)
            found = await session.execute(
                select(PlainPerson.id_number, PlainPerson.org_path)
                .where(PlainPerson.id % 997 == 0)
                .limit(2000)
            )
            samples = [
                (number, path[: path.rstrip("/").rfind("/") + 1]) for number, path in found.all()
            ]
            communities = list(
                (
                    await session.execute(
                        select(OrgUnit).where(OrgUnit.level == "community").order_by(OrgUnit.id)
                    )
                ).scalars()
            )
        by_path = {c.path: c for c in communities}
        async with db.session() as session:
            total = (
                await session.execute(select(func.count()).select_from(PlainPerson))
            ).scalar_one()
        last_page = max(1, total // len(communities) // 50 - 1)

        async def lookup(number: str, path: str) -> None:
            async with db.session() as s:
                set_scope(s, path)
                found = (
                    (
                        await s.execute(
                            select(Person).where(
                                Person.id_number_bidx == id_index(number),
                                Person.org_path.startswith(path),
                            )
                        )
                    )
                    .scalars()
                    .all()
                )
                assert len(found) == 1 and [person_out(p) for p in found]

        async def lookup_plain(number: str, path: str) -> None:
            async with db.session() as s:
                set_scope(s, path)
                found = (
                    (
                        await s.execute(
                            select(PlainPerson).where(
                                PlainPerson.id_number == number,
                                PlainPerson.org_path.startswith(path),
                            )
                        )
                    )
                    .scalars()
                    .all()
                )
                assert len(found) == 1 and [
                    {c: getattr(p, c) for c in PLAIN_COLUMNS} for p in found
                ]

        async def page(org, number: int) -> None:
            async with db.session() as s:
                set_scope(s, org.path)
                service = PersonService(s)
                rows, _total = await service.search(org, page=number, page_size=50)
                tags = await service.tags_by_person([p.id for p in rows])
                assert len([person_out(p, tags[p.id]) for p in rows]) == 50

        async def page_plain(org, number: int) -> None:
            async with db.session() as s:
                set_scope(s, org.path)
                stmt = select(PlainPerson).where(
                    PlainPerson.org_path.startswith(org.path), PlainPerson.status != "erased"
                )
                await s.execute(select(func.count()).select_from(stmt.subquery()))
                rows = (
                    (
                        await s.execute(
                            stmt.order_by(PlainPerson.org_path, PlainPerson.name, PlainPerson.id)
                            .offset((number - 1) * 50)
                            .limit(50)
                        )
                    )
                    .scalars()
                    .all()
                )
                assert len([{c: getattr(p, c) for c in PLAIN_COLUMNS} for p in rows]) == 50

        picks = [rng.choice(samples) for _ in range(runs)]
        pages = [
            (by_path[rng.choice(list(by_path))], rng.randint(1, last_page)) for _ in range(runs)
        ]
        for fn, args in (
            (lookup, picks[:20]),
            (lookup_plain, picks[:20]),
            (page, pages[:5]),
            (page_plain, pages[:5]),
        ):
            await _timed(fn, args)  # warm-up
        enc_l, plain_l, enc_p, plain_p = [], [], [], []
        for i in range(0, runs, 50):  # interleave so load on the shared machine hits both alike
            enc_l += await _timed(lookup, picks[i : i + 50])
            plain_l += await _timed(lookup_plain, picks[i : i + 50])
            enc_p += await _timed(page, pages[i : i + 50])
            plain_p += await _timed(page_plain, pages[i : i + 50])
    finally:
        await db.dispose()
    lookup_r, lookup_b = pct(enc_l), pct(plain_l)
    page_r, page_b = pct(enc_p), pct(plain_p)
    return {
        "lookup": {
            "register": lookup_r,
            "baseline": lookup_b,
            "ratio_p99": lookup_r["p99_ms"] / lookup_b["p99_ms"],
            "goal": "p99 <= 10 ms",
            "ok": lookup_r["p99_ms"] <= 10,
        },
        "list_page": {
            "register": page_r,
            "baseline": page_b,
            "ratio_p99": page_r["p99_ms"] / page_b["p99_ms"],
            "goal": "p99 <= 1.5x baseline",
            "ok": page_r["p99_ms"] <= 1.5 * page_b["p99_ms"],
        },
    }


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--database-url", default=DEFAULT_URL)
    ap.add_argument("--persons", type=int, default=PERSONS)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args(argv)
    result: dict = {"persons": args.persons}
    if not args.skip_build:
        print(f"building {args.persons:,} persons into {args.database_url}", flush=True)
        result["build"] = asyncio.run(build(args.database_url, args.persons, args.seed))
    result.update(asyncio.run(measure(args.database_url, args.seed, args.runs)))
    for name in ("lookup", "list_page"):
        r = result[name]
        print(
            f"{name:10} register p50 {r['register']['p50_ms']:.2f} ms p99 {r['register']['p99_ms']:.2f} ms | "
            f"baseline p50 {r['baseline']['p50_ms']:.2f} ms p99 {r['baseline']['p99_ms']:.2f} ms | "
            f"ratio {r['ratio_p99']:.2f} | goal {r['goal']}: {'met' if r['ok'] else 'MISSED'}"
        )
    RESULTS.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
