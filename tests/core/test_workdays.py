"""Working days against real announced holiday schedules (国务院办公厅 notices)."""

from datetime import date, datetime, timedelta, timezone

import pytest

from core.workdays import (
    Deadline,
    add_working_days,
    calendar_range,
    deadline,
    is_provisional,
    is_working_day,
    working_days_between,
)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- 2025 National Day + Mid-Autumn: Oct 1-8 off, Sun Sep 28 and Sat Oct 11 worked ---


@pytest.mark.parametrize("day", _days(date(2025, 10, 1), date(2025, 10, 8)))
def test_2025_national_day_holidays_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2025, 9, 28), date(2025, 10, 11)])
def test_2025_national_day_make_up_weekend_days_are_working_days(day):
    assert day.weekday() >= 5
    assert is_working_day(day)


def test_three_working_days_from_friday_counts_the_sunday_make_up_day():
    # Fri 26 -> Sun 28 (make-up) = 1, Mon 29 = 2, Tue 30 = 3; a naive count says Wed Oct 1.
    assert add_working_days(date(2025, 9, 26), 3) == date(2025, 9, 30)


def test_adding_across_the_2025_national_day_skips_the_whole_holiday():
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 26), 5) == date(2025, 10, 10)
    # Sat Oct 11 is worked, so a deadline can land on a Saturday.
    assert add_working_days(date(2025, 9, 29), 4) == date(2025, 10, 11)
    assert add_working_days(date(2025, 9, 29), 5) == date(2025, 10, 13)
    assert add_working_days(date(2025, 10, 1), 3) == date(2025, 10, 11)


def test_working_days_between_across_2025_national_day():
    # (Sep 26, Oct 12]: Sep 28, 29, 30, Oct 9, 10, 11.
    assert working_days_between(date(2025, 9, 26), date(2025, 10, 12)) == 6
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 8)) == 0


# --- 2025 Spring Festival: Jan 28 - Feb 4 off, Sun Jan 26 and Sat Feb 8 worked ---


@pytest.mark.parametrize("day", _days(date(2025, 1, 28), date(2025, 2, 4)))
def test_2025_spring_festival_holidays_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2025, 1, 26), date(2025, 2, 8)])
def test_2025_spring_festival_make_up_days_are_working_days(day):
    assert day.weekday() >= 5
    assert is_working_day(day)


def test_adding_across_2025_spring_festival():
    # Fri Jan 24 -> Sun Jan 26 (make-up) = 1, Mon 27 = 2, then Wed Feb 5 = 3.
    assert add_working_days(date(2025, 1, 24), 3) == date(2025, 2, 5)
    # Wed Feb 5, Thu 6, Fri 7, Sat 8 (make-up), Mon 10.
    assert add_working_days(date(2025, 2, 4), 5) == date(2025, 2, 10)


# --- 2026, as carried by chinesecalendar 1.11.0 ---
# Spring Festival: Feb 15-23 off, Sat Feb 14 and Sat Feb 28 worked.
# National Day: Oct 1-7 off, Sun Sep 20 and Sat Oct 10 worked; Mid-Autumn Sep 25-27 off.


@pytest.mark.parametrize("day", _days(date(2026, 2, 15), date(2026, 2, 23)))
def test_2026_spring_festival_holidays_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2026, 2, 14), date(2026, 2, 28)])
def test_2026_spring_festival_make_up_days_are_working_days(day):
    assert day.weekday() == 5
    assert is_working_day(day)


def test_adding_across_2026_spring_festival():
    # Fri Feb 13 -> Sat Feb 14 (make-up) = 1, then Tue Feb 24 = 2.
    assert add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)


@pytest.mark.parametrize(
    "day", _days(date(2026, 10, 1), date(2026, 10, 7)) + _days(date(2026, 9, 25), date(2026, 9, 27))
)
def test_2026_national_day_and_mid_autumn_holidays_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2026, 9, 20), date(2026, 10, 10)])
def test_2026_national_day_make_up_days_are_working_days(day):
    assert day.weekday() >= 5
    assert is_working_day(day)


def test_adding_across_2026_national_day():
    # Wed Sep 30 -> Thu Oct 8, Fri Oct 9, Sat Oct 10 (make-up).
    assert add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    # Thu Sep 24 -> Mon Sep 28 (Mid-Autumn Fri 25 off).
    assert add_working_days(date(2026, 9, 24), 1) == date(2026, 9, 28)


# --- ordinary weeks and the conventions ---


def test_ordinary_week():
    # Mon 2025-03-10 .. Sun 2025-03-16: no holidays, no make-up days.
    week = _days(date(2025, 3, 10), date(2025, 3, 16))
    assert [is_working_day(d) for d in week] == [True] * 5 + [False] * 2
    assert add_working_days(date(2025, 3, 12), 3) == date(2025, 3, 17)  # Wed -> Mon
    assert add_working_days(date(2025, 3, 15), 1) == date(2025, 3, 17)  # Sat -> Mon
    assert working_days_between(date(2025, 3, 10), date(2025, 3, 17)) == 5


def test_zero_rolls_forward_to_the_next_working_day():
    assert add_working_days(date(2025, 3, 12), 0) == date(2025, 3, 12)
    assert add_working_days(date(2025, 3, 15), 0) == date(2025, 3, 17)
    assert add_working_days(date(2025, 10, 1), 0) == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 28), 0) == date(2025, 9, 28)


def test_negative_n_goes_back_over_holidays():
    assert add_working_days(date(2025, 10, 9), -1) == date(2025, 9, 30)
    assert add_working_days(date(2025, 9, 30), -3) == date(2025, 9, 26)  # via Sun Sep 28
    assert add_working_days(date(2025, 3, 17), -1) == date(2025, 3, 14)


def test_between_and_add_are_inverse_and_between_is_antisymmetric():
    start = date(2025, 9, 20)
    for n in range(0, 25):
        end = add_working_days(start, n)
        if n:
            assert working_days_between(start, end) == n
        assert working_days_between(end, start) == -working_days_between(start, end)
    assert working_days_between(start, start) == 0


def test_datetimes_use_the_china_calendar_date():
    # 2025-09-30 20:00 UTC is already Oct 1 (a holiday) in Beijing.
    late_utc = datetime(2025, 9, 30, 20, 0, tzinfo=timezone.utc)
    assert not is_working_day(late_utc)
    assert is_working_day(datetime(2025, 9, 30, 20, 0))  # naive = China local time
    assert add_working_days(datetime(2025, 9, 26, 17, 30), 3) == date(2025, 9, 30)


def test_past_the_calendar_weekdays_count_and_the_result_is_provisional():
    first, last = calendar_range()
    assert first == date(2004, 1, 1) and last == date(2026, 12, 31)  # chinesecalendar 1.11.0
    # Wed 2026-12-30: Thu 31 is known (1), then Fri 2027-01-01 is only a weekday here (2),
    # Mon 4 (3): New Year's Day is not known yet, so the answer is a guess.
    assert deadline(date(2026, 12, 30), 3) == Deadline(date(2027, 1, 4), provisional=True)
    assert add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 4)  # the old API never raises now
    # Inside the calendar nothing is provisional, 国庆 included.
    assert deadline(date(2026, 9, 28), 3) == Deadline(date(2026, 10, 8), provisional=False)
    assert deadline(date(2026, 12, 28), 3).provisional is False  # ends on the 31st, still known
    assert is_working_day(date(2027, 1, 1)) and not is_working_day(date(2027, 1, 2))
    assert is_provisional(date(2027, 1, 1)) and not is_provisional(last)
    assert working_days_between(last, date(2027, 1, 8)) == 6
    # Before the first year too: weekdays, provisional.
    assert deadline(date(2003, 12, 31), 1) == Deadline(date(2004, 1, 2), provisional=True)
    assert add_working_days(date(2027, 1, 9), -1) == date(2027, 1, 8)  # backwards too, never an error
    with pytest.raises(ValueError):
        deadline(date(2027, 1, 9), -1)  # a deadline lies ahead


def test_bad_arguments():
    with pytest.raises(TypeError):
        add_working_days(date(2025, 3, 10), 1.5)
    with pytest.raises(TypeError):
        is_working_day("2025-03-10")


def test_deadline_uses_make_up_saturdays_and_is_provisional_past_the_calendar():
    # 2026-09-30 + 3 working days: the National Day week, then Saturday 10 October is a make-up day.
    assert deadline(date(2026, 9, 30), 3) == (date(2026, 10, 10), False)
    # Past the bundled calendar (2026-12-31) the deadline is counted Monday to Friday, marked.
    due = deadline(date(2026, 12, 29), 3)
    assert due.due_on == date(2027, 1, 1) and due.provisional is True
    assert deadline(date(2026, 12, 1), 2).provisional is False
