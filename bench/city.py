"""Build a deterministic synthetic city in PostgreSQL by COPY: python -m bench.city --scale 1.

Scale 1: 1 city, 15 streets, 150 communities, 1,500 grids, 4,700 staff with roles at every
level, patrol allowed at the city and on at every street, seven teams and 20 members per community, one shift per
community per day and ~1M check-ins plus 100k reports over 2025-01-01 .. 2026-12-31.
Scale S multiplies communities (so grids) and staff by S; check-ins and reports stay fixed
so figures at two scales differ by the territory, not the data volume.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import random
import time
from datetime import UTC, date, datetime, timedelta

import asyncpg

from core.auth.passwords import hash_password

DEFAULT_URL = f"postgresql+asyncpg://{getpass.getuser()}@127.0.0.1:5432/shequ_bench"
STREETS, COMMUNITIES, GRIDS = 15, 10, 10  # per city, per street (× scale), per community
MEMBERS = 20  # patrol members per community
CHECKINS, REPORTS = 1_000_000, 100_000
FIRST_DAY, DAYS = date(2025, 1, 1), 730
STAFF = (  # (level, role, per node): 4,700 accounts at scale 1, as in bench.authz_designs
    ("city", "city_admin", 5),
    ("street", "street_admin", 3),
    ("community", "community_secretary", 1),
    ("community", "community_worker", 8),
    ("community", "party_member", 2),
    ("grid", "grid_worker", 2),
)
SEED = 20250101


def plain_url(url: str) -> str:
    """asyncpg wants postgresql://, SQLAlchemy postgresql+asyncpg://."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def build_orgs(scale: int) -> list[tuple]:
    """(id, parent_id, level, name, code, path) for the whole tree, sequential ids."""
    now = datetime.now(UTC)
    rows = [(1, None, "city", "Bench City", "C1", "/1/", now, now)]
    next_id = 2
    for s in range(STREETS):
        sid, next_id = next_id, next_id + 1
        spath = f"/1/{sid}/"
        rows.append((sid, 1, "street", f"Street {s + 1}", f"S{sid}", spath, now, now))
        for c in range(COMMUNITIES * scale):
            cid, next_id = next_id, next_id + 1
            cpath = f"{spath}{cid}/"
            rows.append((cid, sid, "community", f"Community {s + 1}-{c + 1}", f"M{cid}", cpath, now, now))
            for g in range(GRIDS):
                gid, next_id = next_id, next_id + 1
                rows.append((gid, cid, "grid", f"Grid {s + 1}-{c + 1}-{g + 1}", f"G{gid}", f"{cpath}{gid}/", now, now))
    return rows


def staff(orgs: list[tuple], password_hash: str) -> tuple[list[tuple], list[tuple]]:
    """Users and their role assignments, one role each."""
    now = datetime.now(UTC)
    users, roles = [], []
    for level, role, per_node in STAFF:
        for org in orgs:
            if org[2] != level:
                continue
            for _ in range(per_node):
                uid = len(users) + 1
                users.append((uid, f"u{uid}", password_hash, f"{role} {uid}", False, True, None, now, now))
                roles.append((uid, uid, role, None, now, now, org[0], org[5]))
    return users, roles


def patrol(orgs: list[tuple], rng: random.Random, colours, member_kinds, categories, statuses) -> dict[str, list[tuple]]:
    """Teams, members, memberships, shifts, check-ins and reports."""
    now = datetime.now(UTC)
    communities = [o for o in orgs if o[2] == "community"]
    grids: dict[int, list[tuple]] = {}
    for o in orgs:
        if o[2] == "grid":
            grids.setdefault(o[1], []).append(o)
    out: dict[str, list[tuple]] = {
        k: [] for k in ("persons", "teams", "members", "memberships", "shifts", "checkins", "reports")
    }
    teams_of, members_of = {}, {}
    for c in communities:
        cid, cpath = c[0], c[5]
        teams_of[cid] = []
        for colour in colours:
            tid = len(out["teams"]) + 1
            out["teams"].append((tid, colour, f"{colour} team", "", True, colour, now, now, cid, cpath))
            teams_of[cid].append(tid)
        members_of[cid] = []
        for i in range(MEMBERS):
            mid = len(out["members"]) + 1
            # Members are persons of the register (one person each, same id, at the community).
            out["persons"].append((mid, f"member {mid}", "", "resident", "", "", "", "", "active", now, now, cid, cpath))
            out["members"].append((mid, mid, rng.choice(member_kinds), None, now, now, cid, cpath))
            out["memberships"].append((mid, mid, teams_of[cid][i % len(colours)], FIRST_DAY, None, now, now, cid, cpath))
            members_of[cid].append(mid)
    # One shift per community per day, so check-ins per shift = CHECKINS / shifts.
    shifts_total = len(communities) * DAYS
    per_shift = CHECKINS / shifts_total
    base = datetime(FIRST_DAY.year, 1, 1, tzinfo=UTC)
    made = 0
    for day in range(DAYS):
        for c in communities:
            cid = c[0]
            grid = rng.choice(grids[cid])
            team = rng.choice(teams_of[cid])
            start = base + timedelta(days=day, hours=rng.randrange(0, 14))
            shid = len(out["shifts"]) + 1
            status = "missed" if rng.random() < 0.03 else "done"
            out["shifts"].append((shid, team, None, start, start + timedelta(hours=2), "", status, now, now, grid[0], grid[5]))
            # Spread the remainder so the total lands on CHECKINS exactly.
            want = min(MEMBERS, int(per_shift * shid) - made)
            for mid in rng.sample(members_of[cid], want):
                at = start + timedelta(minutes=rng.randrange(0, 20))
                minutes = rng.randrange(30, 150)
                out["checkins"].append((len(out["checkins"]) + 1, shid, mid, team, at, at + timedelta(minutes=minutes),
                                        minutes, None, None, now, now, grid[0], grid[5]))
            made += want
    all_grids = [g for gs in grids.values() for g in gs]
    for rid in range(1, REPORTS + 1):
        grid = rng.choice(all_grids)
        at = base + timedelta(seconds=rng.randrange(DAYS * 86400))
        out["reports"].append((rid, rng.choice(categories), rng.choice(statuses), rng.choice(members_of[grid[1]]),
                               None, at, "", f"report {rid}", now, now, grid[0], grid[5]))
    return out


COLUMNS = {
    "org_units": ("id", "parent_id", "level", "name", "code", "path", "created_at", "updated_at"),
    "users": ("id", "username", "password_hash", "display_name", "is_platform_admin", "is_active", "locale",
              "created_at", "updated_at"),
    "role_assignments": ("id", "user_id", "role", "granted_by", "created_at", "updated_at", "org_id", "org_path"),
    "org_modules": ("id", "org_id", "plugin", "enabled", "config", "changed_by", "changed_at"),
    "patrol_teams": ("id", "colour", "name", "description", "is_builtin", "seed_key", "created_at", "updated_at",
                     "org_id", "org_path"),
    "people_persons": ("id", "name", "gender", "id_type", "building", "unit_no", "room", "relation_to_head", "status",
                       "created_at", "updated_at", "org_id", "org_path"),
    "patrol_members": ("id", "person_id", "kind", "user_id", "created_at", "updated_at", "org_id", "org_path"),
    "patrol_team_memberships": ("id", "member_id", "team_id", "joined_on", "left_on", "created_at", "updated_at",
                                "org_id", "org_path"),
    "patrol_shifts": ("id", "team_id", "schedule_id", "starts_at", "ends_at", "route", "status", "created_at",
                      "updated_at", "org_id", "org_path"),
    "patrol_checkins": ("id", "shift_id", "member_id", "team_id", "checked_in_at", "checked_out_at", "minutes", "lat",
                        "lon", "created_at", "updated_at", "org_id", "org_path"),
    "patrol_reports": ("id", "category", "status", "reporter_member_id", "reported_by", "occurred_at", "location",
                       "description", "created_at", "updated_at", "org_id", "org_path"),
}


async def recreate(url: str) -> None:
    """Drop and create the target database through the maintenance database."""
    target = plain_url(url)
    base, name = target.rsplit("/", 1)
    conn = await asyncpg.connect(f"{base}/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def load(url: str, tables: dict[str, list[tuple]]) -> dict[str, float]:
    """COPY every table in order, then move each id sequence past the loaded rows."""
    timings = {}
    conn = await asyncpg.connect(plain_url(url))
    try:
        for table, rows in tables.items():
            t0 = time.perf_counter()
            await conn.copy_records_to_table(table, records=rows, columns=COLUMNS[table])
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            timings[table] = time.perf_counter() - t0
            print(f"  {table:24} {len(rows):>9,} rows  {timings[table]:7.2f} s", flush=True)
        t0 = time.perf_counter()
        await conn.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - t0
        print(f"  {'ANALYZE':24} {'':>9}       {timings['analyze']:7.2f} s", flush=True)
    finally:
        await conn.close()
    return timings


async def fill_rollup(url: str) -> int:
    """COPY bypasses the unit of work that keeps the patrol roll-up: rebuild it for the whole
    city and the two years, as an operator would after a bulk load; returns the cells."""
    from core.db import Database
    from plugins.patrol.figures import rebuild
    from tenants.models import OrgUnit
    from tenants.scoping import unscoped

    db = Database(url)
    try:
        async with db.session() as session:
            async with unscoped(session, "the benchmark rebuilds the whole city's roll-up"):
                city = await session.get(OrgUnit, 1)
                cells = await rebuild(session, city, FIRST_DAY, FIRST_DAY + timedelta(days=DAYS))
            await session.commit()
    finally:
        await db.dispose()
    conn = await asyncpg.connect(plain_url(url))
    try:
        await conn.execute("ANALYZE patrol_daily_figures")
    finally:
        await conn.close()
    return cells


async def build(scale: int = 1, url: str = DEFAULT_URL, seed: int = SEED) -> dict:
    """Recreate the database, migrate it and load the city; returns counts and timings."""
    from core.migrations import upgrade_async
    from plugins.patrol.vocab import COLOURS, MEMBER_KINDS, REPORT_CATEGORIES, REPORT_STATUSES

    t_all = time.perf_counter()
    await recreate(url)
    t0 = time.perf_counter()
    await upgrade_async(url)
    migrate_s = time.perf_counter() - t0
    print(f"  {'migrations':24} {'':>9}       {migrate_s:7.2f} s", flush=True)
    rng = random.Random(seed)
    t0 = time.perf_counter()
    # One Argon2 hash for every account: 4,700 hashes would take minutes and measure argon2.
    password_hash = hash_password("bench-password")
    orgs = build_orgs(scale)
    users, roles = staff(orgs, password_hash)
    data = patrol(orgs, rng, COLOURS, MEMBER_KINDS, REPORT_CATEGORIES, REPORT_STATUSES)
    generate_s = time.perf_counter() - t0
    print(f"  {'generate (python)':24} {'':>9}       {generate_s:7.2f} s", flush=True)
    # patrol's levels are street and community: the city row allows it, each street switches it on.
    now = datetime.now(UTC)
    module = [(1, 1, "patrol", True, "{}", None, now)]
    streets = [o for o in orgs if o[2] == "street"]
    module += [(2 + i, o[0], "patrol", True, "{}", None, now) for i, o in enumerate(streets)]
    tables = {
        "org_units": orgs, "users": users, "role_assignments": roles, "org_modules": module,
        "people_persons": data["persons"], "patrol_teams": data["teams"], "patrol_members": data["members"],
        "patrol_team_memberships": data["memberships"], "patrol_shifts": data["shifts"],
        "patrol_checkins": data["checkins"], "patrol_reports": data["reports"],
    }
    timings = await load(url, tables)
    t0 = time.perf_counter()
    cells = await fill_rollup(url)
    timings["rollup"] = time.perf_counter() - t0
    print(f"  {'patrol_daily_figures':24} {cells:>9,} rows  {timings['rollup']:7.2f} s (rebuild)", flush=True)
    total = time.perf_counter() - t_all
    print(f"  {'total':24} {'':>9}       {total:7.2f} s", flush=True)
    return {
        "scale": scale, "seed": seed, "counts": {k: len(v) for k, v in tables.items()},
        "migrate_s": migrate_s, "generate_s": generate_s, "copy_s": timings, "total_s": total,
    }


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--database-url", default=DEFAULT_URL)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    print(f"building city scale={args.scale} into {args.database_url}")
    asyncio.run(build(args.scale, args.database_url, args.seed))


if __name__ == "__main__":
    main()
