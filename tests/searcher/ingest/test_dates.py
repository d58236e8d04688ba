"""Dates as news sites print them: Jalali and Gregorian, Persian and ASCII digits, Tehran
offsets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searcher.ingest.dates import TEHRAN, format_jalali, parse_date_bound, parse_datetime
from searcher.errors import UsageError

IRST = timedelta(hours=3, minutes=30)
IRDT = timedelta(hours=4, minutes=30)

# (text, expected local wall time, expected UTC offset, reason)
PARSED = [
    ("۰۹:۴۵ - ۱۲ مهر ۱۴۰۲", (2023, 10, 4, 9, 45), IRST, "time first, as news pages print it"),
    ("۱۲ مهر ۱۴۰۲ - ۰۹:۴۵", (2023, 10, 4, 9, 45), IRST, "date first"),
    ("چهارشنبه ۱۲ مهر ۱۴۰۲ ساعت ۰۹:۴۵", (2023, 10, 4, 9, 45), IRST, "weekday, «ساعت»: filler"),
    ("سه‌شنبه ۹ آبان ۱۴۰۲", (2023, 10, 31, 0, 0), IRST, "weekday with ZWNJ; date alone is midnight"),
    ("سه شنبه ۹ آبان ۱۴۰۲", (2023, 10, 31, 0, 0), IRST, "weekday typed with a space"),
    ("۹ ابان ۱۴۰۲", (2023, 10, 31, 0, 0), IRST, "آبان without madda"),
    ("۲۰ ارديبهشت ۱۴۰۲", (2023, 5, 10, 0, 0), IRST, "Arabic yeh in the month name"),
    ("۲۰ امرداد ۱۳۹۹", (2020, 8, 10, 0, 0), IRDT, "older name of مرداد, DST era"),
    ("تاریخ انتشار: ۱۲ آذر ۱۴۰۲ - ۱۰:۳۰", (2023, 12, 3, 10, 30), IRST, "«تاریخ انتشار:» label"),
    ("1402/07/12 09:45", (2023, 10, 4, 9, 45), IRST, "numeric Jalali with time"),
    ("1402/7/2", (2023, 9, 24, 0, 0), IRST, "single-digit month and day"),
    ("۱۴۰۲-۰۷-۱۲", (2023, 10, 4, 0, 0), IRST, "Persian digits, ISO-like Jalali"),
    ("12/07/1402", (2023, 10, 4, 0, 0), IRST, "day/month/year order"),
    ("2023-10-04T09:45:00+03:30", (2023, 10, 4, 9, 45), IRST, "ISO 8601 with offset"),
    ("2023-10-04T06:15:00Z", (2023, 10, 4, 6, 15), timedelta(0), "ISO 8601 in UTC keeps UTC"),
    ("2023-10-04 09:45", (2023, 10, 4, 9, 45), IRST, "naive ISO is Tehran time"),
    ("4 October 2023", (2023, 10, 4, 0, 0), IRST, "English day month year"),
    ("Oct 4, 2023", (2023, 10, 4, 0, 0), IRST, "English month day, year"),
    ("Wed, 04 Oct 2023 09:45:00 +0330", (2023, 10, 4, 9, 45), IRST, "RSS pubDate (RFC 2822)"),
    ("4:30 PM Oct 4, 2023", (2023, 10, 4, 16, 30), IRST, "12-hour clock"),
    ("۴ اکتبر ۲۰۲۳", (2023, 10, 4, 0, 0), IRST, "Gregorian month in Persian"),
    ("1696398900", (2023, 10, 4, 9, 25), IRST, "Unix seconds"),
    ("1696398900000", (2023, 10, 4, 9, 25), IRST, "Unix milliseconds"),
    ("۱۰ تیر ۱۳۹۸ ۱۲:۰۰", (2019, 7, 1, 12, 0), IRDT, "summer 1398: Iran still had DST, +04:30"),
    ("۱۰ تیر ۱۴۰۲ ۱۲:۰۰", (2023, 7, 1, 12, 0), IRST, "summer 1402: DST abolished, +03:30"),
    ("۱۰ دی ۱۳۹۸ ۱۲:۰۰", (2019, 12, 31, 12, 0), IRST, "winter 1398 was +03:30 too"),
    ("۳۰ اسفند ۱۴۰۳", (2025, 3, 20, 0, 0), IRST, "1403 is a leap year: Esfand has 30 days"),
]


@pytest.mark.parametrize(("text", "wall", "offset", "reason"), PARSED, ids=[r[3] for r in PARSED])
def test_parse_datetime(text: str, wall: tuple[int, ...], offset: timedelta, reason: str) -> None:
    parsed = parse_datetime(text)
    assert parsed is not None, reason
    assert parsed.replace(tzinfo=None) == datetime(*wall), reason
    assert parsed.utcoffset() == offset, reason


NOT_DATES = [
    ("در ۱۲ مهر ۱۴۰۲ ساخت نیروگاه آغاز شد", "a sentence that mentions a date is no date line"),
    ("۲", "the counter line of the news-site format"),
    ("۲۴۸۱۵۷", "a news code"),
    ("۱۴۰۲", "a year alone is no point in time"),
    ("مهر ۱۴۰۲", "a month alone is no point in time"),
    ("۱۲ مهر ۲۰۲۳", "Jalali month with a Gregorian year"),
    ("۳۰ اسفند ۱۴۰۲", "1402 is not a leap year"),
    ("1402/13/01", "no thirteenth month"),
    ("12/07/02", "two-digit years are ambiguous"),
    ("25:10 - ۱۲ مهر ۱۴۰۲", "no hour 25"),
    ("", "empty"),
    ("معاون وزیر نیرو خبر داد:", "a surtitle"),
]


@pytest.mark.parametrize(("text", "reason"), NOT_DATES, ids=[r[1] for r in NOT_DATES])
def test_parse_datetime_rejects(text: str, reason: str) -> None:
    assert parse_datetime(text) is None, reason


# (text, start date, end date (exclusive), reason)
BOUNDS = [
    ("1402/07", "2023-09-23", "2023-10-23", "Jalali month Mehr 1402"),
    ("۱۴۰۲/۰۷", "2023-09-23", "2023-10-23", "Persian digits"),
    ("1402", "2023-03-21", "2024-03-20", "Jalali year"),
    ("1402/07/01", "2023-09-23", "2023-09-24", "one Jalali day"),
    ("1402/12", "2024-02-20", "2024-03-20", "Esfand ends where 1403/01/01 starts"),
    ("1403/12", "2025-02-19", "2025-03-21", "Esfand of leap year 1403 has 30 days"),
    ("1403/12/30", "2025-03-20", "2025-03-21", "the leap day itself"),
    ("1402/06/31", "2023-09-22", "2023-09-23", "first half-year months have 31 days"),
    ("2023-10", "2023-10-01", "2023-11-01", "Gregorian month"),
    ("2023-12", "2023-12-01", "2024-01-01", "December rolls into the next year"),
    ("2023-10-01", "2023-10-01", "2023-10-02", "Gregorian day"),
    ("2023", "2023-01-01", "2024-01-01", "Gregorian year"),
    ("مهر ۱۴۰۲", "2023-09-23", "2023-10-23", "month by name"),
]


@pytest.mark.parametrize(("text", "start", "end", "reason"), BOUNDS, ids=[r[3] for r in BOUNDS])
def test_parse_date_bound(text: str, start: str, end: str, reason: str) -> None:
    lo, hi = parse_date_bound(text)
    assert (lo.date().isoformat(), hi.date().isoformat()) == (start, end), reason
    assert (lo.hour, lo.minute, hi.hour, hi.minute) == (0, 0, 0, 0), "bounds are local midnight"
    assert lo.tzinfo is TEHRAN and hi.tzinfo is TEHRAN


def test_bound_offsets_follow_the_dst_era() -> None:
    lo, hi = parse_date_bound("1398/04")
    assert lo.utcoffset() == IRDT and hi.utcoffset() == IRDT
    lo, _ = parse_date_bound("1402/04")
    assert lo.utcoffset() == IRST


JUNK_BOUNDS = [
    ("دیروز", "a word that is no date"),
    ("1402/07/31", "Mehr has 30 days"),
    ("1402/13", "no month 13"),
    ("1402/07/12 09:45", "a time is not a range"),
    ("12", "a bare day"),
    ("مهر 2023", "Jalali month, Gregorian year"),
    ("", "empty"),
]


@pytest.mark.parametrize(("text", "reason"), JUNK_BOUNDS, ids=[r[1] for r in JUNK_BOUNDS])
def test_parse_date_bound_rejects_with_hint(text: str, reason: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_date_bound(text)
    assert "1402/07" in info.value.hint, reason
    assert "\n" not in info.value.message


def test_format_jalali() -> None:
    dt = datetime(2023, 10, 4, 9, 45, tzinfo=TEHRAN)
    assert format_jalali(dt) == "۱۲ مهر ۱۴۰۲"
    assert format_jalali(dt, with_time=True) == "۱۲ مهر ۱۴۰۲، ۰۹:۴۵"
    assert format_jalali(dt, persian_digits=False) == "12 مهر 1402"


def test_format_jalali_shows_tehran_time() -> None:
    # 22:00 UTC on 3 Oct is already 4 Oct (12 Mehr) in Tehran.
    dt = datetime(2023, 10, 3, 22, 0, tzinfo=UTC)
    assert format_jalali(dt, with_time=True, persian_digits=False) == "12 مهر 1402، 01:30"


@given(st.datetimes(min_value=datetime(1960, 1, 1), max_value=datetime(2090, 12, 31),
                    timezones=st.just(UTC)))
def test_format_then_parse_keeps_the_tehran_wall_time(dt: datetime) -> None:
    local = dt.astimezone(TEHRAN).replace(second=0, microsecond=0)
    parsed = parse_datetime(format_jalali(local, with_time=True))
    assert parsed is not None
    assert parsed.replace(tzinfo=None) == local.replace(tzinfo=None)


def _same_reading(text: str) -> None:
    from searcher.ingest.dates import _published_the_long_way, parse_published

    fast, slow = parse_published(text), _published_the_long_way(text)
    assert (fast is None) == (slow is None), text
    if fast is not None and slow is not None:
        assert fast == slow, text
        assert fast[0].utcoffset() == slow[0].utcoffset(), text
        assert fast[0].replace(tzinfo=None) == slow[0].replace(tzinfo=None), text


@pytest.mark.parametrize("text", [
    "2019-06-21T08:25:00+04:30", "2024-08-14T09:00:00+03:30", "2023-10-04T06:15:00Z",
    "2019-07-01T12:00:00", "2023-03-22T00:30:00", "2021-09-22T23:59:59-05:00",
    "2023-02-29T10:00:00", "2023-13-01T10:00:00", "2023-10-04T24:00:00",
    "2023-10-04T10:60:00", "2023-10-04T10:00:60", "2023-10-04T10:00:00+24:00",
    "2023-10-04T10:00:00+03:60", "1402-07-12T09:45:00", "1699-01-01T00:00:00",
    "1700-01-01T00:00:00", "2023-10-04T10:00:00-00:00",
])
def test_an_iso_moment_read_directly_is_what_the_long_way_reads(text: str) -> None:
    """The direct reading of 2019-06-21T08:25:00+04:30 (most crawls' dates) gives what the
    word-by-word reading gives: the moment, its zone (Tehran's when none is written, its DST
    era included), or nothing for a day, hour or offset no clock has; Jalali years (below
    1700) still go the long way."""
    _same_reading(text)


@given(year=st.integers(1600, 9999), month=st.integers(0, 13), day=st.integers(0, 32),
       hour=st.integers(0, 25), minute=st.integers(0, 61), second=st.integers(0, 61),
       zone=st.one_of(st.none(), st.just("Z"),
                      st.tuples(st.sampled_from("+-"), st.integers(0, 25), st.integers(0, 61))))
def test_any_iso_moment_is_read_as_the_long_way_reads_it(
        year: int, month: int, day: int, hour: int, minute: int, second: int,
        zone: object) -> None:
    written = "" if zone is None else zone if isinstance(zone, str) else (
        f"{zone[0]}{zone[1]:02d}:{zone[2]:02d}")  # type: ignore[index]
    _same_reading(f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
                  f"{written}")
