"""Jalali periods: labels, edges (months of 29, 30 and 31 days, a leap Esfand), granularity."""

from __future__ import annotations

from datetime import date

import pytest

from searcher.errors import UsageError
from searcher.rank.periods import (
    choose_granularity,
    midnight_seconds,
    period_of,
    periods_between,
    tehran_day,
)

# (Gregorian day, granularity, label, first day, day after the last, why)
PERIODS = [
    (date(2023, 10, 4), "month", "مهر ۱۴۰۲", date(2023, 9, 23), date(2023, 10, 23), "30-day month"),
    (date(2023, 9, 22), "month", "شهریور ۱۴۰۲", date(2023, 8, 23), date(2023, 9, 23),
     "31-day month, its last day"),
    (date(2024, 3, 19), "month", "اسفند ۱۴۰۲", date(2024, 2, 20), date(2024, 3, 20),
     "Esfand of a common year: 29 days"),
    (date(2025, 3, 20), "month", "اسفند ۱۴۰۳", date(2025, 2, 19), date(2025, 3, 21),
     "Esfand 30 of the leap year 1403"),
    (date(2025, 3, 21), "month", "فروردین ۱۴۰۴", date(2025, 3, 21), date(2025, 4, 21), "Nowruz"),
    (date(2025, 3, 20), "year", "۱۴۰۳", date(2024, 3, 20), date(2025, 3, 21),
     "a leap year has 366 days"),
    (date(2024, 3, 19), "year", "۱۴۰۲", date(2023, 3, 21), date(2024, 3, 20), "365 days"),
    (date(2023, 10, 4), "day", "۱۲ مهر ۱۴۰۲", date(2023, 10, 4), date(2023, 10, 5), "one day"),
    (date(2023, 10, 4), "week", "هفته ۸ مهر ۱۴۰۲", date(2023, 9, 30), date(2023, 10, 7),
     "weeks start on Saturday (Mehr 8)"),
    (date(2025, 3, 21), "week", "هفته ۲۵ اسفند ۱۴۰۳", date(2025, 3, 15), date(2025, 3, 22),
     "a week across Nowruz is named by its Saturday"),
]


@pytest.mark.parametrize(("day", "by", "label", "start", "end", "why"), PERIODS,
                         ids=[row[-1] for row in PERIODS])
def test_period_of_a_day(day: date, by: str, label: str, start: date, end: date,
                         why: str) -> None:
    period = period_of(day, by)
    assert (period.label, period.start, period.end) == (label, start, end), why


def test_consecutive_periods_leave_no_gap_across_a_leap_year_end() -> None:
    months = periods_between(date(2025, 1, 1), date(2025, 5, 1), "month")
    assert [m.label for m in months] == ["دی ۱۴۰۳", "بهمن ۱۴۰۳", "اسفند ۱۴۰۳",
                                         "فروردین ۱۴۰۴", "اردیبهشت ۱۴۰۴"]
    assert all(a.end == b.start for a, b in zip(months, months[1:], strict=False))


@pytest.mark.parametrize(("first", "last", "by"), [
    (date(2024, 1, 1), date(2024, 1, 20), "day"),
    (date(2024, 1, 1), date(2024, 6, 1), "week"),
    (date(2022, 1, 1), date(2024, 6, 1), "month"),
    (date(2010, 1, 1), date(2024, 6, 1), "year"),
])
def test_granularity_follows_the_span(first: date, last: date, by: str) -> None:
    assert choose_granularity(first, last) == by


def test_periods_start_at_midnight_in_tehran() -> None:
    midnight = midnight_seconds(date(2025, 3, 21))  # Nowruz 1404, 00:00 in Tehran (UTC+3:30)
    assert tehran_day(midnight) == date(2025, 3, 21)
    assert tehran_day(midnight - 1) == date(2025, 3, 20)


def test_an_unknown_granularity_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="hour"):
        periods_between(date(2024, 1, 1), date(2024, 2, 1), "hour")
