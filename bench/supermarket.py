"""Love supermarket benchmarks: python -m bench.supermarket [--redemptions 3200].

1. Redemptions per second at 32 connections (each redemption its own transaction through
   ``RedemptionService.redeem``: account and item row locks, balance and stock checks, the
   double-entry posting and the stock move), against a bare asyncpg insert of the same rows
   (redemption, transaction, two entries, stock move) at 32 connections, in the same run.
2. Reconciliation of a year of a busy community (50,000 ledger entries, 5,000 stock moves):
   ``ReconciliationService.reconcile`` for the year, p50/p99 of 20 runs after 2 warm-ups,
   against a bare ``SELECT sum(amount)`` of the same entries. Goal: ≤ 200 ms.

The database ``shequ_bench_supermarket`` is dropped and recreated. Results go to
``bench/results/supermarket.json``; compare ratios, not milliseconds (the machine is shared).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import random
import time
from datetime import UTC, date, datetime, timedelta

import asyncpg

from bench.city import load, plain_url, recreate
from bench.run import pct_ms, save

URL = f"postgresql+asyncpg://{getpass.getuser()}@127.0.0.1:5432/shequ_bench_supermarket"
PERSONS, ITEMS, YEAR_TXNS, MOVES, WORKERS = 2_000, 20, 23_000, 5_000, 32
COMMUNITY, PATH = 3, "/1/2/3/"
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
MONTH = (
    date(2025, 12, 1),
    date(2025, 12, 31),
)  # the API reconciles a month: balances over the whole year


def data(rng: random.Random) -> dict[str, list[tuple]]:
    """A community with persons, items, a year of ledger entries and stock moves."""
    now = datetime.now(UTC)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    orgs = [
        (1, None, "city", "C", "BC1", "/1/", now, now),
        (2, 1, "street", "S", "BS1", "/1/2/", now, now),
        (COMMUNITY, 2, "community", "A", "BA1", PATH, now, now),
    ]
    persons = [
        (i, f"居民{i}", "", "resident", "", "", "", "", "active", now, now, COMMUNITY, PATH)
        for i in range(1, PERSONS + 1)
    ]
    systems = ["volunteer", "award", "goods", "expiry"]
    accounts = [(i, f"person:{i}", i, now, COMMUNITY, PATH) for i in range(1, PERSONS + 1)]
    accounts += [
        (PERSONS + 1 + k, f"system:{name}", None, now, COMMUNITY, PATH)
        for k, name in enumerate(systems)
    ]
    system_id = {name: PERSONS + 1 + k for k, name in enumerate(systems)}
    items = [
        (i, f"物品{i}", "other", "good", 10, True, 0, 1_000_000, now, now, COMMUNITY, PATH)
        for i in range(1, ITEMS + 1)
    ]
    txns, entries = [], []

    def post(kind: str, person: int, points: int, at: datetime, system: str) -> None:
        tid = len(txns) + 1
        txns.append((tid, kind, points, person, "bench", f"bench:{tid}", "", at, COMMUNITY, PATH))
        entries.append((len(entries) + 1, tid, person, points, at, COMMUNITY, PATH))
        entries.append((len(entries) + 1, tid, system_id[system], -points, at, COMMUNITY, PATH))

    for person in range(1, PERSONS + 1):  # enough for every redemption of the run
        post("awarded", person, 100_000, start, "award")
    for _ in range(YEAR_TXNS):
        post(
            "earned",
            rng.randint(1, PERSONS),
            rng.randint(5, 40),
            start + timedelta(seconds=rng.randint(0, 364 * 86400)),
            "volunteer",
        )
    donations, moves = [], []
    for i in range(1, MOVES + 1):
        at = start + timedelta(seconds=rng.randint(0, 364 * 86400))
        item = rng.randint(1, ITEMS)
        donations.append((i, item, "anonymous", 200, "good", 0, "", at.date(), at, COMMUNITY, PATH))
        moves.append((i, item, "donation", 200, i, "", at, COMMUNITY, PATH))
    # the item counters must equal their moves for the reconciliation to balance
    per_item = {}
    for m in moves:
        per_item[m[1]] = per_item.get(m[1], 0) + m[3]
    items = [(*row[:7], per_item.get(row[0], 0), *row[8:]) for row in items]
    return {
        "org_units": orgs,
        "people_persons": persons,
        "supermarket_accounts": accounts,
        "supermarket_items": items,
        "supermarket_txns": txns,
        "supermarket_entries": entries,
        "supermarket_donations": donations,
        "supermarket_stock_moves": moves,
    }


COLUMNS = {
    "supermarket_accounts": ("id", "key", "person_id", "created_at", "org_id", "org_path"),
    "supermarket_items": (
        "id",
        "name",
        "category",
        "condition",
        "points",
        "free_eligible",
        "estimated_value",
        "on_hand",
        "created_at",
        "updated_at",
        "org_id",
        "org_path",
    ),
    "supermarket_txns": (
        "id",
        "kind",
        "points",
        "person_id",
        "source",
        "ref",
        "reason",
        "at",
        "org_id",
        "org_path",
    ),
    "supermarket_entries": ("id", "txn_id", "account_id", "amount", "at", "org_id", "org_path"),
    "supermarket_donations": (
        "id",
        "item_id",
        "donor_kind",
        "quantity",
        "condition",
        "estimated_value",
        "note",
        "received_on",
        "created_at",
        "org_id",
        "org_path",
    ),
    "supermarket_stock_moves": (
        "id",
        "item_id",
        "kind",
        "quantity",
        "donation_id",
        "reason",
        "at",
        "org_id",
        "org_path",
    ),
}


async def reconcile_bench(url: str) -> dict:
    """The year's reconciliation in a scoped session, against a bare sum of the entries."""
    from core.db import Database
    from plugins.supermarket.services import ReconciliationService
    from tenants.scoping import set_scope

    db = Database(url)
    conn = await asyncpg.connect(plain_url(url))
    try:
        ours, year, bare = [], [], []
        for run in range(22):
            for period, samples in ((MONTH, ours), (YEAR, year)):
                async with db.session() as session:
                    set_scope(session, PATH)
                    t0 = time.perf_counter()
                    rec = await ReconciliationService(session).reconcile(*period)
                    if run >= 2:
                        samples.append(time.perf_counter() - t0)
                assert rec.balanced, rec
            t0 = time.perf_counter()
            await conn.fetchval(
                "SELECT sum(amount) FROM supermarket_entries WHERE org_path LIKE $1", PATH + "%"
            )
            if run >= 2:
                bare.append(time.perf_counter() - t0)
        entries = await conn.fetchval("SELECT count(*) FROM supermarket_entries")
    finally:
        await conn.close()
        await db.dispose()
    return {
        "entries": entries,
        "reconcile": pct_ms(ours),
        "reconcile_whole_year": pct_ms(year),
        "bare_sum": pct_ms(bare),
        "ratio_p50": pct_ms(ours)["p50_ms"] / max(pct_ms(bare)["p50_ms"], 1e-6),
    }


async def redeem_bench(url: str, total: int, rng: random.Random) -> dict:
    """Redemptions per second at 32 connections against bare inserts of the same rows."""
    from core.db import Database
    from plugins.supermarket.services import RedemptionService
    from tenants.models import OrgUnit
    from tenants.scoping import set_scope

    jobs = [(rng.randint(1, PERSONS), rng.randint(1, ITEMS)) for _ in range(total)]
    db = Database(url, pool_size=WORKERS, max_overflow=0)

    async def worker(mine):
        for person, item in mine:
            async with db.session() as session:
                set_scope(session, PATH)
                org = await session.get(OrgUnit, COMMUNITY)
                await RedemptionService(session).redeem(
                    org, person_id=person, item_id=item, quantity=1
                )
                await session.commit()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(jobs[i::WORKERS]) for i in range(WORKERS)))
    ours_s = time.perf_counter() - t0
    await db.dispose()

    pool = await asyncpg.create_pool(plain_url(url), min_size=WORKERS, max_size=WORKERS)
    now = datetime.now(UTC)

    async def bare_worker(mine):
        async with pool.acquire() as conn:
            for person, item in mine:
                async with conn.transaction():
                    rid = await conn.fetchval(
                        "INSERT INTO supermarket_redemptions (person_id, item_id, quantity, points, free, at, org_id,"
                        " org_path) VALUES ($1, $2, 1, 10, false, $3, $4, $5) RETURNING id",
                        person,
                        item,
                        now,
                        COMMUNITY,
                        PATH,
                    )
                    tid = await conn.fetchval(
                        "INSERT INTO supermarket_txns (kind, points, person_id, source, ref, reason, at, org_id,"
                        " org_path) VALUES ('spent', 10, $1, 'bare', $2, '', $3, $4, $5) RETURNING id",
                        person,
                        f"bare:{rid}",
                        now,
                        COMMUNITY,
                        PATH,
                    )
                    await conn.executemany(
                        "INSERT INTO supermarket_entries (txn_id, account_id, amount, at, org_id,"
                        " org_path) VALUES ($1, $2, $3, $4, $5, $6)",
                        [
                            (tid, person, -10, now, COMMUNITY, PATH),
                            (tid, PERSONS + 3, 10, now, COMMUNITY, PATH),
                        ],
                    )
                    await conn.execute(
                        "INSERT INTO supermarket_stock_moves (item_id, kind, quantity, reason, redemption_id, at,"
                        " org_id, org_path) VALUES ($1, 'issue', -1, '', $2, $3, $4, $5)",
                        item,
                        rid,
                        now,
                        COMMUNITY,
                        PATH,
                    )

    t0 = time.perf_counter()
    await asyncio.gather(*(bare_worker(jobs[i::WORKERS]) for i in range(WORKERS)))
    bare_s = time.perf_counter() - t0
    await pool.close()
    return {
        "redemptions": total,
        "connections": WORKERS,
        "per_second": total / ours_s,
        "bare_per_second": total / bare_s,
        "ratio": (total / ours_s) / (total / bare_s),
    }


async def main_async(total: int, url: str) -> dict:
    """Build, then run both benchmarks."""
    from core.migrations import upgrade_async

    rng = random.Random(20251203)
    await recreate(url)
    await upgrade_async(url)
    tables = data(rng)
    from bench import city

    city.COLUMNS.update(COLUMNS)
    now = datetime.now(UTC)
    tables["org_modules"] = [(1, COMMUNITY, "supermarket", True, "{}", None, now)]
    await load(url, tables)
    out = {
        "reconciliation": await reconcile_bench(url),
        "redemptions": await redeem_bench(url, total, rng),
    }
    save("supermarket", out)
    r, d = out["reconciliation"], out["redemptions"]
    print(
        f"monthly reconciliation over {r['entries']:,} entries: p50 {r['reconcile']['p50_ms']:.1f} ms, "
        f"p99 {r['reconcile']['p99_ms']:.1f} ms; whole year p50 {r['reconcile_whole_year']['p50_ms']:.1f} ms "
        f"(bare sum p50 {r['bare_sum']['p50_ms']:.1f} ms); goal ≤ 200 ms"
    )
    print(
        f"redemptions at {d['connections']} connections: {d['per_second']:.0f}/s "
        f"(bare inserts {d['bare_per_second']:.0f}/s, ratio {d['ratio']:.2f})"
    )
    return out


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--redemptions", type=int, default=3200)
    ap.add_argument("--database-url", default=URL)
    args = ap.parse_args(argv)
    asyncio.run(main_async(args.redemptions, args.database_url))


if __name__ == "__main__":
    main()
