"""The holiday calendar: the chinesecalendar package's years, then the holidays file's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import chinese_calendar

from core.workdays._file import FileYear, HolidaysFileError, read_holidays_file


@dataclass(frozen=True)
class HolidayCalendar:
    """Days off and make-up working days for the whole years ``first.year`` to ``last.year``."""

    first: date
    last: date
    holidays: Mapping[date, str] = field(repr=False)  # day off -> holiday name
    workdays: Mapping[date, str] = field(repr=False)  # weekend day worked -> holiday name
    file: Path | None = None
    file_years: tuple[FileYear, ...] = ()

    def covers(self, day: date) -> bool:
        """Tell whether ``day`` lies inside the covered years."""
        return self.first <= day <= self.last

    def is_working_day(self, day: date) -> bool:
        """A make-up day, or a weekday that is no holiday (the caller checks :meth:`covers`)."""
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)


@cache
def package_calendar() -> HolidayCalendar:
    """The calendar of the installed chinesecalendar package alone."""
    # The package validates by whole year (see chinese_calendar.utils._validate_date),
    # so its coverage is 1 January of the first year to 31 December of the last.
    years = [d.year for d in chinese_calendar.holidays]
    return HolidayCalendar(date(min(years), 1, 1), date(max(years), 12, 31),
                           dict(chinese_calendar.holidays), dict(chinese_calendar.workdays))


def build_calendar(path: Path | None) -> HolidayCalendar:
    """The package's calendar with the years of the file at ``path`` (if any) replacing its own.

    For a year the file has, the package's data for that year are dropped and the file's used
    instead; a date the file lists in the December before its year also wins over the package.
    """
    package = package_calendar()
    if path is None:
        return package
    years = read_holidays_file(path)
    _refuse_gaps(path, years, package)
    replaced = {y.year for y in years}
    holidays = {d: n for d, n in package.holidays.items() if d.year not in replaced}
    workdays = {d: n for d, n in package.workdays.items() if d.year not in replaced}
    for section in years:
        for holiday in section.holidays:
            for day in holiday.days_off():
                holidays[day] = holiday.name
                workdays.pop(day, None)
            for day in holiday.makeup_workdays:
                workdays[day] = holiday.name
                holidays.pop(day, None)
    first = min(package.first, date(years[0].year, 1, 1))
    last = max(package.last, date(years[-1].year, 12, 31))
    return HolidayCalendar(first, last, holidays, workdays, path, years)


def _refuse_gaps(path: Path, years: tuple[FileYear, ...], package: HolidayCalendar) -> None:
    # A year covered by nobody between covered years would silently become weekday arithmetic.
    covered = {y.year for y in years} | set(range(package.first.year, package.last.year + 1))
    errors = []
    for section in years:
        gap = section.year - 1 if section.year > package.last.year else section.year + 1
        if section.year not in range(package.first.year, package.last.year + 1) and gap not in covered:
            errors.append(f"line {section.line}: {section.year}: {gap} is covered neither by the chinesecalendar "
                          f"package ({package.first.year} to {package.last.year}) nor by this file; "
                          "the years must follow each other without a gap")
    if errors:
        raise HolidaysFileError(path, errors)


def disagreements(cal: HolidayCalendar) -> list[tuple[date, bool]]:
    """Days the package knows on which ``cal`` says otherwise: (day, whether ``cal`` makes it a working day)."""
    package = package_calendar()
    days = {d for y in cal.file_years for h in y.holidays for d in (*h.days_off(), *h.makeup_workdays)}
    for section in cal.file_years:
        start = date(section.year, 1, 1)
        days.update(start + timedelta(days=i) for i in range((date(section.year + 1, 1, 1) - start).days))
    return [(d, cal.is_working_day(d)) for d in sorted(days)
            if package.covers(d) and cal.is_working_day(d) != package.is_working_day(d)]
