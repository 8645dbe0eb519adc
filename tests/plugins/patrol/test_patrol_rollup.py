"""The daily roll-up equals a recount from the raw rows, whatever the writes did to them.

Random check-ins, check-outs and corrections, reports through the status flow, activities,
missed shifts, edits, deletions (the database's cascades included) and an org move are made
through the services and the HTTP API; then every figure of ``StatsService.compute`` for
communities, a grid, streets and the city over several periods is compared between the
roll-up and the raw recount, and the maintained table with a rebuilt one.
"""

from __future__ import annotations

import asyncio
import random
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import insert, select

from core.db import Database
from core.errors import Invalid
from core.jobs import dispose_job_databases
from core.localtime import LOCAL_TZ, local_today
from plugins.patrol.figures import rebuild
from plugins.patrol.jobs import rebuild_figures
from plugins.patrol.models import Activity, CheckIn, DailyFigure, Report, ReportStep, Shift
from plugins.patrol.services import (
    ActivityService,
    CheckInService,
    MemberService,
    ReportService,
    ShiftService,
    StatsService,
    TeamService,
)
from plugins.patrol.vocab import ACTIVITY_KINDS, REPORT_CATEGORIES, TRANSITIONS
from tenants.models import OrgUnit
from tenants.orgs.services import OrgService
from tenants.scoping import set_scope, unscoped

GRIDS = {"A": ("A1", "A2"), "B": ("B1",), "D": ("D1",)}


@pytest.fixture
async def db(settings):
    database = Database(settings.effective_database_url)
    yield database
    await database.dispose()


@pytest.fixture
def scoped(db, world):
    """``async with scoped("A") as (session, org)``: a session scoped to a world org, committed."""

    @asynccontextmanager
    async def open_(name: str):
        async with db.session() as session:
            set_scope(session, None)
            org = await session.get(OrgUnit, world.orgs[name])
            set_scope(session, org.path)
            yield session, org
            await session.commit()

    return open_


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)


async def _community(scoped, world, name: str, rng: random.Random) -> list[tuple[int, int]]:
    """Teams and members at a community; returns (team_id, member_id) pairs of its members."""
    async with scoped(name) as (session, org):
        teams = await TeamService(session).seed(org) or await TeamService(session).list(org)
        local = await TeamService(session).create(org, colour="red", name="夜巡")
        pairs = []
        for i in range(8):
            member = await MemberService(session).create(org, name=f"队员{i}", kind="volunteer")
            team = local if i == 0 else rng.choice(teams)
            await MemberService(session).join(member.id, team.id, date(2020, 1, 1))
            pairs.append((team.id, member.id))
        return pairs


async def _patrols(scoped, world, name, pairs, today, rng) -> None:
    """Shifts at the community and its grids with check-ins, check-outs and corrections; some
    start around local midnight so the day a check-in counts on is the local one."""
    async with scoped(name) as (session, org):
        shifts, checkins = ShiftService(session), CheckInService(session)
        for _ in range(14):
            team_id = rng.choice(pairs)[0]
            day = today - timedelta(days=rng.choice([0, 1, 2, 30, 200, 364, 365, 366, 400]))
            hour = rng.choice([7, 15, 23])
            starts = _local(day, hour, 30)
            grid = rng.choice([None, *GRIDS[name]])
            shift = await shifts.create(
                org, team_id=team_id, starts_at=starts, ends_at=starts + timedelta(hours=2),
                grid_id=None if grid is None else world.orgs[grid],
            )
            for member_id in [m for t, m in pairs if t == team_id]:
                if rng.random() < 0.2:
                    continue
                at = starts + timedelta(minutes=rng.randint(-50, 100))
                checkin = await checkins.check_in(org, shift_id=shift.id, member_id=member_id, at=at)
                if rng.random() < 0.8:
                    await checkins.check_out(org, checkin.id, at + timedelta(minutes=rng.randint(0, 200)))
                    if rng.random() < 0.3:
                        await checkins.correct_check_out(
                            org, checkin.id, at + timedelta(minutes=rng.randint(0, 300))
                        )
        # Shifts nobody came to become missed when settled.
        for _ in range(3):
            team_id = rng.choice(pairs)[0]
            starts = _local(today - timedelta(days=rng.randint(1, 400)), 8)
            await shifts.create(org, team_id=team_id, starts_at=starts, ends_at=starts + timedelta(hours=1))
        await shifts.settle()


async def _reports(scoped, world, name, today, rng) -> None:
    async with scoped(name) as (session, org):
        reports = ReportService(session)
        for _ in range(25):
            day = today - timedelta(days=rng.choice([0, 1, 5, 40, 364, 365, 366, 700]))
            when = min(_local(day, rng.choice([0, 7, 12, 23]), rng.randint(0, 59)),
                       datetime.now(UTC) - timedelta(minutes=1))
            grid = rng.choice([None, *GRIDS[name]])
            report = await reports.create(
                org, category=rng.choice(REPORT_CATEGORIES), description="线索", occurred_at=when,
                reported_by=None, grid_id=None if grid is None else world.orgs[grid],
            )
            status = "new"
            while TRANSITIONS[status] and rng.random() < 0.7:
                status = rng.choice(TRANSITIONS[status])
                await reports.transition(report.id, status, None)
        # Steps are stamped now; move some back in time, as a correction of the record would.
        steps = (await session.execute(select(ReportStep).order_by(ReportStep.id))).scalars().all()
        for step in rng.sample(steps, len(steps) // 3):
            step.at = _local(today - timedelta(days=rng.randint(0, 400)), rng.randint(0, 23))
        await session.flush()


async def _activities(scoped, name, pairs, today, rng) -> None:
    async with scoped(name) as (session, org):
        for i in range(10):
            # The first is the local team's (deleted later at B: the activity loses its team).
            team_id = pairs[0][0] if i == 0 else rng.choice([None, rng.choice(pairs)[0]])
            await ActivityService(session).create(
                org, kind=rng.choice(ACTIVITY_KINDS), held_on=today - timedelta(days=rng.randint(0, 400)),
                title="宣传", participants=rng.randint(1, 40), team_id=team_id,
            )


async def _edits_and_deletions(scoped, today, rng) -> None:
    """Through the unit of work: edits of every figure's inputs, deletions with cascades."""
    async with scoped("A") as (session, _org):
        checkins = (await session.execute(select(CheckIn).order_by(CheckIn.id))).scalars().all()
        for checkin in rng.sample(checkins, 4):
            await session.delete(checkin)
        for checkin in rng.sample([c for c in checkins if c not in session.deleted], 3):
            checkin.checked_in_at = as_utc_minus(checkin.checked_in_at, hours=rng.randint(1, 30))
            checkin.minutes += 7
        activities = (await session.execute(select(Activity))).scalars().all()
        activities[0].participants += 5
        activities[1].held_on = today - timedelta(days=3)
        await session.delete(activities[2])
        reports = (await session.execute(select(Report).order_by(Report.id))).scalars().all()
        await session.delete(next(r for r in reports if r.status != "new"))  # its steps cascade
        shift = (await session.execute(select(Shift).where(Shift.status == "done"))).scalars().first()
        await session.delete(shift)  # its check-ins cascade
        missed = (await session.execute(select(Shift).where(Shift.status == "missed"))).scalars().first()
        missed.status = "done"
        await session.flush()
        shift = (await session.execute(select(Shift).where(Shift.status == "done"))).scalars().all()[-1]
        shift.status = "missed"
        await session.flush()
    async with scoped("B") as (session, org):
        teams = await TeamService(session).list(org)
        await session.delete(next(t for t in teams if not t.is_builtin))  # check-ins cascade


def as_utc_minus(value: datetime, hours: int) -> datetime:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)) - timedelta(hours=hours)


async def _through_http(patrol, world, now) -> None:
    """Reports filed and moved, a check-in and check-out, an activity, by the real API."""
    await patrol.enable("A", "secA")
    team = await patrol.team("A", "gold", "secA")
    member = await patrol.post("A", "/members", "secA", {"name": "王五", "kind": "volunteer"})
    await patrol.post("A", f"/members/{member['id']}/join", "secA",
                      {"team_id": team["id"], "on": "2020-01-01"})
    shift = await patrol.post("A", "/shifts", "secA", {
        "team_id": team["id"], "starts_at": (now - timedelta(hours=1)).isoformat(),
        "ends_at": (now + timedelta(hours=1)).isoformat(), "grid_id": world.orgs["A2"]})
    checkin = await patrol.post("A", "/checkins", "secA", {
        "shift_id": shift["id"], "member_id": member["id"], "at": (now - timedelta(minutes=30)).isoformat()})
    await patrol.post("A", f"/checkins/{checkin['id']}/checkout", "secA", {"at": now.isoformat()}, status=200)
    for category, moves in (("dispute", ["mediated", "resolved"]), ("illegal_structure", ["resolved"]),
                            ("fight", ["reported_upward"])):
        report = await patrol.post("A", "/reports", "secA", {
            "category": category, "description": "经API", "occurred_at": (now - timedelta(hours=2)).isoformat(),
            "grid_id": world.orgs["A1"]})
        for to in moves:
            await patrol.post("A", f"/reports/{report['id']}/transitions", "secA", {"to_status": to}, status=200)
    await patrol.post("A", "/activities", "secA", {
        "kind": ACTIVITY_KINDS[0], "held_on": local_today().isoformat(), "title": "普法", "participants": 12,
        "team_id": team["id"]})


async def _compare(scoped, names, periods) -> int:
    compared = 0
    for name in names:
        async with scoped(name) as (session, org):
            stats = StatsService(session)
            for start, end in periods:
                for by_child in (True, False):
                    rolled = await stats.compute(org, start, end, by_child=by_child)
                    raw = await stats.compute(org, start, end, by_child=by_child, source="raw")
                    assert rolled.as_dict() == raw.as_dict(), (name, start, end, by_child)
                    compared += 1
    return compared


async def _cells(db) -> dict[tuple, tuple]:
    async with db.session() as session:
        async with unscoped(session, "the test reads every cell"):
            rows = (await session.execute(select(DailyFigure))).scalars().all()
            return {
                (r.org_id, r.org_path, r.day, r.kind, r.team_id, r.category, r.status): (r.n, r.amount)
                for r in rows
                if r.n or r.amount
            }


async def test_rollup_equals_a_recount_from_raw_rows(scoped, db, world, patrol, now):
    rng = random.Random(20261203)
    today = local_today()
    pairs = {name: await _community(scoped, world, name, rng) for name in ("A", "B", "D")}
    await _through_http(patrol, world, now)
    for name in ("A", "B", "D"):
        await _patrols(scoped, world, name, pairs[name], today, rng)
        await _reports(scoped, world, name, today, rng)
        await _activities(scoped, name, pairs[name], today, rng)
    await _edits_and_deletions(scoped, today, rng)
    # Community B moves from street s1 to s2: its cells' paths move with it.
    async with db.session() as session:
        async with unscoped(session, "the test moves an org as the platform admin does"):
            orgs = OrgService(session)
            await orgs.move(await session.get(OrgUnit, world.orgs["B"]), await session.get(OrgUnit, world.orgs["s2"]))
        await session.commit()

    periods = [
        (today - timedelta(days=400), today),
        (today - timedelta(days=366), today - timedelta(days=365)),
        (today - timedelta(days=31), today),
        (today, today),
        (today - timedelta(days=1), today - timedelta(days=1)),
    ]
    names = ["city", "s1", "s2", "A", "B", "D", "A1"]
    assert await _compare(scoped, names, periods) == len(names) * len(periods) * 2

    async with scoped("city") as (session, org):
        year = await StatsService(session).compute(org, today - timedelta(days=400), today)
    assert year.person_times > 50 and year.patrol_hours > 10 and year.reports > 40
    assert year.disputes_mediated >= 1 and year.illegal_structures_removed >= 1
    assert year.reported_upward >= 1 and year.missed_shifts >= 1 and year.activity_person_times > 0
    assert year.reports_last_year > 0
    assert {c.name for c in year.by_child} == {"s1-org", "s2-org"}

    # The maintained cells are the cells a rebuild recounts from the raw rows.
    kept = await _cells(db)
    async with scoped("city") as (session, org):
        written = await rebuild(session, org, today - timedelta(days=3 * 366), today + timedelta(days=1))
    rebuilt = await _cells(db)
    assert kept == rebuilt and written >= len(rebuilt) > 50

    # The statistics route answers from the roll-up what the raw recount says.
    answer = await patrol.get("A", "/stats", "secA", start=(today - timedelta(days=31)).isoformat(),
                              end=today.isoformat())
    async with scoped("A") as (session, org):
        raw = await StatsService(session).compute(org, today - timedelta(days=31), today, source="raw")
    assert answer["reports"] == raw.reports and answer["person_times"] == raw.person_times
    assert answer["patrol_hours"] == raw.patrol_hours and answer["disputes_mediated"] == raw.disputes_mediated


async def test_rebuild_only_touches_its_subtree_and_days(scoped, db, world):
    today = local_today()
    async with scoped("A") as (session, org):
        for days in (0, 10):
            await ReportService(session).create(
                org, category="fight", description="x",
                occurred_at=_local(today - timedelta(days=days), 9) - timedelta(days=1), reported_by=None)
    async with scoped("D") as (session, org):
        await ReportService(session).create(
            org, category="fight", description="x", occurred_at=_local(today, 0, 5) - timedelta(days=1),
            reported_by=None)
    before = await _cells(db)
    async with scoped("A") as (session, org):
        await rebuild(session, org, today - timedelta(days=5), today)
    assert await _cells(db) == before
    # A rebuild of s1's last week deletes nothing of D (s2) or of A's older days.
    async with db.session() as session:
        async with unscoped(session, "the test empties the cells to show the rebuild refills them"):
            cells = (await session.execute(select(DailyFigure))).scalars().all()
            for cell in cells:
                await session.delete(cell)
        await session.commit()
    async with scoped("s1") as (session, org):
        await rebuild(session, org, today - timedelta(days=5), today)
    refilled = await _cells(db)
    assert refilled and all(path.startswith(world.paths["s1"]) for _, path, *_ in refilled)
    assert all(key[2] >= today - timedelta(days=5) for key in refilled)


async def test_concurrent_writers_add_to_the_same_cell(scoped, db, world, backend):
    """Eight sessions file a report in the same cell at once and commit: no count is lost."""
    if backend == "sqlite":
        pytest.skip("SQLite serialises writers; the race exists only on PostgreSQL")
    when = datetime.now(UTC) - timedelta(minutes=5)

    async def one():
        async with scoped("D") as (session, org):
            await ReportService(session).create(
                org, category="vehicle_theft", description="x", occurred_at=when, reported_by=None)
            await asyncio.sleep(0.05)  # hold the transaction open while the others write

    await asyncio.gather(*(one() for _ in range(8)))
    day = when.astimezone(LOCAL_TZ).date()
    cells = await _cells(db)
    assert cells[(world.orgs["D"], world.paths["D"], day, "report", 0, "vehicle_theft", "new")] == (8, 0)


async def test_the_rebuild_job_recounts_rows_written_around_the_unit_of_work(scoped, db, world, patrol):
    """A bulk load (a Core INSERT, as COPY or a hand-made fix would be) is not in the roll-up
    until ``patrol.rebuild_figures`` recounts it; bad dates are refused naming the field."""
    today = local_today()
    when = _local(today, 0, 30) - timedelta(days=2)
    async with scoped("A") as (session, org):
        await ReportService(session).create(org, category="fight", description="x", occurred_at=when,
                                            reported_by=None)
        await session.execute(
            insert(Report.__table__).execution_options(scoped_by_hand=True),
            [{"org_id": org.id, "org_path": org.path, "category": "dispute", "status": "new",
              "occurred_at": when, "description": "bulk", "created_at": when, "updated_at": when}] * 3,
        )
    period = (today - timedelta(days=7), today)
    async with scoped("s1") as (session, org):
        rolled = await StatsService(session).compute(org, *period)
        raw = await StatsService(session).compute(org, *period, source="raw")
    assert (rolled.reports, raw.reports) == (1, 4)
    await dispose_job_databases()
    with pytest.raises(Invalid) as bad:
        await rebuild_figures(world.orgs["s1"], "2026-13-01", today.isoformat())
    assert bad.value.field == "start"
    with pytest.raises(Invalid) as bad:
        await rebuild_figures(world.orgs["s1"], today.isoformat(), (today - timedelta(days=1)).isoformat())
    assert bad.value.field == "end"
    for _ in range(2):  # idempotent
        assert await rebuild_figures(world.orgs["s1"], *(d.isoformat() for d in period)) == 2
        async with scoped("s1") as (session, org):
            rolled = await StatsService(session).compute(org, *period)
            assert rolled.as_dict() == (await StatsService(session).compute(org, *period, source="raw")).as_dict()
            assert rolled.reports_by_category["dispute"] == 3
