"""Counts of a subtree, the only thing a street or city reads: no names, small counts hidden.

Counts from 1 to 4 show as "<5" so that no child can be singled out. When a breakdown hides
exactly one cell, the smallest other non-zero cell is hidden too, or the total would give the
hidden one away by subtraction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.localtime import LOCAL_TZ
from core.people.models import Person
from core.privacy import age_on
from plugins.children.models import Activity, Attendance, Child, Contact, Custody, Pairing
from plugins.children.vocab import AGE_BANDS, CATEGORIES

SMALL = 5
HIDDEN = "<5"


def hide_small(count: int) -> int | str:
    """A count as a street may see it: "<5" for 1 to 4."""
    return HIDDEN if 0 < count < SMALL else count


def hide_breakdown(cells: dict[str, int]) -> dict[str, int | str]:
    """A breakdown with small cells hidden, and one more when a single hidden cell could be derived."""
    out: dict[str, int | str] = {k: hide_small(v) for k, v in cells.items()}
    hidden = [k for k, v in out.items() if v == HIDDEN]
    if len(hidden) == 1:
        others = sorted((v, k) for k, v in cells.items() if k not in hidden and v > 0)
        if others:
            out[others[0][1]] = HIDDEN
    return out


def age_band(age: int | None) -> str | None:
    """The band of an age (None for an unknown age or 18 and over)."""
    if age is None:
        return None
    return next((code for code, low, high in AGE_BANDS if low <= age <= high), None)


def day_start(day: date) -> datetime:
    """Midnight of a Beijing calendar day, as an aware instant in UTC (how instants are stored:
    SQLite keeps the wall time of what it is given, so a Beijing wall time would be off by 8 h)."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_TZ).astimezone(UTC)


class StatsService:
    """The figures of the session's subtree."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def counts(self, today: date, start: date, end: date) -> dict[str, object]:
        """Exact counts: children by category and age band, pairings on time, the home's work."""
        rows = await self.session.execute(
            select(Child.category, Person.birth_date)
            .join(Person, Person.id == Child.person_id)
            .where(Child.status == "active")
        )
        by_category = dict.fromkeys(CATEGORIES, 0)
        by_age = {code: 0 for code, _low, _high in AGE_BANDS}
        total = 0
        for category, birth in rows.all():
            total += 1
            by_category[category] = by_category.get(category, 0) + 1
            band = age_band(age_on(birth, today))
            if band:
                by_age[band] += 1
        pairings = await self.session.execute(
            select(Pairing.overdue_since.is_(None), func.count(Pairing.id))
            .join(Child, Child.id == Pairing.child_id)
            .where(Pairing.ended_on.is_(None), Child.status == "active")
            .group_by(Pairing.overdue_since.is_(None))
        )
        visits = {"on_time": 0, "overdue": 0}
        for on_time, n in pairings.all():
            visits["on_time" if on_time else "overdue"] += int(n)

        async def count(stmt) -> int:
            return int((await self.session.execute(stmt)).scalar_one())

        work = {
            "contacts": await count(
                select(func.count(Contact.id)).where(
                    Contact.contact_on >= start, Contact.contact_on <= end
                )
            ),
            "stays": await count(
                select(func.count(Custody.id)).where(
                    Custody.signed_in_at >= day_start(start),
                    Custody.signed_in_at < day_start(end + timedelta(days=1)),
                )
            ),
            "activities": await count(
                select(func.count(Activity.id)).where(
                    Activity.held_on >= start, Activity.held_on <= end
                )
            ),
            "attendance": await count(
                select(func.count(Attendance.id))
                .join(Activity, Activity.id == Attendance.activity_id)
                .where(Activity.held_on >= start, Activity.held_on <= end)
            ),
        }
        return {
            "children": total,
            "by_category": by_category,
            "by_age_band": by_age,
            "visits": visits,
            "work": work,
        }

    async def figures(self, today: date, start: date, end: date, exact: bool) -> dict[str, object]:
        """The counts as the caller may see them: exact for the community's own staff, else hidden."""
        raw = await self.counts(today, start, end)
        if exact:
            return {**raw, "start": start.isoformat(), "end": end.isoformat(), "exact": True}
        return {
            "children": hide_small(raw["children"]),  # type: ignore[arg-type]
            "by_category": hide_breakdown(raw["by_category"]),  # type: ignore[arg-type]
            "by_age_band": hide_breakdown(raw["by_age_band"]),  # type: ignore[arg-type]
            "visits": hide_breakdown(raw["visits"]),  # type: ignore[arg-type]
            "work": {k: hide_small(v) for k, v in raw["work"].items()},  # type: ignore[union-attr]
            "start": start.isoformat(),
            "end": end.isoformat(),
            "exact": False,
        }
