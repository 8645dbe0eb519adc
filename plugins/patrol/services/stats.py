"""Statistics of the patrol line for any org's subtree and period, aggregated in SQL.

Every query filters on ``org_path LIKE '<org path>%'`` (the indexed tenant column, also
enforced by the session scope) and groups in the database, so a street's year of check-ins
is counted by the engine, not in Python; the same statements run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import N_, Invalid
from plugins.patrol.models import Activity, CheckIn, DailyFigure, Report, ReportStep, Shift, Team
from plugins.patrol.services.shifts import local_dt
from plugins.patrol.vocab import COLOURS, REPORT_CATEGORIES, REPORT_STATUSES
from tenants.models import OrgUnit

MAX_PERIOD_DAYS = 3 * 366


def year_earlier(day: date) -> date:
    """The same calendar day a year before (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass
class TeamFigures:
    """What one colour's teams did in the period (all communities of the subtree together)."""

    colour: str
    checkins: int = 0
    patrol_hours: float = 0.0
    activity_person_times: int = 0
    activities: int = 0

    @property
    def person_times(self) -> int:
        """Patrol check-ins plus activity participants."""
        return self.checkins + self.activity_person_times


@dataclass
class ChildFigures:
    """The main figures of one org directly below the one asked about (a street's community)."""

    org_id: int
    name: str
    person_times: int = 0
    patrol_hours: float = 0.0
    reports: int = 0
    disputes_mediated: int = 0


@dataclass
class PatrolStats:
    """The figures a community, street or city reads for a period."""

    org_id: int
    start: date
    end: date
    teams: list[TeamFigures] = field(default_factory=list)
    reports_by_category: dict[str, int] = field(default_factory=dict)
    reports_by_status: dict[str, int] = field(default_factory=dict)
    reports: int = 0
    reports_last_year: int = 0
    disputes_mediated: int = 0
    reported_upward: int = 0
    illegal_structures_removed: int = 0
    missed_shifts: int = 0
    activity_person_times: int = 0
    by_child: list[ChildFigures] = field(default_factory=list)

    @property
    def person_times(self) -> int:
        """All person-times of the period."""
        return sum(t.person_times for t in self.teams)

    @property
    def patrol_hours(self) -> float:
        """All patrol hours of the period."""
        return round(sum(t.patrol_hours for t in self.teams), 2)

    @property
    def change_pct(self) -> float | None:
        """Case count against the same period a year earlier, in percent (None without a base)."""
        if not self.reports_last_year:
            return None
        return round((self.reports - self.reports_last_year) * 100 / self.reports_last_year, 1)

    def as_dict(self) -> dict:
        """Plain data for the API and the export, with the derived figures included."""
        data = asdict(self)
        data["person_times"] = self.person_times
        data["patrol_hours"] = self.patrol_hours
        data["change_pct"] = self.change_pct
        for row, team in zip(data["teams"], self.teams, strict=True):
            row["person_times"] = team.person_times
        return data


class StatsService:
    """Counts for one org's subtree; the caller has entered the org (scope = its subtree)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _count_reports(self, org: OrgUnit, start: date, end: date) -> int:
        stmt = select(func.count(Report.id)).where(
            Report.org_path.startswith(org.path),
            Report.occurred_at >= local_dt(start, time.min),
            Report.occurred_at < local_dt(end + timedelta(days=1), time.min),
        )
        return (await self.session.execute(stmt)).scalar_one()

    async def _steps_to(
        self, org: OrgUnit, status: str, lo, hi, category: str | None = None
    ) -> int:
        stmt = select(func.count(ReportStep.id)).where(
            ReportStep.org_path.startswith(org.path),
            ReportStep.to_status == status,
            ReportStep.at >= lo,
            ReportStep.at < hi,
        )
        if category is not None:
            stmt = stmt.join(Report, Report.id == ReportStep.report_id).where(
                Report.category == category
            )
        return (await self.session.execute(stmt)).scalar_one()

    async def compute(
        self,
        org: OrgUnit,
        start: date,
        end: date,
        *,
        by_child: bool = True,
        source: str = "rollup",
    ) -> PatrolStats:
        """Every figure of the patrol line for ``org``'s subtree over ``start``..``end`` (local
        days); ``by_child=False`` skips the per-child breakdown (the dashboard cards).

        ``source="rollup"`` (the default) reads the daily roll-up (``patrol_daily_figures``,
        see ``plugins.patrol.figures``): two statements over at most one row per org, day and
        team, category and status. ``source="raw"`` recounts the same figures from the raw
        rows (the reference the roll-up is tested against). The answers are the same.

        With the breakdown, each grouped query also groups by the rows' org id (an integer: cheaper
        to hash than the path) and each org is credited to the child it lies under, so check-ins
        and reports are still scanned once.
        """
        if source not in ("rollup", "raw"):
            raise ValueError(f"unknown source {source!r}")
        if end < start:
            raise Invalid(N_("end is before start"), field="end")
        if (end - start).days > MAX_PERIOD_DAYS:
            raise Invalid(
                N_("a period spans at most {days} days"),
                field="end",
                params={"days": MAX_PERIOD_DAYS},
            )
        credit = await self._children(org) if by_child else _Children({}, [])
        stats = PatrolStats(org_id=org.id, start=start, end=end)
        if source == "rollup":
            await self._from_rollup(stats, org, credit, by_child)
        else:
            await self._from_raw(stats, org, credit, by_child)
        stats.by_child = credit.figures()
        return stats

    async def _from_rollup(
        self, stats: PatrolStats, org: OrgUnit, credit: _Children, by_child: bool
    ) -> None:
        start, end, fig = stats.start, stats.end, DailyFigure
        # The breakdown groups by the child each cell lies under, in SQL (a city's year is
        # ~100k cells over 1,500 grids but 15 streets): the id after the org's own path.
        path = [child_id_sql(fig.org_path, org.path, self.session.bind.dialect.name)] if by_child else []
        keys = (*path, fig.kind, fig.team_id, fig.category, fig.status)
        cells = (
            select(*keys, func.sum(fig.n), func.sum(fig.amount))
            .where(fig.org_path.startswith(org.path), fig.day >= start, fig.day <= end)
            .group_by(*keys)
        )
        rows = (await self.session.execute(cells)).all()
        # Teams are read through the scoped ORM (not joined: a join makes PostgreSQL sort the
        # city's ~100k cells instead of hashing them), so a team the scope cannot see counts
        # as no team: its check-ins are left out and its activities count in the total only,
        # exactly as the raw queries' inner and outer joins behave.
        team_ids = {row[-5] for row in rows if row[-5]}
        colour_of = dict(
            (await self.session.execute(select(Team.id, Team.colour).where(Team.id.in_(team_ids)))).all()
        ) if team_ids else {}
        teams = {c: TeamFigures(colour=c) for c in COLOURS}
        minutes_of: dict[str, int] = dict.fromkeys(COLOURS, 0)
        stats.reports_by_category = dict.fromkeys(REPORT_CATEGORIES, 0)
        stats.reports_by_status = dict.fromkeys(REPORT_STATUSES, 0)
        for *at, kind, team_id, category, status, n, amount in rows:
            n, amount, child = int(n), int(amount), credit.by_id(at)
            colour = colour_of.get(team_id)
            if kind == "checkin":
                if colour is None:
                    continue
                teams[colour].checkins += n
                minutes_of[colour] += amount
                if child:
                    child.person_times += n
                    credit.add_minutes(child, amount)
            elif kind == "activity":
                stats.activity_person_times += amount
                if colour is not None:
                    teams[colour].activities += n
                    teams[colour].activity_person_times += amount
                if child:
                    child.person_times += amount
            elif kind == "report":
                stats.reports_by_category[category] = stats.reports_by_category.get(category, 0) + n
                stats.reports_by_status[status] = stats.reports_by_status.get(status, 0) + n
                if child:
                    child.reports += n
            elif kind == "step":
                if status == "mediated":
                    stats.disputes_mediated += n
                    if child:
                        child.disputes_mediated += n
                elif status == "reported_upward":
                    stats.reported_upward += n
                elif category == "illegal_structure":  # resolved
                    stats.illegal_structures_removed += n
            elif kind == "missed":
                stats.missed_shifts += n
        for colour, minutes in minutes_of.items():
            teams[colour].patrol_hours = round(minutes / 60, 2)
        stats.teams = list(teams.values())
        stats.reports = sum(stats.reports_by_category.values())
        last_year = select(func.coalesce(func.sum(fig.n), 0)).where(
            fig.org_path.startswith(org.path),
            fig.kind == "report",
            fig.day >= year_earlier(start),
            fig.day <= year_earlier(end),
        )
        stats.reports_last_year = int((await self.session.execute(last_year)).scalar_one())

    async def _from_raw(
        self, stats: PatrolStats, org: OrgUnit, credit: _Children, by_child: bool
    ) -> None:
        start, end = stats.start, stats.end
        lo, hi = local_dt(start, time.min), local_dt(end + timedelta(days=1), time.min)
        prefix = org.path
        teams = {c: TeamFigures(colour=c) for c in COLOURS}

        def grouped(model, *keys):
            path = [model.org_id] if by_child else []
            return lambda *aggregates: select(*path, *keys, *aggregates).group_by(*path, *keys)

        minutes_of: dict[str, int] = dict.fromkeys(COLOURS, 0)
        patrol = (
            grouped(CheckIn, Team.colour)(
                func.count(CheckIn.id), func.coalesce(func.sum(CheckIn.minutes), 0)
            )
            .join(Team, Team.id == CheckIn.team_id)
            .where(
                CheckIn.org_path.startswith(prefix),
                CheckIn.checked_in_at >= lo,
                CheckIn.checked_in_at < hi,
            )
        )
        for *path, colour, count, minutes in (await self.session.execute(patrol)).all():
            teams[colour].checkins += int(count)
            minutes_of[colour] += int(minutes)
            if child := credit.get(path):
                child.person_times += int(count)
                credit.add_minutes(child, int(minutes))
        for colour, minutes in minutes_of.items():
            teams[colour].patrol_hours = round(minutes / 60, 2)

        served = (
            grouped(Activity, Team.colour)(
                func.count(Activity.id), func.coalesce(func.sum(Activity.participants), 0)
            )
            .outerjoin(Team, Team.id == Activity.team_id)
            .where(
                Activity.org_path.startswith(prefix),
                Activity.held_on >= start,
                Activity.held_on <= end,
            )
        )
        for *path, colour, count, people in (await self.session.execute(served)).all():
            stats.activity_person_times += int(people)
            if colour is not None:  # activities of no team count in the total only
                teams[colour].activities += int(count)
                teams[colour].activity_person_times += int(people)
            if child := credit.get(path):
                child.person_times += int(people)
        stats.teams = list(teams.values())

        stats.reports_by_category = dict.fromkeys(REPORT_CATEGORIES, 0)
        stats.reports_by_status = dict.fromkeys(REPORT_STATUSES, 0)
        reports = grouped(Report, Report.category, Report.status)(func.count(Report.id)).where(
            Report.org_path.startswith(prefix),
            Report.occurred_at >= lo,
            Report.occurred_at < hi,
        )
        for *path, category, status, n in (await self.session.execute(reports)).all():
            stats.reports_by_category[category] = stats.reports_by_category.get(category, 0) + n
            stats.reports_by_status[status] = stats.reports_by_status.get(status, 0) + n
            if child := credit.get(path):
                child.reports += int(n)
        stats.reports = sum(stats.reports_by_category.values())
        stats.reports_last_year = await self._count_reports(
            org, year_earlier(start), year_earlier(end)
        )

        steps = grouped(ReportStep, ReportStep.to_status)(func.count(ReportStep.id)).where(
            ReportStep.org_path.startswith(prefix),
            ReportStep.to_status.in_(("mediated", "reported_upward")),
            ReportStep.at >= lo,
            ReportStep.at < hi,
        )
        for *path, status, n in (await self.session.execute(steps)).all():
            if status == "mediated":
                stats.disputes_mediated += int(n)
                if child := credit.get(path):
                    child.disputes_mediated += int(n)
            else:
                stats.reported_upward += int(n)
        stats.illegal_structures_removed = await self._steps_to(
            org, "resolved", lo, hi, category="illegal_structure"
        )
        missed = select(func.count(Shift.id)).where(
            Shift.org_path.startswith(prefix),
            Shift.status == "missed",
            Shift.starts_at >= lo,
            Shift.starts_at < hi,
        )
        stats.missed_shifts = (await self.session.execute(missed)).scalar_one()

    async def _children(self, org: OrgUnit) -> _Children:
        rows = await self.session.execute(
            select(OrgUnit.id, OrgUnit.name, OrgUnit.path, OrgUnit.parent_id)
            .where(OrgUnit.path.startswith(org.path), OrgUnit.id != org.id)
            .order_by(OrgUnit.name)
        )
        rows = rows.all()
        figures = {
            path: ChildFigures(org_id=oid, name=name)
            for oid, name, path, parent in rows
            if parent == org.id
        }
        depth = len(org.ancestor_ids()) + 1
        under: dict[int, ChildFigures] = {}
        for oid, _name, path, _parent in rows:
            parts = path.strip("/").split("/")
            child = figures.get("/" + "/".join(parts[:depth]) + "/")
            if child is not None:
                under[oid] = child
        return _Children(under, list(figures.values()))


def child_id_sql(org_path, prefix: str, dialect: str):
    """SQL for the id of the child of the org at ``prefix`` that a row's path lies under, as
    text ('' for the org's own rows): the path segment right after the prefix."""
    rest = func.substr(org_path, len(prefix) + 1)
    if dialect == "postgresql":
        return func.split_part(rest, "/", 1)
    return func.substr(rest, 1, func.instr(rest, "/") - 1)


class _Children:
    """The orgs directly below the one asked about, and which of them each org lies under."""

    def __init__(self, under: dict[int, ChildFigures], children: list[ChildFigures]) -> None:
        self.under, self.children = under, children
        self.ids = {child.org_id: child for child in children}
        self.minutes: dict[int, int] = {}

    def add_minutes(self, child: ChildFigures, minutes: int) -> None:
        """Patrol minutes of a child, summed as integers (hours are divided once at the end,
        so the figure does not depend on the order the grouped rows arrive in)."""
        self.minutes[child.org_id] = self.minutes.get(child.org_id, 0) + minutes

    def by_id(self, child_id: list[str]) -> ChildFigures | None:
        """The child named by its id as text (``child_id_sql``; [] ungrouped, '' for the org's
        own rows)."""
        if not child_id or not child_id[0]:
            return None
        return self.ids.get(int(child_id[0]))

    def get(self, org_id: list[int]) -> ChildFigures | None:
        """The child a row lies under (``org_id``: the row's grouped org id, or [] ungrouped);
        None for the org's own rows."""
        return self.under.get(org_id[0]) if org_id else None

    def figures(self) -> list[ChildFigures]:
        """The children in name order, hours rounded."""
        for child in self.children:
            child.patrol_hours = round(self.minutes.get(child.org_id, 0) / 60, 2)
        return self.children
