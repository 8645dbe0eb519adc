"""The daily roll-up of the patrol figures (``patrol_daily_figures``): kept and rebuilt.

Kept: every flush of a session that writes check-ins, activities, reports, report steps or
shifts adds the difference those writes make to the roll-up's cells, in the same
transaction, with one upsert (``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``) on
SQLite and PostgreSQL. What a raw row adds to the roll-up (its *contribution*) is read
before the flush for rows that change or go (from the attribute history, or from the
database when the old value was never loaded) and after it for rows that are new or
changed; only the difference is written. The upsert adds to a cell atomically, so
concurrent writers on PostgreSQL never lose a count, and the cells are written in key order
so two writers cannot deadlock on them.

Rows the database deletes (or detaches) by ``ON DELETE CASCADE`` / ``SET NULL`` when a
report, shift, member or team goes through the session are read before the flush and
subtracted too. Not seen: Core statements that bypass the unit of work (``insert(CheckIn)``,
``update(Report)…``, COPY). Whoever writes patrol rows that way must call :func:`rebuild`
for what they touched, as the demo seeding and ``bench.city`` do.

Rebuilt: :func:`rebuild` recounts an org subtree's cells over a range of days from the raw
rows (one ``INSERT … SELECT … GROUP BY`` per kind) after deleting them; on PostgreSQL it
first takes SHARE locks on the raw tables, so writers wait for it rather than being lost.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    cast,
    delete,
    event,
    func,
    inspect,
    literal,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from core.db import TenantSession
from core.localtime import LOCAL_TZ, as_utc
from plugins.patrol.models import (
    Activity,
    CheckIn,
    DailyFigure,
    Member,
    Report,
    ReportStep,
    Shift,
    Team,
)
from tenants.models import OrgUnit

# Report steps the statistics count: disputes mediated, cases reported upward, and resolved
# (illegal structures removed, per the report's category).
STEP_STATUSES = ("mediated", "reported_upward", "resolved")
_KEY = ("org_id", "day", "kind", "team_id", "category", "status")
_PENDING = "patrol.figures.before"
_TRACKED = (CheckIn, Activity, Report, ReportStep, Shift)


def local_day(value: datetime) -> date:
    """The local (Beijing) day of a stored time."""
    return as_utc(value).astimezone(LOCAL_TZ).date()


def _cell(kind: str, values: dict, day: date, n: int = 1, amount: int = 0, *, team_id=0,
          category: str = "", status: str = "") -> tuple:
    return (values["org_id"], day, kind, team_id or 0, category, status, values["org_path"], n, amount)


def _contribution(model: type, v: dict, categories: dict[int, str]) -> list[tuple]:
    """The cells one raw row adds to: (key..., org_path, n, amount)."""
    if model is CheckIn:
        return [_cell("checkin", v, local_day(v["checked_in_at"]), 1, v["minutes"] or 0, team_id=v["team_id"])]
    if model is Activity:
        return [_cell("activity", v, v["held_on"], 1, v["participants"] or 0, team_id=v["team_id"])]
    if model is Report:
        return [_cell("report", v, local_day(v["occurred_at"]), category=v["category"], status=v["status"])]
    if model is ReportStep:
        if v["to_status"] not in STEP_STATUSES:
            return []
        category = v.get("category") or categories[v["report_id"]]
        return [_cell("step", v, local_day(v["at"]), category=category, status=v["to_status"])]
    if v["status"] != "missed":  # Shift
        return []
    return [_cell("missed", v, local_day(v["starts_at"]))]


_COLUMNS = {
    CheckIn: ("org_id", "org_path", "checked_in_at", "team_id", "minutes"),
    Activity: ("org_id", "org_path", "held_on", "team_id", "participants"),
    Report: ("org_id", "org_path", "occurred_at", "category", "status"),
    ReportStep: ("org_id", "org_path", "at", "report_id", "to_status"),
    Shift: ("org_id", "org_path", "starts_at", "status"),
}


def _old_values(session: Session, obj: Any) -> dict | None:
    """The values a changed or deleted row had before this flush (None for a pending row)."""
    state = inspect(obj)
    if state.key is None:
        return None
    model, names = type(obj), _COLUMNS[type(obj)]
    values = {}
    for name in names:
        hist = state.attrs[name].history
        if hist.deleted:
            values[name] = hist.deleted[0]
        elif hist.unchanged:
            values[name] = hist.unchanged[0]
        else:  # never loaded (or expired): the database still holds the old value
            table = model.__table__
            row = session.connection().execute(
                select(*(table.c[n] for n in names)).where(table.c.id == state.identity[0])
            ).one()
            return dict(row._mapping)
    return values


def _new_values(obj: Any) -> dict:
    return {name: getattr(obj, name) for name in _COLUMNS[type(obj)]}


def _categories(session: Session, values: list[dict]) -> dict[int, str]:
    ids = {v["report_id"] for v in values}
    if not ids:
        return {}
    table = Report.__table__
    rows = session.connection().execute(select(table.c.id, table.c.category).where(table.c.id.in_(ids)))
    return dict(rows.all())


# What the database deletes (or empties) with a parent row: (child, its foreign key, whether
# the key is set to NULL rather than the row deleted). A team's shifts go with it, and their
# check-ins are the team's too, so the team's check-ins are found by team_id alone.
_CASCADES: dict[type, tuple[tuple[type, str, bool], ...]] = {
    Report: ((ReportStep, "report_id", False),),
    Shift: ((CheckIn, "shift_id", False),),
    Member: ((CheckIn, "member_id", False),),
    Team: ((CheckIn, "team_id", False), (Shift, "team_id", False), (Activity, "team_id", True)),
}


def _cascaded(session: Session, parent: Any, before: dict, emptied: list) -> None:
    """Record the rows the database will delete with ``parent`` (or detach from it)."""
    pk = inspect(parent).identity[0]
    for child, fk, set_null in _CASCADES.get(type(parent), ()):
        table = child.__table__
        names = _COLUMNS[child]
        rows = session.connection().execute(
            select(table.c.id, *(table.c[n] for n in names)).where(table.c[fk] == pk)
        )
        for row in rows:
            values = dict(row._mapping)
            key = (child, values.pop("id"))
            if key in before:
                continue
            before[key] = values
            if set_null:
                emptied.append((child, {**values, fk: None}))


@event.listens_for(TenantSession, "before_flush")
def _remember_old(session: Session, _ctx, _instances) -> None:
    changed = [o for o in session.dirty if isinstance(o, _TRACKED) and session.is_modified(o)]
    gone = [o for o in session.deleted if isinstance(o, _TRACKED)]
    parents = [o for o in session.deleted if type(o) in _CASCADES]
    before: dict[tuple, dict] = {}
    emptied: list[tuple[type, dict]] = []
    session.info[_PENDING] = (before, emptied)
    for obj in changed + gone:
        old = _old_values(session, obj)
        if old is not None:
            before[(type(obj), inspect(obj).identity[0])] = old
    for obj in parents:
        if inspect(obj).key is not None:
            _cascaded(session, obj, before, emptied)
    # A step's category is its report's, read now: the report may be gone after the flush.
    steps = [v for (model, _pk), v in before.items() if model is ReportStep]
    categories = _categories(session, steps)
    for values in steps:
        values["category"] = categories[values["report_id"]]


@event.listens_for(TenantSession, "after_flush")
def _apply(session: Session, _ctx) -> None:
    before, emptied = session.info.pop(_PENDING, ({}, []))
    after = [
        (type(o), _new_values(o))
        for o in list(session.new) + list(session.dirty)
        if isinstance(o, _TRACKED)
        and o not in session.deleted
        and (o in session.new or (type(o), inspect(o).identity[0]) in before)
    ]
    after += emptied
    if not before and not after:
        return
    old = [(model, values) for (model, _pk), values in before.items()]
    categories = _categories(session, [v for m, v in after if m is ReportStep])
    delta: dict[tuple, list] = defaultdict(lambda: ["", 0, 0])
    for sign, rows in ((-1, old), (1, after)):
        for model, values in rows:
            for *key, path, n, amount in _contribution(model, values, categories):
                cell = delta[tuple(key)]
                if sign > 0 or not cell[0]:
                    cell[0] = path
                cell[1] += sign * n
                cell[2] += sign * amount
    rows = [
        dict(zip(_KEY, key, strict=True), org_path=path, n=n, amount=amount)
        for key, (path, n, amount) in sorted(delta.items())
        if n or amount
    ]
    if rows:
        session.connection().execute(_upsert(session.connection().dialect.name, rows))


def _upsert(dialect: str, rows: list[dict]):
    """Add ``rows``' counts to their cells, creating the missing ones."""
    table = DailyFigure.__table__
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table).values(rows)
    return stmt.on_conflict_do_update(
        index_elements=list(_KEY),
        set_={
            "n": table.c.n + stmt.excluded.n,
            "amount": table.c.amount + stmt.excluded.amount,
            "org_path": stmt.excluded.org_path,
        },
    )


def local_day_sql(column, dialect: str):
    """SQL for the local day of a stored UTC time: exact on PostgreSQL (the zone's rules);
    on SQLite by Beijing's fixed offset (China has kept UTC+8 without summer time since 1991)."""
    if dialect == "postgresql":
        return cast(func.timezone(LOCAL_TZ.key, column), Date)
    offset = int(datetime(2000, 1, 1, tzinfo=LOCAL_TZ).utcoffset().total_seconds() // 60)
    return func.date(column, f"{offset:+d} minutes")


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time.min, tzinfo=LOCAL_TZ).astimezone(UTC),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=LOCAL_TZ).astimezone(UTC),
    )


def recount_statements(dialect: str, prefix: str, start: date, end: date) -> list:
    """``INSERT … SELECT`` statements that recount every cell of the subtree at ``prefix``
    over the local days ``start``..``end`` from the raw rows (the cells must be empty)."""
    lo, hi = _bounds(start, end)
    out = []

    def cells(model, day, kind, n, amount, team, category, status, *where, join=None):
        columns = (
            model.org_id, model.org_path, day.label("day"), literal(kind, String).label("kind"),
            team.label("team_id"), category.label("category"), status.label("status"),
            n.label("n"), amount.label("amount"),
        )
        stmt = select(*columns)
        if join is not None:
            stmt = stmt.join(*join)
        stmt = stmt.where(model.org_path.startswith(prefix), *where).group_by(*columns[:7])
        table = DailyFigure.__table__
        names = ["org_id", "org_path", "day", "kind", "team_id", "category", "status", "n", "amount"]
        out.append(table.insert().from_select(names, stmt))

    zero, blank = literal(0, Integer), literal("", String)
    count = func.count()
    c_day = local_day_sql(CheckIn.checked_in_at, dialect)
    cells(CheckIn, c_day, "checkin", count, func.coalesce(func.sum(CheckIn.minutes), 0), CheckIn.team_id,
          blank, blank, CheckIn.checked_in_at >= lo, CheckIn.checked_in_at < hi)
    cells(Activity, Activity.held_on, "activity", count, func.coalesce(func.sum(Activity.participants), 0),
          func.coalesce(Activity.team_id, 0), blank, blank, Activity.held_on >= start, Activity.held_on <= end)
    r_day = local_day_sql(Report.occurred_at, dialect)
    cells(Report, r_day, "report", count, zero, zero, Report.category, Report.status,
          Report.occurred_at >= lo, Report.occurred_at < hi)
    s_day = local_day_sql(ReportStep.at, dialect)
    cells(ReportStep, s_day, "step", count, zero, zero, Report.category, ReportStep.to_status,
          ReportStep.to_status.in_(STEP_STATUSES), ReportStep.at >= lo, ReportStep.at < hi,
          join=(Report.__table__, Report.id == ReportStep.report_id))
    m_day = local_day_sql(Shift.starts_at, dialect)
    cells(Shift, m_day, "missed", count, zero, zero, blank, blank,
          Shift.status == "missed", Shift.starts_at >= lo, Shift.starts_at < hi)
    return out


async def rebuild(session: AsyncSession, org: OrgUnit, start: date, end: date) -> int:
    """Recount ``org``'s subtree's cells for the local days ``start``..``end`` from the raw
    rows, in the session's transaction; returns how many cells it wrote. The caller commits."""
    dialect = session.bind.dialect.name
    by_hand = {"scoped_by_hand": True}
    if dialect == "postgresql":
        # Writers of raw rows wait until the recount commits, so none is counted twice or lost.
        tables = ", ".join(m.__tablename__ for m in _TRACKED)
        await session.execute(text(f"LOCK TABLE {tables} IN SHARE MODE"), execution_options=by_hand)
    figure = DailyFigure.__table__
    await session.execute(
        delete(figure).where(
            and_(figure.c.org_path.startswith(org.path), figure.c.day >= start, figure.c.day <= end)
        ),
        execution_options=by_hand,
    )
    for stmt in recount_statements(dialect, org.path, start, end):
        await session.execute(stmt, execution_options=by_hand)
    written = await session.execute(
        select(func.count()).select_from(figure).where(
            figure.c.org_path.startswith(org.path), figure.c.day >= start, figure.c.day <= end
        ),
        execution_options=by_hand,
    )
    return int(written.scalar_one())

