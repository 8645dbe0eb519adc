"""Read the operator's holidays file (``SHEQU_HOLIDAYS_FILE``): the State Council's schedule per year.

The file is YAML (JSON works too), one section per year, copied from that year's notice
(国务院办公厅关于××××年部分节假日安排的通知)::

    2027:
      notice: 国务院办公厅关于2027年部分节假日安排的通知   # optional, for your records
      holidays:
        - name: 春节
          from: 2027-02-05          # first day off
          to: 2027-02-13            # last day off (omit for a single day)
          makeup_workdays: [2027-02-14]   # weekend days worked instead (调休上班), if any

The YAML node tree is walked directly, not loaded into Python values, so every error can
name its line; dates stay text until checked, so a bad date is an error, not a crash.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

_MAX_FILE_BYTES = 1_000_000
_MAX_HOLIDAY_DAYS = 31  # a typo guard: the longest break so far (Spring Festival 2020) was 10 days
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FIELDS = ("name", "from", "to", "makeup_workdays")


class HolidaysFileError(ValueError):
    """The holidays file cannot be used; ``errors`` lists every problem, each with its line."""

    def __init__(self, path: Path, errors: list[str]) -> None:
        self.path = path
        self.errors = list(errors)
        super().__init__(f"{path}: {len(self.errors)} error(s):\n" + "\n".join(f"  {e}" for e in self.errors))


@dataclass(frozen=True)
class FileHoliday:
    """One holiday of a year's notice: its days off and the weekend days worked for it."""

    name: str
    first: date
    last: date
    makeup_workdays: tuple[date, ...]

    def days_off(self) -> list[date]:
        """Every day from the first to the last day off, both included."""
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class FileYear:
    """One year's section of the holidays file (the State Council's notice for that year)."""

    year: int
    notice: str
    holidays: tuple[FileHoliday, ...]
    line: int = field(default=0, compare=False)  # of the year's key, for errors found later


class _Reader:
    """Walk the YAML nodes of one file, collecting (line, message) errors."""

    def __init__(self) -> None:
        self.errors: list[tuple[int, str]] = []
        self.seen: dict[date, int] = {}  # every listed date -> its line, to refuse repeats

    def error(self, node: yaml.Node, where: str, message: str) -> None:
        line = node.start_mark.line + 1
        self.errors.append((line, f"line {line}: {where}: {message}"))

    def mapping(self, node: yaml.Node, where: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, where, f"expected a mapping with {', '.join(allowed)}")
            return None
        out: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            if name not in allowed:
                self.error(key, where, f'unknown field "{name}" (expected {", ".join(allowed)})')
            elif name in out:
                self.error(key, where, f'field "{name}" appears twice')
            else:
                out[name] = value
        return out

    def text(self, node: yaml.Node, where: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or _is_null(node) or not node.value.strip():
            self.error(node, where, "expected text")
            return None
        return node.value.strip()

    def day(self, node: yaml.Node, where: str, year: int, worked: bool = False) -> date | None:
        raw = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
        try:
            day = date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
        except ValueError:
            day = None
        if day is None:
            self.error(node, where, f"{raw or 'this'} is not a date; write YYYY-MM-DD, e.g. {year}-01-01")
        elif not date(year - 1, 12, 1) <= day <= date(year, 12, 31):
            self.error(node, where, f"{day} is not in {year} (a year's section holds that year's dates, "
                                    "and may start in the December before)")
        elif worked and day.weekday() < 5:
            self.error(node, where, f"{day} is a {_WEEKDAYS[day.weekday()]}; make-up working days fall "
                                    "on a Saturday or Sunday")
        else:
            return day
        return None

    def claim(self, node: yaml.Node, where: str, day: date) -> bool:
        """Record that ``day`` is listed at ``node``; refuse a day listed before."""
        if day in self.seen:
            self.error(node, where, f"{day} is already listed on line {self.seen[day]}")
            return False
        self.seen[day] = node.start_mark.line + 1
        return True

    def span(self, fields: dict[str, yaml.Node], where: str, first: date, last: date) -> bool:
        """Check and claim the days off from ``first`` to ``last``."""
        to = fields.get("to", fields["from"])
        if last < first:
            self.error(to, f"{where}.to", f"{last} is before from ({first})")
            return False
        if (last - first).days >= _MAX_HOLIDAY_DAYS:
            self.error(to, f"{where}.to", f"{first} to {last} is {(last - first).days + 1} days; check the dates")
            return False
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        # Blame the line of "from" for the first day, of "to" for the rest.
        return all([self.claim(fields["from"] if d == first else to, f"{where}.{'from' if d == first else 'to'}", d)
                    for d in days])

    def holiday(self, node: yaml.Node, where: str, year: int) -> FileHoliday | None:
        fields = self.mapping(node, where, _FIELDS)
        if fields is None:
            return None
        for required in ("name", "from"):
            if required not in fields:
                self.error(node, where, f'missing field "{required}"')
        name = self.text(fields["name"], f"{where}.name") if "name" in fields else None
        first = self.day(fields["from"], f"{where}.from", year) if "from" in fields else None
        last = first
        if "to" in fields and not _is_null(fields["to"]):
            last = self.day(fields["to"], f"{where}.to", year)
        spans = first is not None and last is not None and self.span(fields, where, first, last)
        makeup: list[date | None] = []
        days = fields.get("makeup_workdays")
        if days is not None and not _is_null(days):
            if isinstance(days, yaml.SequenceNode):
                for i, item in enumerate(days.value):
                    day = self.day(item, f"{where}.makeup_workdays[{i}]", year, worked=True)
                    ok = day is not None and self.claim(item, f"{where}.makeup_workdays[{i}]", day)
                    makeup.append(day if ok else None)
            else:
                self.error(days, f"{where}.makeup_workdays", f"expected a list of dates, e.g. [{year}-02-06]")
                makeup = [None]
        if not (name and spans and first and last) or None in makeup:
            return None
        return FileHoliday(name, first, last, tuple(d for d in makeup if d is not None))

    def year(self, key: yaml.Node, node: yaml.Node, year: int) -> FileYear | None:
        where = str(year)
        fields = self.mapping(node, where, ("notice", "holidays"))
        if fields is None:
            return None
        notice = ""
        if "notice" in fields and not _is_null(fields["notice"]):
            notice = self.text(fields["notice"], f"{where}.notice") or ""
        items = fields.get("holidays")
        if not isinstance(items, yaml.SequenceNode) or not items.value:
            self.error(node if items is None else items, f"{where}.holidays",
                       "expected the list of the year's holidays")
            return None
        holidays = [self.holiday(item, f"{where}.holidays[{i}]", year) for i, item in enumerate(items.value)]
        if None in holidays:
            return None
        # New Year's Day is a statutory holiday every year; its absence means a half-copied notice.
        if not any(date(year, 1, 1) in h.days_off() for h in holidays):  # type: ignore[union-attr]
            self.error(items, f"{where}.holidays", f"{year}-01-01 (New Year's Day) is not listed; "
                                                  "copy every holiday of the year's notice")
            return None
        return FileYear(year, notice, tuple(holidays), key.start_mark.line + 1)  # type: ignore[arg-type]


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise HolidaysFileError(path, [f"cannot read the file: {exc.strerror or exc}"]) from exc
    if len(raw) > _MAX_FILE_BYTES:
        raise HolidaysFileError(path, [f"the file is {len(raw):,} bytes; a holidays file is a few KB"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows editors in China still save "ANSI" text as GBK; GB18030 is its superset.
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise HolidaysFileError(path, ["the file is neither UTF-8 nor GB18030 text"]) from exc


def _compose(path: Path) -> yaml.Node | None:
    text = _decode(path)
    if text.lstrip().startswith("{"):  # JSON: check it as JSON, then walk it as the YAML it also is
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise HolidaysFileError(path, [f"line {exc.lineno}: not valid JSON: {exc.msg}"]) from exc
        text = text.replace("\t", " ")  # in valid JSON a tab can only be whitespace; YAML refuses it
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = f"line {exc.problem_mark.line + 1}: " if exc.problem_mark else ""
        raise HolidaysFileError(path, [f"{line}not valid YAML: {exc.problem or exc.context}"]) from exc
    except yaml.YAMLError as exc:
        raise HolidaysFileError(path, [f"not valid YAML: {exc}"]) from exc


def read_holidays_file(path: Path) -> tuple[FileYear, ...]:
    """Read and check a holidays file, years in order; raise :class:`HolidaysFileError` listing every problem."""
    root = _compose(path)
    reader = _Reader()
    if not isinstance(root, yaml.MappingNode) or not root.value:
        raise HolidaysFileError(path, ["expected years at the top level, e.g. 2027:"])
    years: dict[int, FileYear | None] = {}
    for key, value in root.value:
        raw = key.value if isinstance(key, yaml.ScalarNode) else ""
        if not re.fullmatch(r"\d{4}", raw):
            reader.error(key, raw or "file", "expected a year such as 2027")
        elif int(raw) in years:
            reader.error(key, raw, f"{raw} appears twice")
        else:
            years[int(raw)] = reader.year(key, value, int(raw))
    if reader.errors:
        raise HolidaysFileError(path, [message for _line, message in sorted(reader.errors)])
    return tuple(sorted((y for y in years.values() if y is not None), key=lambda y: y.year))
