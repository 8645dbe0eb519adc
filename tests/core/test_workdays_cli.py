"""``shequ workdays check``, run as a subprocess (it needs no database).

The 2027 section is FICTIONAL test data, not the 2027 schedule (see test_holidays_file.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.workdays import package_calendar

SHEQU = str(Path(sys.executable).with_name("shequ"))
EXAMPLE = Path(__file__).parents[2] / "docs" / "holidays.example.yaml"
FICTIONAL_2027 = """\
2027:
  notice: fictional test data
  holidays:
    - name: 元旦
      from: 2027-01-01
    - name: 测试假日
      from: 2027-03-10
      to: 2027-03-12
      makeup_workdays: [2027-03-06]
"""


def run(tmp_path: Path, *args: str, holidays_file: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SHEQU_ENV": "test", "SHEQU_DATA_DIR": str(tmp_path)}
    env.pop("SHEQU_HOLIDAYS_FILE", None)
    if holidays_file is not None:
        env["SHEQU_HOLIDAYS_FILE"] = str(holidays_file)
    return subprocess.run([SHEQU, "workdays", "check", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_without_a_file_it_prints_the_packages_range(tmp_path):
    package = package_calendar()
    r = run(tmp_path, "--as-of", "2026-06-01")
    assert r.returncode == 0, r.stderr
    assert f"holiday calendar: {package.first} to {package.last}" in r.stdout
    assert "SHEQU_HOLIDAYS_FILE is not set" in r.stdout
    assert r.stderr == ""


def test_it_warns_within_60_days_of_the_end(tmp_path):
    r = run(tmp_path, "--as-of", "2026-11-22")
    assert r.returncode == 0
    assert "warning: the holiday calendar ends on 2026-12-31, in 39 day(s)" in r.stderr
    assert "Add 2027 to the holidays file" in r.stderr
    assert "in 60 day(s)" in run(tmp_path, "--as-of", "2026-11-01").stderr
    assert run(tmp_path, "--as-of", "2026-10-31").stderr == ""  # 61 days before the end
    r = run(tmp_path, "--as-of", "2027-01-02")
    assert "warning: the holiday calendar ended on 2026-12-31" in r.stderr


def test_the_file_in_the_environment_extends_the_range_and_lists_its_holidays(tmp_path):
    path = tmp_path / "holidays.yaml"
    path.write_text(FICTIONAL_2027, encoding="utf-8")
    r = run(tmp_path, "--as-of", "2026-11-22", holidays_file=path)
    assert r.returncode == 0, r.stderr
    assert "holiday calendar: 2004-01-01 to 2027-12-31" in r.stdout
    assert f"holidays file {path}: 2027" in r.stdout
    assert "2027: fictional test data" in r.stdout
    assert "  测试假日: 2027-03-10 to 2027-03-12, 3 day(s) off; make-up working days 2027-03-06" in r.stdout
    assert r.stderr == ""  # 404 days left, and no year the package knows


def test_the_example_file_checks_clean(tmp_path):
    r = run(tmp_path, "--file", str(EXAMPLE), "--as-of", "2026-06-01")
    assert r.returncode == 0, r.stderr
    assert "国庆节: 2026-10-01 to 2026-10-07, 7 day(s) off; make-up working days 2026-09-20, 2026-10-10" in r.stdout
    assert r.stderr == ""  # in particular, no disagreement with the package


def test_disagreements_with_the_package_are_listed(tmp_path):
    path = tmp_path / "h.yaml"
    path.write_text("2026:\n  holidays:\n    - {name: 元旦, from: 2026-01-01, to: 2026-01-03}\n", encoding="utf-8")
    r = run(tmp_path, "--file", str(path), "--as-of", "2026-06-01")
    assert r.returncode == 0, r.stderr
    assert "the holidays file and the chinesecalendar package disagree on" in r.stderr
    assert "2026-10-02 Friday: a working day in the file, a day off in the package" in r.stderr
    assert "2026-05-09 Saturday: a day off in the file, a working day in the package" in r.stderr


def test_a_bad_file_is_refused_with_every_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("2027:\n  holidays:\n    - {name: 元旦, from: 2027-01-01, to: 2027-13-01}\n"
                    "    - {name: 测试, from: 2027-03-03, makeup_workdays: [2027-03-04]}\n", encoding="utf-8")
    r = run(tmp_path, "--file", str(path))
    assert r.returncode == 1
    assert f"{path}: line 3: 2027.holidays[0].to: 2027-13-01 is not a date" in r.stderr
    assert f"{path}: line 4: 2027.holidays[1].makeup_workdays[0]: 2027-03-04 is a Thursday" in r.stderr
    assert "2 error(s); shequ will not start with this file" in r.stderr
    r = run(tmp_path, holidays_file=path)  # the same file named by the setting
    assert r.returncode == 1
    assert "SHEQU_HOLIDAYS_FILE" in r.stderr and "line 3: 2027.holidays[0].to" in r.stderr
