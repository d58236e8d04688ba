"""Jalali calendar periods — day, week (Saturday to Friday), month, year — as timeline buckets.

A period is named in Persian («مهر ۱۴۰۲», «۱۴۰۲», «۱۲ مهر ۱۴۰۲», «هفته ۸ مهر ۱۴۰۲») and
spans Gregorian dates [start, end) — the form the index stores — so counting is a binary
search of publication seconds against period starts at midnight in Tehran.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import jdatetime

GRANULARITIES = ("day", "week", "month", "year")
TEHRAN = ZoneInfo("Asia/Tehran")
_MONTHS = tuple(jdatetime.date.j_months_fa)  # فروردین … اسفند
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# The span of the matches that still reads well at each granularity (about 60 bars at most).
_DAYS_SHOWN_BY_DAY = 62
_DAYS_SHOWN_BY_WEEK = 7 * 40
_DAYS_SHOWN_BY_MONTH = 366 * 5


@dataclass(frozen=True, slots=True)
class Period:
    """A Jalali period: its Persian label, first Gregorian day and the day after its last."""

    label: str
    start: date
    end: date  # exclusive

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def start_year(self) -> int:
        """The Jalali year the period starts in."""
        return jdatetime.date.fromgregorian(date=self.start).year


def persian_digits(number: int | str) -> str:
    return str(number).translate(_PERSIAN_DIGITS)


def choose_granularity(first: date, last: date) -> str:
    """The granularity that draws the span ``first``..``last`` in a readable number of bars."""
    days = (last - first).days + 1
    if days <= _DAYS_SHOWN_BY_DAY:
        return "day"
    if days <= _DAYS_SHOWN_BY_WEEK:
        return "week"
    if days <= _DAYS_SHOWN_BY_MONTH:
        return "month"
    return "year"


def _start_of(day: date, by: str) -> jdatetime.date:
    j = jdatetime.date.fromgregorian(date=day)
    if by == "day":
        return j
    if by == "week":  # the Persian week starts on Saturday (jdatetime: weekday() 0 = شنبه)
        return j - jdatetime.timedelta(days=j.weekday())
    if by == "month":
        return jdatetime.date(j.year, j.month, 1)
    return jdatetime.date(j.year, 1, 1)


def _next(start: jdatetime.date, by: str) -> jdatetime.date:
    if by == "day":
        return start + jdatetime.timedelta(days=1)
    if by == "week":
        return start + jdatetime.timedelta(days=7)
    if by == "month":
        return jdatetime.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return jdatetime.date(start.year + 1, 1, 1)


def _label(start: jdatetime.date, by: str) -> str:
    year = persian_digits(start.year)
    if by == "year":
        return year
    month = _MONTHS[start.month - 1]
    if by == "month":
        return f"{month} {year}"
    day = f"{persian_digits(start.day)} {month} {year}"
    return day if by == "day" else f"هفته {day}"


def period_of(day: date, by: str) -> Period:
    """The period of granularity ``by`` that holds Gregorian ``day``."""
    start = _start_of(day, by)
    return Period(_label(start, by), start.togregorian(), _next(start, by).togregorian())


def periods_between(first: date, last: date, by: str) -> list[Period]:
    """Consecutive periods from the one holding ``first`` to the one holding ``last``."""
    if by not in GRANULARITIES:
        from searcher.errors import UsageError

        raise UsageError(f"unknown period {by!r}", hint="use --by day, week, month or year")
    periods = []
    start = _start_of(first, by)
    while start.togregorian() <= last:
        following = _next(start, by)
        periods.append(Period(_label(start, by), start.togregorian(), following.togregorian()))
        start = following
    return periods


def midnight_seconds(day: date) -> int:
    """Seconds since 1970 UTC of the start of ``day`` in Tehran."""
    return int(datetime(day.year, day.month, day.day, tzinfo=TEHRAN).timestamp())


def tehran_day(seconds: int) -> date:
    """The Tehran calendar day of a moment given in seconds since 1970 UTC."""
    return datetime.fromtimestamp(seconds, TEHRAN).date()
