"""Working-day arithmetic on the official Chinese holiday calendar (节假日 and 调休).

Deadlines in community work are counted in working days: a public notice stays up for
3 working days, a street approves within 5 working days. China moves its public holidays
every year and turns some weekends into working days (调休), so weekday arithmetic is
wrong several times a year. This module wraps the maintained ``chinesecalendar`` package,
extended by an operator's holidays file (``SHEQU_HOLIDAYS_FILE``) for years the package
does not know yet; see docs/operations.md, "Holiday calendar".

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

The calendar covers whole years: the package's, then the file's. Outside them a day counts
as a working day when it is Monday to Friday: a deadline is never refused, but one that
needed such a guess is *provisional* until the year's holiday schedule is known.
:func:`deadline` says so (``Deadline(due_on, provisional)``); :func:`add_working_days`
returns the date alone. From :data:`WARN_DAYS` before the calendar's last day operators are
warned (log, ``/health/ready``, a console banner): :func:`calendar_status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import structlog
from prometheus_client import Gauge

from core.observability import REGISTRY
from core.workdays._calendar import HolidayCalendar, build_calendar, disagreements, package_calendar
from core.workdays._file import FileHoliday, FileYear, HolidaysFileError, read_holidays_file

__all__ = [
    "CALENDAR_END",
    "WARN_DAYS",
    "CalendarStatus",
    "Deadline",
    "FileHoliday",
    "FileYear",
    "HolidayCalendar",
    "HolidaysFileError",
    "WorkdayCalendarError",
    "add_working_days",
    "build_calendar",
    "calendar",
    "calendar_range",
    "calendar_status",
    "days_left",
    "deadline",
    "disagreements",
    "is_provisional",
    "is_working_day",
    "load_calendar",
    "package_calendar",
    "read_holidays_file",
    "today_in_china",
    "warn_if_ending",
    "working_days_between",
]

# China has used a single UTC+8 offset without DST since 1991; a fixed offset avoids
# depending on tzdata, which minimal containers and offline 政务内网 hosts may lack.
_CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
_ONE_DAY = timedelta(days=1)
WARN_DAYS = 60  # warn this close to the calendar's end: "N working days" deadlines run into it

CALENDAR_END = Gauge(
    "shequ_holiday_calendar_end_timestamp_seconds",
    "When the holiday calendar runs out (Unix time of midnight after its last day, China time).",
    registry=REGISTRY,
    multiprocess_mode="max",  # every worker loads the same calendar; max ignores a not-yet-set 0
)
_log = structlog.get_logger("shequ.workdays")


class WorkdayCalendarError(ValueError):
    """Kept for callers that catch it; dates outside the calendar no longer raise (see module doc)."""


class Deadline(NamedTuple):
    """A deadline in working days; ``provisional`` when it reaches past the calendar's data."""

    due_on: date
    provisional: bool


@dataclass(frozen=True)
class CalendarStatus:
    """How long the holiday calendar lasts, and the operator's warning when it ends soon."""

    last_day: date
    days_left: int
    warning: str | None  # English; None while more than WARN_DAYS days are left


# --- the process's calendar ----------------------------------------------------------------


class _State:
    active: HolidayCalendar | None = None
    warned_on: date | None = None


def load_calendar(path: Path | None) -> HolidayCalendar:
    """Build the calendar (raising :class:`HolidaysFileError` for a bad file) and make it this process's."""
    cal = build_calendar(path)
    _State.active = cal
    _State.warned_on = None
    end = datetime.combine(cal.last + _ONE_DAY, datetime.min.time(), _CHINA_TZ)
    CALENDAR_END.set(end.timestamp())
    return cal


def calendar() -> HolidayCalendar:
    """This process's calendar: the one ``Settings.check()`` loaded at start-up with the
    operator's ``SHEQU_HOLIDAYS_FILE``, else the package's alone (this layer reads no settings)."""
    if _State.active is None:
        load_calendar(None)
    return _State.active  # type: ignore[return-value]


def today_in_china() -> date:
    """Today's date in China."""
    return datetime.now(_CHINA_TZ).date()


def days_left(cal: HolidayCalendar, today: date) -> int:
    """Days from ``today`` to the calendar's last day (0 on the last day, negative after it)."""
    return (cal.last - today).days


def calendar_range() -> tuple[date, date]:
    """Return the first and last date the holiday calendar covers."""
    cal = calendar()
    return cal.first, cal.last


def warn_if_ending(cal: HolidayCalendar, today: date) -> bool:
    """Log a warning, at most once a day per process, while ``cal`` ends within WARN_DAYS of ``today``."""
    if _State.warned_on == today or days_left(cal, today) > WARN_DAYS:
        return False
    _State.warned_on = today
    _log.warning("holiday_calendar_ends_soon", last_day=cal.last.isoformat(), days_left=days_left(cal, today),
                 holidays_file=str(cal.file) if cal.file else None)
    return True


def calendar_status(today: date | None = None) -> CalendarStatus:
    """The calendar's end and, from WARN_DAYS before it, a warning for operators."""
    cal = calendar()
    today = today or today_in_china()
    left = days_left(cal, today)
    warning = None
    if left <= WARN_DAYS:
        when = f"ends on {cal.last.isoformat()} ({left} days left)" if left >= 0 else f"ended on {cal.last.isoformat()}"
        warning = (f"the holiday calendar {when}: working-day deadlines after it are counted by weekdays "
                   "and marked provisional; add next year to SHEQU_HOLIDAYS_FILE or upgrade chinesecalendar")
    return CalendarStatus(cal.last, left, warning)


def _in_use() -> HolidayCalendar:
    # Warn here rather than at start-up: settings are checked before logging is configured.
    cal = calendar()
    warn_if_ending(cal, today_in_china())
    return cal


def _as_date(value: date | datetime) -> date:
    """Reduce a date or datetime to a China-local calendar date."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_CHINA_TZ)
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date or datetime, got {type(value).__name__}")


def _working(cal: HolidayCalendar, day: date) -> bool:
    # Outside the known years, Monday to Friday stand in for the unknown schedule.
    return cal.is_working_day(day) if cal.covers(day) else day.weekday() < 5


def is_provisional(d: date | datetime) -> bool:
    """Tell whether ``d`` lies outside the holiday calendar, so its working-day status is a guess."""
    return not calendar().covers(_as_date(d))


def is_working_day(d: date | datetime) -> bool:
    """Tell whether ``d`` is an official working day in mainland China (by weekday outside the calendar)."""
    return _working(_in_use(), _as_date(d))


def _walk(start: date | datetime, n: int) -> tuple[date, bool]:
    """The n-th working day after ``start`` (before it if ``n < 0``) and whether it is provisional."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {type(n).__name__}")
    cal = _in_use()
    first = day = _as_date(start)
    if n == 0:
        while not _working(cal, day):
            day += _ONE_DAY
    else:
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if _working(cal, day):
                remaining -= 1
    # The covered years are contiguous: every day walked over is known iff both ends are.
    return day, not (cal.covers(first) and cal.covers(day))


def deadline(start: date | datetime, n: int) -> Deadline:
    """The n-th working day after ``start``, never an error (``n >= 0``; see module doc).

    Days the calendar covers count as the calendar says; days past it count Monday to Friday,
    and the result is then marked provisional (the State Council has not published that
    year's holidays yet), to be recomputed once the calendar knows the year.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a whole number of working days >= 0, got {n!r}")
    return Deadline(*_walk(start, n))


def add_working_days(start: date | datetime, n: int) -> date:
    """Return the n-th working day after ``start`` (before it if ``n < 0``; see module doc)."""
    return _walk(start, n)[0]


def working_days_between(a: date | datetime, b: date | datetime) -> int:
    """Count working days in ``(a, b]``; negative (counting ``(b, a]``) when ``b < a``."""
    cal = _in_use()
    first, last = _as_date(a), _as_date(b)
    if last < first:
        return -working_days_between(last, first)
    count = 0
    day = first + _ONE_DAY
    while day <= last:
        count += _working(cal, day)
        day += _ONE_DAY
    return count
