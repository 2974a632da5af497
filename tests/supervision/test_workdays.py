"""Chinese working-day calendar (工作日) used for every deadline on the platform.

Deadlines cited below are from seeds/004 (浦东新区“六个双”政府综合监管实施办法):
§11 “一反馈” — acknowledge a pushed registration within 1 working day;
§12 “二反馈” — feed back permit information within 7 working days;
§15 “一跟踪” — track the entity within 2 months of receipt.

Holiday arrangements: 国务院办公厅关于2025年/2026年部分节假日安排的通知.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from supervision.workdays import (
    Deadline,
    WorkCalendar,
    add_months,
    add_working_days,
    default_calendar,
    is_working_day,
    next_working_day,
    working_days_between,
)


def _days(first: date, last: date):
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


def _weekend_working_days(year: int, calendar: WorkCalendar | None = None) -> list[date]:
    cal = calendar or default_calendar()
    return [
        d
        for d in _days(date(year, 1, 1), date(year, 12, 31))
        if d.weekday() >= 5 and cal.is_working_day(d)
    ]


# --- 2025 National Day + Mid-Autumn (Oct 1–8 off; Sep 28 Sun, Oct 11 Sat worked) ---


def test_ack_of_push_on_2025_09_30_is_due_2025_10_09_seeds004_s11():
    """§11: 1 working day to acknowledge; the whole Oct 1–8 break is skipped."""
    assert add_working_days(date(2025, 9, 30), 1) == Deadline(date(2025, 10, 9), False)


@pytest.mark.parametrize("d", [date(2025, 9, 28), date(2025, 10, 11)])
def test_2025_adjusted_weekend_days_are_working_days(d):
    assert d.weekday() >= 5  # Sunday / Saturday
    assert is_working_day(d)


@pytest.mark.parametrize("d", list(_days(date(2025, 10, 1), date(2025, 10, 8))))
def test_2025_national_day_break_is_off(d):
    assert not is_working_day(d)


def test_2025_adjusted_working_weekends_are_exactly_the_published_ones():
    assert _weekend_working_days(2025) == [
        date(2025, 1, 26),
        date(2025, 2, 8),
        date(2025, 4, 27),
        date(2025, 9, 28),
        date(2025, 10, 11),
    ]


# --- 2026 (published November 2025) ---


def test_2026_adjusted_working_weekends_are_exactly_the_published_ones():
    """元旦 Jan 4 (Sun); 春节 Feb 14, Feb 28 (Sat); 劳动节 May 9 (Sat); 国庆 Sep 20 (Sun), Oct 10 (Sat)."""
    assert _weekend_working_days(2026) == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]


def test_2026_national_day_week():
    cal = default_calendar()
    assert [d for d in _days(date(2026, 9, 30), date(2026, 10, 12)) if not cal.is_working_day(d)] == [
        date(2026, 10, d) for d in (1, 2, 3, 4, 5, 6, 7, 11)
    ]
    assert cal.is_working_day(date(2026, 9, 20))  # Sunday, worked
    assert cal.is_working_day(date(2026, 10, 10))  # Saturday, worked


def test_ack_across_2026_national_day_seeds004_s11():
    assert add_working_days(date(2026, 9, 30), 1) == Deadline(date(2026, 10, 8), False)


def test_permit_feedback_7_working_days_after_2026_09_28_seeds004_s12():
    """Sep 29, Sep 30, Oct 8, Oct 9, Oct 10 (Sat, worked), Oct 12, Oct 13."""
    assert add_working_days(date(2026, 9, 28), 7) == Deadline(date(2026, 10, 13), False)


def test_2026_spring_festival_break():
    """2026 春节: Feb 15–23 off, Feb 14 (Sat) worked; a push on Feb 13 is acknowledged Feb 14."""
    assert add_working_days(date(2026, 2, 13), 1).due == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 14), 1).due == date(2026, 2, 24)


# --- Years whose arrangement is not published ---


def test_deadline_running_into_unpublished_2027_is_provisional():
    result = add_working_days(date(2026, 12, 28), 10)
    assert result.due.year == 2027 and result.due.month == 1
    # Dec 29–31 (3), Jan 1 holiday, Jan 4–8 (8), Jan 11, Jan 12.
    assert result.due == date(2027, 1, 12)
    assert result.provisional is True


def test_deadline_within_2026_is_not_provisional():
    assert add_working_days(date(2026, 12, 1), 10) == Deadline(date(2026, 12, 15), False)


def test_published_years():
    cal = default_calendar()
    assert cal.is_published(2025)
    assert cal.is_published(2026)
    assert not cal.is_published(2027)


def test_statutory_holidays_still_apply_in_unpublished_2027():
    assert not is_working_day(date(2027, 10, 1))  # 国庆节, a Friday
    assert not is_working_day(date(2027, 1, 1))  # 元旦, a Friday


def test_no_adjusted_working_weekend_is_invented_for_unpublished_2027():
    assert _weekend_working_days(2027) == []


def test_provisional_depends_only_on_the_days_counted():
    # counting back from New Year's Day 2027 only looks at 2026
    assert add_working_days(date(2027, 1, 1), -1) == Deadline(date(2026, 12, 31), False)
    # the start day is not counted, so an unpublished start year does not matter
    cal = WorkCalendar(published_years={2028})
    assert cal.add_working_days(date(2027, 12, 31), 1) == Deadline(date(2028, 1, 4), False)
    # rolling forward from an unpublished day does look at it
    assert add_working_days(date(2027, 1, 1), 0) == Deadline(date(2027, 1, 4), True)


def test_provisional_between():
    cal = default_calendar()
    assert not cal.is_provisional_between(date(2025, 1, 1), date(2026, 12, 31))
    assert cal.is_provisional_between(date(2026, 12, 31), date(2027, 1, 1))
    assert cal.is_provisional_between(date(2027, 1, 1), date(2026, 12, 31))


# --- Administrator overrides ---


def test_override_makes_2027_02_06_saturday_a_working_day():
    assert not is_working_day(date(2027, 2, 6))
    cal = WorkCalendar(overrides={date(2027, 2, 6): True})
    assert cal.is_working_day(date(2027, 2, 6))
    assert add_working_days(date(2027, 2, 4), 1, cal).due == date(2027, 2, 6)
    # the shared default calendar is not affected
    assert add_working_days(date(2027, 2, 4), 1).due == date(2027, 2, 11)


def test_override_can_declare_a_day_off():
    cal = WorkCalendar(overrides={date(2027, 2, 11): False})
    assert not cal.is_working_day(date(2027, 2, 11))
    assert cal.add_working_days(date(2027, 2, 4), 1).due == date(2027, 2, 12)


def test_override_can_cancel_a_package_holiday():
    cal = WorkCalendar(overrides={date(2025, 10, 8): True})
    assert cal.add_working_days(date(2025, 9, 30), 1).due == date(2025, 10, 8)


def test_published_years_makes_2027_deadlines_final():
    cal = WorkCalendar(published_years={2027})
    assert cal.is_published(2027)
    assert cal.add_working_days(date(2026, 12, 28), 10) == Deadline(date(2027, 1, 12), False)
    assert cal.add_working_days(date(2027, 3, 1), 5).provisional is False
    assert default_calendar().add_working_days(date(2027, 3, 1), 5).provisional is True


def test_overrides_alone_do_not_publish_a_year():
    cal = WorkCalendar(overrides={date(2027, 2, 6): True})
    assert cal.add_working_days(date(2027, 2, 4), 1) == Deadline(date(2027, 2, 6), True)


# --- Arithmetic properties ---


def test_working_days_between_inverts_add_working_days_2025_2026():
    cal = default_calendar()
    for start in _days(date(2025, 1, 1), date(2026, 12, 31)):
        for n in range(1, 31):
            due = cal.add_working_days(start, n).due
            assert cal.is_working_day(due), (start, n)
            assert cal.working_days_between(start, due) == n, (start, n)
            # nothing earlier would do: one day before due is still n - 1 away
            assert cal.working_days_between(start, due - timedelta(days=1)) == n - 1, (start, n)


def test_working_days_between_matches_day_by_day_count():
    cal = default_calendar()
    a = date(2024, 12, 20)
    count = 0
    for b in _days(a + timedelta(days=1), date(2027, 1, 10)):
        count += cal.is_working_day(b)
        assert cal.working_days_between(a, b) == count, b


def test_2025_has_the_published_number_of_working_days():
    """365 days − 104 weekend days − 18 days off on weekdays + 5 worked weekend days."""
    assert working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 248


def test_backwards_counting():
    assert add_working_days(date(2025, 10, 9), -1) == Deadline(date(2025, 9, 30), False)
    assert add_working_days(date(2025, 10, 13), -1).due == date(2025, 10, 11)  # worked Saturday
    assert add_working_days(date(2025, 10, 5), -1).due == date(2025, 9, 30)


def test_backwards_inverts_from_working_days():
    cal = default_calendar()
    for start in _days(date(2025, 9, 1), date(2026, 3, 31)):
        if not cal.is_working_day(start):
            continue
        for n in range(1, 31):
            due = cal.add_working_days(start, -n).due
            assert cal.is_working_day(due), (start, n)
            assert cal.working_days_between(start, due) == -n, (start, n)
            assert cal.add_working_days(due, n).due == start, (start, n)


def test_zero_working_days_rolls_forward_to_a_working_day():
    assert add_working_days(date(2025, 9, 30), 0).due == date(2025, 9, 30)
    assert add_working_days(date(2025, 10, 1), 0).due == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 28), 0).due == date(2025, 9, 28)  # worked Sunday


def test_working_days_between_zero_and_negative():
    assert working_days_between(date(2025, 10, 1), date(2025, 10, 1)) == 0
    assert working_days_between(date(2025, 10, 1), date(2025, 10, 8)) == 0
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert working_days_between(date(2025, 10, 9), date(2025, 9, 30)) == -1
    # (Sep 26, Oct 9] holds Sep 28 (worked Sunday), Sep 29, Sep 30 and Oct 9
    assert working_days_between(date(2025, 10, 9), date(2025, 9, 26)) == -4


def test_next_working_day():
    assert next_working_day(date(2025, 10, 1)) == date(2025, 10, 9)
    assert next_working_day(date(2025, 10, 11)) == date(2025, 10, 11)
    assert next_working_day(date(2026, 12, 31)) == date(2026, 12, 31)
    assert next_working_day(date(2027, 1, 1)) == date(2027, 1, 4)


def test_half_day_holidays_do_not_stop_the_clock():
    """妇女节, 儿童节, 建军节 are half-day holidays for some groups only; offices stay open."""
    assert is_working_day(date(2025, 8, 1))  # 建军节, Friday
    assert is_working_day(date(2026, 6, 1))  # 儿童节, Monday
    assert is_working_day(date(2027, 3, 8))  # 妇女节, Monday


def test_swap_day_declared_in_the_following_years_arrangement():
    """The 2002 New Year arrangement made Sat/Sun 2001-12-29/30 working days."""
    assert is_working_day(date(2001, 12, 29))
    assert is_working_day(date(2001, 12, 30))
    assert not is_working_day(date(2002, 1, 2))


def test_datetime_is_taken_as_its_date():
    assert not is_working_day(datetime(2025, 10, 8, 9, 30))
    assert add_working_days(datetime(2025, 9, 30, 17, 45), 1).due == date(2025, 10, 9)


def test_non_integer_count_is_rejected():
    with pytest.raises(TypeError):
        add_working_days(date(2025, 9, 30), 1.5)


# --- Years outside the package's knowledge ---


def test_year_1900_falls_back_to_weekends():
    result = add_working_days(date(1900, 1, 1), 5)  # a Monday
    assert result == Deadline(date(1900, 1, 8), True)
    assert not is_working_day(date(1900, 1, 6))


def test_year_2100_does_not_raise():
    result = add_working_days(date(2100, 9, 28), 5)
    assert result.provisional is True
    assert result.due > date(2100, 10, 1)
    assert not is_working_day(date(2100, 10, 1))


def test_long_span_across_unknown_years_does_not_raise():
    days = working_days_between(date(1899, 1, 1), date(2101, 1, 1))
    # roughly five working days a week over 202 years
    assert 200 * 240 < days < 203 * 262
    assert working_days_between(date(2101, 1, 1), date(1899, 1, 1)) == -days


# --- Calendar months ---


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
        (date(2025, 8, 31), 2, date(2025, 10, 31)),
        (date(2025, 5, 20), 0, date(2025, 5, 20)),
        (date(2025, 1, 15), -13, date(2023, 12, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_tracking_deadline_two_months_after_receipt_seeds004_s15():
    """§15: 收到登记注册信息后 2 个月内 — received 2025-12-31, due by 2026-02-28."""
    assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)
