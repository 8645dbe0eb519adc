"""The operator's holidays file (SHEQU_HOLIDAYS_FILE): format, errors, merge, start-up.

The 2027 sections below are FICTIONAL (a made-up "测试假日"): nobody here knows the real 2027
schedule. Only 1 January, a statutory holiday every year, is real.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from chinese_calendar.constants import Holiday
from litestar.testing import AsyncTestClient
from prometheus_client.parser import text_string_to_metric_families

from core.observability import REGISTRY
from core.settings import Settings, SettingsError, load_settings
from core.workdays import (
    HolidaysFileError,
    Deadline,
    add_working_days,
    build_calendar,
    calendar_range,
    disagreements,
    is_working_day,
    load_calendar,
    package_calendar,
    read_holidays_file,
    warn_if_ending,
    working_days_between,
)

EXAMPLE = Path(__file__).parents[2] / "docs" / "holidays.example.yaml"

FICTIONAL_2027 = """\
2027:
  notice: fictional test data, not the 2027 schedule
  holidays:
    - name: 元旦
      from: 2027-01-01
    - name: 测试假日
      from: 2027-03-10
      to: 2027-03-12
      makeup_workdays: [2027-03-06]
"""


@pytest.fixture(autouse=True)
def package_only_afterwards():
    """Each test may install a file's calendar; put the package's back for the next test."""
    yield
    load_calendar(None)


def write(tmp_path: Path, text: str, name: str = "holidays.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(tmp_path: Path, text: str, name: str = "holidays.yaml") -> list[str]:
    with pytest.raises(HolidaysFileError) as caught:
        build_calendar(write(tmp_path, text, name))
    return caught.value.errors


# --- the shipped example ---


def test_the_example_file_is_the_packages_2026():
    package = package_calendar()
    (section,) = read_holidays_file(EXAMPLE)
    assert section.year == 2026
    off = {d: h.name for h in section.holidays for d in h.days_off()}
    worked = {d: h.name for h in section.holidays for d in h.makeup_workdays}
    assert off == {d: Holiday(n).chinese for d, n in package.holidays.items() if d.year == 2026}
    assert worked == {d: Holiday(n).chinese for d, n in package.workdays.items() if d.year == 2026}
    cal = build_calendar(EXAMPLE)
    assert (cal.first, cal.last) == (package.first, package.last)
    assert disagreements(cal) == []


# --- a year beyond the package ---


def test_a_file_year_extends_the_calendar_and_is_used(tmp_path):
    package_last = package_calendar().last
    load_calendar(write(tmp_path, FICTIONAL_2027))
    assert calendar_range() == (date(2004, 1, 1), date(2027, 12, 31))
    assert package_last == date(2026, 12, 31)  # the fixture year must lie beyond the package
    assert not is_working_day(date(2027, 1, 1))  # a Friday, listed as a holiday
    assert is_working_day(date(2027, 1, 4))  # an ordinary Monday: weekday rule inside a covered year
    assert not is_working_day(date(2027, 1, 2))  # an ordinary Saturday
    assert is_working_day(date(2027, 3, 6))  # a Saturday worked for the (fictional) holiday
    assert [is_working_day(date(2027, 3, d)) for d in (10, 11, 12)] == [False] * 3
    # The reason for the file: deadlines set in December 2026 run into 2027.
    # Wed 2026-12-30 -> Thu 31 = 1, (Fri Jan 1 off, weekend) Mon Jan 4 = 2, Tue Jan 5 = 3.
    assert add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 5)
    assert working_days_between(date(2026, 12, 30), date(2027, 1, 5)) == 3
    # Fri Mar 5 -> Sat 6 (make-up) = 1, Mon 8 = 2, Tue 9 = 3, then Mon 15 = 4.
    assert add_working_days(date(2027, 3, 5), 4) == date(2027, 3, 15)


def test_outside_the_file_years_weekdays_count_provisionally(tmp_path):
    from core.workdays import deadline

    load_calendar(write(tmp_path, FICTIONAL_2027))
    assert is_working_day(date(2028, 1, 3))  # a Monday of a year nobody knows yet
    assert deadline(date(2027, 12, 29), 5).provisional is True
    assert deadline(date(2027, 3, 5), 4) == Deadline(date(2027, 3, 15), provisional=False)
    assert not is_working_day(date(2003, 12, 28))  # a Sunday


def test_without_a_file_the_package_range_stands():
    load_calendar(None)
    assert calendar_range() == (package_calendar().first, package_calendar().last)
    assert add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 4)  # by weekdays: provisional


def test_json_with_tabs_gives_the_same_calendar(tmp_path):
    doc = {"2027": {"holidays": [
        {"name": "元旦", "from": "2027-01-01"},
        {"name": "测试假日", "from": "2027-03-10", "to": "2027-03-12", "makeup_workdays": ["2027-03-06"]},
    ]}}
    from_json = build_calendar(write(tmp_path, json.dumps(doc, indent="\t", ensure_ascii=False), "h.json"))
    from_yaml = build_calendar(write(tmp_path, FICTIONAL_2027))
    assert from_json.holidays == from_yaml.holidays and from_json.workdays == from_yaml.workdays
    assert from_json.last == date(2027, 12, 31)


def test_a_gb18030_file_from_a_windows_editor_is_read(tmp_path):
    path = tmp_path / "holidays.yaml"
    path.write_bytes(FICTIONAL_2027.encode("gb18030"))
    assert build_calendar(path).holidays[date(2027, 3, 10)] == "测试假日"


# --- the merge with the package ---


def test_the_file_wins_over_the_package_for_its_years(tmp_path):
    # A 2026 that contradicts the package: only New Year's Day off, and May 9 not worked.
    path = write(tmp_path, "2026:\n  holidays:\n    - {name: 元旦, from: 2026-01-01}\n")
    cal = build_calendar(path)
    assert cal.is_working_day(date(2026, 10, 2))  # a Friday the package has off
    assert not cal.is_working_day(date(2026, 5, 9))  # a Saturday the package has worked
    assert cal.last == date(2026, 12, 31)
    # Years the file leaves alone keep the package's data.
    assert not cal.is_working_day(date(2025, 10, 2)) and cal.is_working_day(date(2025, 9, 28))
    differ = dict(disagreements(cal))
    assert differ[date(2026, 10, 2)] is True and differ[date(2026, 5, 9)] is False
    assert date(2026, 1, 1) not in differ and date(2025, 10, 2) not in differ
    package = package_calendar()
    expected = [d for d in (date(2026, 1, 1) + timedelta(days=i) for i in range(365))
                if cal.is_working_day(d) != package.is_working_day(d)]
    assert [d for d, _ in disagreements(cal)] == expected


def test_a_new_year_break_may_start_in_the_december_before(tmp_path):
    path = write(tmp_path, """\
2027:
  holidays:
    - name: 元旦
      from: 2026-12-31
      to: 2027-01-01
""")
    cal = build_calendar(path)
    assert not cal.is_working_day(date(2026, 12, 31))  # a Thursday: the file wins there too
    assert disagreements(cal) == [(date(2026, 12, 31), False)]


def test_a_december_date_in_the_file_overrides_the_packages_make_up_day(tmp_path):
    # The package has Saturday 2018-12-29 worked (the 2019 notice); a 2019 section that lists
    # it as a day off wins, although 2018 itself stays the package's.
    assert package_calendar().is_working_day(date(2018, 12, 29))
    path = write(tmp_path, "2019:\n  holidays:\n    - {name: 元旦, from: 2018-12-29, to: 2019-01-01}\n")
    cal = build_calendar(path)
    assert not cal.is_working_day(date(2018, 12, 29))
    assert (date(2018, 12, 29), False) in disagreements(cal)
    assert not cal.is_working_day(date(2018, 10, 1))  # the rest of 2018 is the package's


# --- errors: each names its line and field, all are reported at once ---

BAD_FILES = [
    ("2027:\n  holidays:\n    - {name: 元旦, from: 2027-01-01, to: 2027-01-32}\n",
     ["line 3: 2027.holidays[0].to: 2027-01-32 is not a date; write YYYY-MM-DD"]),
    ("2027:\n  holidays:\n    - {name: 元旦, from: 2027/01/01}\n",
     ["line 3: 2027.holidays[0].from: 2027/01/01 is not a date"]),
    ("2027:\n  holidays:\n    - {name: 元旦, from: 2027-01-03, to: 2027-01-01}\n",
     ["line 3: 2027.holidays[0].to: 2027-01-01 is before from (2027-01-03)"]),
    ("2027:\n  holidays:\n    - {name: 元旦, from: 2027-01-01, to: 2027-03-01}\n",
     ["line 3: 2027.holidays[0].to: 2027-01-01 to 2027-03-01 is 60 days; check the dates"]),
    ("2027:\n  holidays:\n    - name: 元旦\n      from: 2027-01-01\n      makeup_workdays: [2027-01-06]\n",
     ["line 5: 2027.holidays[0].makeup_workdays[0]: 2027-01-06 is a Wednesday; make-up working days fall"]),
    ("2027:\n  holidays:\n    - {name: 元旦, from: 2027-01-01, makeup_workdays: 2027-01-09}\n",
     ["line 3: 2027.holidays[0].makeup_workdays: expected a list of dates"]),
    ("2027:\n  holidays:\n    - {name: 元旦, from: 2027-01-01, to: 2027-01-03}\n"
     "    - {name: 测试, from: 2027-01-02}\n",
     ["line 4: 2027.holidays[1].from: 2027-01-02 is already listed on line 3"]),
    ("2027:\n  holidays:\n    - {name: 元旦, from: 2026-12-30, to: 2027-01-02}\n"
     "    - {name: 测试, from: 2027-01-05, makeup_workdays: [2027-01-02]}\n",
     ["line 4: 2027.holidays[1].makeup_workdays[0]: 2027-01-02 is already listed on line 3"]),
    ("2027:\n  holidays:\n    - name: 元旦\n      from: 2027-01-01\n      to: 2027-01-03\n"
     "    - name: 测试\n      from: 2026-12-31\n      to: 2027-01-02\n",
     ["line 8: 2027.holidays[1].to: 2027-01-01 is already listed on line 4",
      "line 8: 2027.holidays[1].to: 2027-01-02 is already listed on line 5"]),
    ("2027:\n  holidays:\n    - {name: 元旦, from: 2027-01-01}\n    - {name: 测试, from: 2026-05-01}\n",
     ["line 4: 2027.holidays[1].from: 2026-05-01 is not in 2027"]),
    ("2027:\n  holidays:\n    - {name: 元旦, form: 2027-01-01}\n",
     ['line 3: 2027.holidays[0]: unknown field "form"', 'line 3: 2027.holidays[0]: missing field "from"']),
    ("2027:\n  holidays:\n    - {from: 2027-01-01}\n",
     ['line 3: 2027.holidays[0]: missing field "name"']),
    ("2027:\n  holidays:\n    - {name: '', from: 2027-01-01}\n",
     ["line 3: 2027.holidays[0].name: expected text"]),
    ("2027:\n  holidays:\n    - {name: 测试, from: 2027-02-01}\n",
     ["line 3: 2027.holidays: 2027-01-01 (New Year's Day) is not listed"]),
    ("2027:\n  holidays: []\n", ["line 2: 2027.holidays: expected the list of the year's holidays"]),
    ("2027:\n  notice: x\n", ["line 2: 2027.holidays: expected the list of the year's holidays"]),
    ("2027:\n  holiday:\n    - {name: 元旦, from: 2027-01-01}\n", ['line 2: 2027: unknown field "holiday"',
      "line 2: 2027.holidays: expected the list of the year's holidays"]),
    ("2027:\n  holidays:\n    - {name: 元旦, from: 2027-01-01}\n27:\n  holidays: []\n",
     ["line 4: 27: expected a year such as 2027"]),
    ("2027:\n  holidays:\n    - {name: 元旦, from: 2027-01-01}\n2027:\n  holidays: []\n",
     ["line 4: 2027: 2027 appears twice"]),
    ("2028:\n  holidays:\n    - {name: 元旦, from: 2028-01-01}\n",
     ["line 1: 2028: 2027 is covered neither by the chinesecalendar package (2004 to 2026) nor by this file"]),
    ("2027:\n  holidays:\n    - {name: 元旦, from: 2027-01-01\n", ["line 4: not valid YAML"]),
    ('{"2027": {"holidays": [{"name": "元旦" "from": "2027-01-01"}]}}', ["line 1: not valid JSON"]),
    ("", ["expected years at the top level, e.g. 2027:"]),
    ("- 2027-01-01\n", ["expected years at the top level, e.g. 2027:"]),
]


@pytest.mark.parametrize(("text", "expected"), BAD_FILES)
def test_bad_files_are_refused_naming_line_and_field(tmp_path, text, expected):
    errors = errors_of(tmp_path, text)
    for want in expected:
        assert any(e.startswith(want) for e in errors), (want, errors)
    assert len(errors) == len(expected), errors


def test_a_one_day_holiday_may_give_to_equal_to_from(tmp_path):
    path = write(tmp_path, "2027:\n  holidays:\n    - {name: 元旦, from: 2027-01-01, to: 2027-01-01}\n")
    (section,) = read_holidays_file(path)
    assert section.holidays[0].days_off() == [date(2027, 1, 1)]


def test_every_problem_is_reported_at_once_in_line_order(tmp_path):
    errors = errors_of(tmp_path, """\
2027:
  holidays:
    - name: 元旦
      from: 2027-01-01
      makeup_workdays: [2027-01-05]
    - name: 测试假日
      from: 2027-02-30
  extra: 1
""")
    assert [e.split(":")[0] for e in errors] == ["line 5", "line 7", "line 8"]


def test_an_unreadable_file_is_an_error(tmp_path):
    with pytest.raises(HolidaysFileError, match="cannot read the file"):
        build_calendar(tmp_path / "missing.yaml")


# --- start-up: settings, the app, /health/ready, /metrics, the log ---


def test_settings_load_the_file_named_in_the_environment(tmp_path, monkeypatch):
    path = write(tmp_path, FICTIONAL_2027)
    monkeypatch.setenv("SHEQU_HOLIDAYS_FILE", str(path))
    settings = load_settings()
    assert settings.holidays_file == path.resolve()
    assert calendar_range()[1] == date(2027, 12, 31)


def test_a_bad_file_stops_the_settings_check_naming_the_line(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEQU_HOLIDAYS_FILE", str(write(tmp_path, "2027:\n  holidays:\n    - {name: 元旦}\n")))
    with pytest.raises(SettingsError, match=r'(?s)SHEQU_HOLIDAYS_FILE .*line 3: 2027.holidays\[0\]: missing field "from"'):
        load_settings()


def test_a_bad_file_stops_the_app(tmp_path):
    from core.app import create_app

    bad = write(tmp_path, "2028:\n  holidays: [{name: 元旦, from: 2028-01-01}]\n")
    with pytest.raises(SettingsError, match="line 1: 2028: 2027 is covered neither"):
        create_app(Settings(env="test", data_dir=tmp_path, holidays_file=bad))


async def test_ready_stays_green_and_metrics_show_the_calendar_end(settings, tmp_path):
    from core.app import create_app

    app = create_app(replace(settings, holidays_file=write(tmp_path, FICTIONAL_2027)))
    async with AsyncTestClient(app=app) as client:
        ready = await client.get("/health/ready")
        assert ready.status_code == 200, ready.text
        metrics = (await client.get("/metrics")).text
    end = datetime.fromisoformat("2028-01-01T00:00:00+08:00").timestamp()
    samples = {s.name: s.value for f in text_string_to_metric_families(metrics) for s in f.samples}
    assert samples["shequ_holiday_calendar_end_timestamp_seconds"] == end
    load_calendar(None)
    package_end = datetime.fromisoformat("2027-01-01T00:00:00+08:00").timestamp()
    assert REGISTRY.get_sample_value("shequ_holiday_calendar_end_timestamp_seconds") == package_end


def test_the_log_warns_once_a_day_when_the_end_is_near(capsys):
    from core.observability import configure_logging

    configure_logging(json_logs=True)
    cal = load_calendar(None)
    capsys.readouterr()
    assert not warn_if_ending(cal, cal.last - timedelta(days=61))
    assert warn_if_ending(cal, cal.last - timedelta(days=60))
    assert not warn_if_ending(cal, cal.last - timedelta(days=60))  # once a day
    assert warn_if_ending(cal, cal.last - timedelta(days=59))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(x["event"], x["level"], x["days_left"]) for x in lines] == [
        ("holiday_calendar_ends_soon", "warning", 60), ("holiday_calendar_ends_soon", "warning", 59)]
    assert lines[0]["last_day"] == cal.last.isoformat()
