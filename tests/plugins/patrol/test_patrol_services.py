"""The patrol services on a scoped session: seeding, rosters, check-ins, the status flow, stats."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date, datetime, time, timedelta

import pytest

from core.db import Database
from core.errors import Conflict, Invalid, NotFound
from core.localtime import LOCAL_TZ
from plugins.patrol.services import (
    CheckInService,
    MemberService,
    NotificationService,
    ReportService,
    ShiftService,
    StatsService,
    TeamService,
)
from plugins.patrol.services.stats import year_earlier
from tenants.models import OrgUnit
from tenants.scoping import set_scope


@pytest.fixture
async def scoped(settings, world):
    """Open a session scoped to a world org: ``async with scoped("A") as (session, org)``."""
    db = Database(settings.effective_database_url)

    @asynccontextmanager
    async def open_(name: str):
        async with db.session() as session:
            set_scope(session, None)
            org = await session.get(OrgUnit, world.orgs[name])
            set_scope(session, org.path)
            yield session, org
            await session.commit()

    yield open_
    await db.dispose()


async def _gold_member(session, org):
    teams = await TeamService(session).seed(org)
    member = await MemberService(session).create(org, name="李四", kind="guard")
    await MemberService(session).join(member.id, teams[0].id, date(2020, 1, 1))
    return teams[0], member


async def test_seed_is_idempotent_and_only_at_communities(scoped):
    async with scoped("A") as (session, org):
        assert len(await TeamService(session).seed(org)) == 7
        assert await TeamService(session).seed(org) == []
        assert len(await TeamService(session).list(org)) == 7
    async with scoped("A1") as (session, grid):
        assert await TeamService(session).seed(grid) == []


async def test_check_in_and_out_counts_minutes(scoped):
    now = datetime.now(LOCAL_TZ).replace(microsecond=0)
    async with scoped("A") as (session, org):
        team, member = await _gold_member(session, org)
        shift = await ShiftService(session).create(
            org,
            team_id=team.id,
            starts_at=now - timedelta(minutes=5),
            ends_at=now + timedelta(hours=2),
        )
        checkins = CheckInService(session)
        checkin = await checkins.check_in(org, shift_id=shift.id, member_id=member.id, at=now)
        with pytest.raises(Conflict):
            await checkins.check_in(org, shift_id=shift.id, member_id=member.id, at=now)
        done = await checkins.check_out(org, checkin.id, now + timedelta(minutes=75))
        assert done.minutes == 75
        with pytest.raises(Conflict):
            await checkins.check_out(org, checkin.id, now + timedelta(minutes=80))


async def test_a_grid_scope_checks_in_a_community_member_on_its_own_shifts(scoped, world):
    now = datetime.now(LOCAL_TZ).replace(microsecond=0)
    async with scoped("A") as (session, org):
        team, member = await _gold_member(session, org)
        at_community = await ShiftService(session).create(
            org, team_id=team.id, starts_at=now, ends_at=now + timedelta(hours=1)
        )
        at_grid = await ShiftService(session).create(
            org,
            team_id=team.id,
            starts_at=now,
            ends_at=now + timedelta(hours=1),
            grid_id=world.orgs["A1"],
        )
        with pytest.raises(Invalid) as bad:
            await ShiftService(session).create(
                org, team_id=team.id, starts_at=now, ends_at=now, grid_id=world.orgs["A1"]
            )
        assert bad.value.field == "ends_at"
        with pytest.raises(Invalid) as bad:
            await ShiftService(session).create(
                org,
                team_id=team.id,
                starts_at=now,
                ends_at=now + timedelta(hours=1),
                grid_id=world.orgs["B1"],
            )
        assert bad.value.field == "grid_id"
    async with scoped("A1") as (session, grid):
        with pytest.raises(NotFound):  # the community's own shift is not this grid's
            await CheckInService(session).check_in(
                grid, shift_id=at_community.id, member_id=member.id, at=now
            )
        checkin = await CheckInService(session).check_in(
            grid, shift_id=at_grid.id, member_id=member.id, at=now
        )
        done = await CheckInService(session).check_out(
            grid, checkin.id, now + timedelta(minutes=30)
        )
        assert done.minutes == 30 and done.org_id == grid.id
    async with scoped("B") as (session, other):
        with pytest.raises(NotFound):  # B cannot reach A's member, even by id
            await MemberService(session).get(member.id)


async def test_roster_settle_and_reminders_are_idempotent(scoped):
    today = datetime.now(LOCAL_TZ).date()
    async with scoped("A") as (session, org):
        team, member = await _gold_member(session, org)
        shifts = ShiftService(session)
        start = today - timedelta(days=7)
        for weekday in range(7):
            await shifts.create_schedule(
                org,
                team_id=team.id,
                weekday=weekday,
                start_time=time(19),
                end_time=time(21),
                active_from=start,
                route="环线",
            )
        made = await shifts.generate_roster(start, today + timedelta(days=6))
        assert len(made) == 14
        assert await shifts.generate_roster(start, today + timedelta(days=6)) == []
        first = await shifts.settle()
        assert first["missed"] >= 6 and first["done"] == 0
        assert await shifts.settle() == {"done": 0, "missed": 0}
        notes = NotificationService(session)
        assert await notes.remind_tomorrow() == 1
        assert await notes.remind_tomorrow() == 0
        [note] = await notes.list()
        assert note.member_id == member.id and "19:00" in note.message and "环线" in note.message
        with pytest.raises(Invalid) as bad:
            await shifts.generate_roster(today, today - timedelta(days=1))
        assert bad.value.field == "end"


async def test_report_flow_follows_the_transition_table(scoped, world):
    now = datetime.now(LOCAL_TZ)
    async with scoped("A") as (session, org):
        reports = ReportService(session)
        report = await reports.create(
            org,
            category="illegal_structure",
            description="阳台搭建",
            occurred_at=now - timedelta(days=1),
            reported_by=world.users["wA"],
        )
        assert await reports.transition(report.id, "handling", None) and report.status == "handling"
        await reports.transition(report.id, "resolved", world.users["secA"], "强制拆除")
        for closed_to in ("handling", "mediated", "bogus"):
            with pytest.raises(Invalid) as bad:
                await reports.transition(report.id, closed_to, None)
            assert bad.value.field == "to_status"
        assert [s.to_status for s in await reports.steps(report.id)] == [
            "new",
            "handling",
            "resolved",
        ]
        with pytest.raises(Invalid) as bad:
            await reports.create(
                org, category="ufo", description="x", occurred_at=now, reported_by=None
            )
        assert bad.value.field == "category"
        stats = await StatsService(session).compute(org, now.date() - timedelta(days=2), now.date())
        assert stats.illegal_structures_removed == 1 and stats.reports_by_status["resolved"] == 1


async def test_stats_compare_with_a_year_earlier_and_sum_the_subtree(scoped, world):
    now = datetime.now(LOCAL_TZ)
    last_year = now - timedelta(days=365)
    for name in ("A", "B"):
        async with scoped(name) as (session, org):
            reports = ReportService(session)
            for when in (now - timedelta(hours=1), last_year, last_year):
                await reports.create(
                    org, category="fight", description="x", occurred_at=when, reported_by=None
                )
    day = now.date()
    async with scoped("A") as (session, org):
        stats = await StatsService(session).compute(org, day - timedelta(days=1), day)
        assert (stats.reports, stats.reports_last_year, stats.change_pct) == (1, 2, -50.0)
    async with scoped("s1") as (session, street):
        stats = await StatsService(session).compute(street, day - timedelta(days=1), day)
        assert (stats.reports, stats.reports_last_year) == (2, 4)
        with pytest.raises(Invalid) as bad:
            await StatsService(session).compute(street, day, day - timedelta(days=1))
        assert bad.value.field == "end"
    async with scoped("s2") as (session, street):
        assert (
            await StatsService(session).compute(street, day - timedelta(days=1), day)
        ).reports == 0


def test_year_earlier_handles_leap_days():
    assert year_earlier(date(2024, 2, 29)) == date(2023, 2, 28)
    assert year_earlier(date(2026, 11, 22)) == date(2025, 11, 22)
