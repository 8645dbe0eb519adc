"""Working-day arithmetic on the official Chinese holiday calendar (节假日 and 调休).

Deadlines in community work are counted in working days: a public notice stays up for
3 working days, a street approves within 5 working days. China moves its public holidays
every year and turns some weekends into working days (调休), so weekday arithmetic is
wrong several times a year. This module wraps the maintained ``chinesecalendar`` package.

Counting convention ("within N working days of X"):

- ``add_working_days(x, n)`` for ``n > 0`` is the n-th working day strictly *after* ``x``.
  The day of ``x`` itself never counts, even when it is a working day, because an event
  on day X (a notice posted, an application filed) has not had a full working day yet.
  So a 3-working-day notice posted on Friday 2025-09-26 runs out on Tuesday 2025-09-30
  (Sunday 2025-09-28 is a make-up working day), and the deadline is the end of that day.
- ``n == 0`` rolls forward: ``x`` if it is a working day, else the next working day.
- ``n < 0`` goes back: the |n|-th working day strictly *before* ``x`` (e.g. "remind two
  working days before the deadline").
- ``working_days_between(a, b)`` counts working days in ``(a, b]``, so for a working day
  ``b`` after ``a``: ``add_working_days(a, working_days_between(a, b)) == b``.

Datetimes are reduced to their calendar date in China Standard Time (UTC+8, no DST since
1991); naive datetimes are taken to be China local time already.

The package only knows the years the State Council has announced; outside them every
function raises :class:`WorkdayCalendarError` rather than guessing from weekdays.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import cache

import chinese_calendar

__all__ = [
    "WorkdayCalendarError",
    "add_working_days",
    "calendar_range",
    "is_working_day",
    "working_days_between",
]

# China has used a single UTC+8 offset without DST since 1991; a fixed offset avoids
# depending on tzdata, which minimal containers and offline 政务内网 hosts may lack.
_CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
_ONE_DAY = timedelta(days=1)


class WorkdayCalendarError(ValueError):
    """A date falls outside the years the installed holiday calendar covers."""


@cache
def calendar_range() -> tuple[date, date]:
    """Return the first and last date the installed holiday calendar covers."""
    # The package validates by whole year (see chinese_calendar.utils._validate_date),
    # so its coverage is 1 January of the first year to 31 December of the last.
    years = [d.year for d in chinese_calendar.holidays]
    return date(min(years), 1, 1), date(max(years), 12, 31)


def _as_date(value: date | datetime) -> date:
    """Reduce a date or datetime to a China-local calendar date."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_CHINA_TZ)
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date or datetime, got {type(value).__name__}")


def _check(day: date) -> date:
    first, last = calendar_range()
    if not first <= day <= last:
        raise WorkdayCalendarError(
            f"{day.isoformat()} is outside the holiday calendar "
            f"({first.isoformat()} to {last.isoformat()}); "
            "upgrade the chinesecalendar package once the State Council publishes "
            "the holiday schedule for that year"
        )
    return day


def is_working_day(d: date | datetime) -> bool:
    """Tell whether ``d`` is an official working day in mainland China."""
    return bool(chinese_calendar.is_workday(_check(_as_date(d))))


def add_working_days(start: date | datetime, n: int) -> date:
    """Return the n-th working day after ``start`` (before it if ``n < 0``; see module doc)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {type(n).__name__}")
    day = _check(_as_date(start))
    if n == 0:
        while not is_working_day(day):
            day = _check(day + _ONE_DAY)
        return day
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    remaining = abs(n)
    while remaining:
        day = _check(day + step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: date | datetime, b: date | datetime) -> int:
    """Count working days in ``(a, b]``; negative (counting ``(b, a]``) when ``b < a``."""
    first, last = _check(_as_date(a)), _check(_as_date(b))
    if last < first:
        return -working_days_between(last, first)
    count = 0
    day = first + _ONE_DAY
    while day <= last:
        count += is_working_day(day)
        day += _ONE_DAY
    return count
