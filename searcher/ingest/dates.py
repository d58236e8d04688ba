"""Dates as Persian news sites and crawls print them, Jalali or Gregorian, to aware datetimes.

Calendar conversion is jdatetime's; the time zone is zoneinfo's Asia/Tehran (shipped by the
``tzdata`` package where the system has none), whose offset was +04:30 in summer until 2022 and
is +03:30 all year since. A year below 1700 is Jalali, anything else Gregorian.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import jdatetime

from searcher.errors import UsageError
from searcher.ingest.labels import match_key

TEHRAN = ZoneInfo("Asia/Tehran")
JALALI_YEAR_LIMIT = 1700  # years below this are Jalali (the Jalali year 1700 is Gregorian 2321)

_JALALI, _GREGORIAN = "jalali", "gregorian"

_JALALI_MONTHS = tuple(jdatetime.date.j_months_fa)  # فروردین … اسفند
_PERSIAN_GREGORIAN_MONTHS = (
    ("ژانویه", "ژانویهٔ"), ("فوریه",), ("مارس",), ("آوریل", "آپریل"), ("مه", "می"),
    ("ژوئن", "جون"), ("ژوئیه", "جولای"), ("اوت", "آگوست", "اگوست"), ("سپتامبر",), ("اکتبر",),
    ("نوامبر",), ("دسامبر",),
)
_ENGLISH_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)


def _month_table() -> dict[str, tuple[str, int]]:
    table: dict[str, tuple[str, int]] = {}
    for number, name in enumerate(_JALALI_MONTHS, 1):
        table[match_key(name)] = (_JALALI, number)
    table[match_key("امرداد")] = (_JALALI, 5)  # the older name of مرداد
    for number, names in enumerate(_PERSIAN_GREGORIAN_MONTHS, 1):
        for name in names:
            table[match_key(name)] = (_GREGORIAN, number)
    for number, name in enumerate(_ENGLISH_MONTHS, 1):
        table[name] = (_GREGORIAN, number)
        table[name[:3]] = (_GREGORIAN, number)
    table["sept"] = (_GREGORIAN, 9)
    return table


_MONTHS = _month_table()
# Words that may stand around a date without changing it («تاریخ انتشار: … ساعت …»).
_FILLER = frozenset(match_key(w) for w in (
    "ساعت", "تاریخ", "انتشار", "منتشر", "شده", "بروزرسانی", "به‌روزرسانی", "روز", "در",
    "at", "on", "published", "updated", "date", "time",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
))
_CALENDAR_WORDS = {
    match_key("شمسی"): _JALALI, match_key("خورشیدی"): _JALALI, match_key("هجری"): _JALALI,
    match_key("هش"): _JALALI,
    match_key("هـش"): _JALALI, match_key("میلادی"): _GREGORIAN, "ad": _GREGORIAN,
}
_AM = frozenset({"am", match_key("قظ"), match_key("صبح")})
_PM = frozenset({"pm", match_key("بظ"), match_key("عصر"), match_key("بعدازظهر")})

_WEEKDAY = re.compile(r"(?<!\w)(?:(?:یک|دو|سه|چهار|پنج)\s*)?شنبه(?!\w)|(?<!\w)جمعه(?!\w)")
_OFFSET = re.compile(r"(?:(?<=\d)|\s)(Z|UTC|GMT|[+-]\d{2}:?\d{2})$", re.IGNORECASE)
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?!\d)")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})(?!\d)")
_SEPARATORS = re.compile(r"[\s,;|()\[\]\-–—/:؛]+")
_TIMESTAMP = re.compile(r"\d{9,10}|\d{12,13}")
# The moment nearly every crawl and export writes (2019-06-21T08:25:00+04:30): read directly,
# without the word-by-word reading every other form needs — once an article, in the indexing
# run's serial part.
_ISO_MOMENT = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(Z|[+-]\d\d:\d\d)?",
                         re.ASCII)
_BOUND = re.compile(r"(\d{3,4})(?:[/.\-](\d{1,2})(?:[/.\-](\d{1,2}))?)?")

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_BOUND_HINT = ("write a Jalali or Gregorian date: 1402/07/12, 1402/07, 1402, 2023-10-04, 2023-10, "
               "2023")


class _Parts:
    """What the words of a date string said, before any calendar maths."""

    def __init__(self) -> None:
        self.calendar: str | None = None
        self.year: int | None = None
        self.month: int | None = None
        self.day: int | None = None
        self.time: tuple[int, int, int] | None = None
        self.meridiem: str | None = None
        self.tz: tzinfo | None = None

    def set_calendar(self, calendar: str) -> bool:
        if self.calendar not in (None, calendar):
            return False
        self.calendar = calendar
        return True


def parse_datetime(text: str) -> datetime | None:
    """An aware datetime for a date as news sites print it, or None when ``text`` is not one.

    Naive times are Tehran local time; a date without a time is local midnight.

    >>> parse_datetime("۰۹:۴۵ - ۱۲ مهر ۱۴۰۲").isoformat()
    '2023-10-04T09:45:00+03:30'
    """
    found = parse_published(text)
    return found[0] if found else None


def parse_published(text: str) -> tuple[datetime, bool] | None:
    """:func:`parse_datetime`, and whether ``text`` gave a time of day (a date alone is not
    shown with an invented midnight)."""
    match = _ISO_MOMENT.fullmatch(text)
    if match is not None and int(match[1]) >= JALALI_YEAR_LIMIT:
        return _iso_moment(match)
    return _published_the_long_way(text)


def _iso_moment(match: re.Match[str]) -> tuple[datetime, bool] | None:
    """What :func:`_published_the_long_way` makes of a Gregorian :data:`_ISO_MOMENT`."""
    year, month, day, hour, minute, second = map(int, match.group(1, 2, 3, 4, 5, 6))
    zone = TEHRAN if match[7] is None else _offset(match[7])
    if zone is None or hour > 23 or minute > 59 or second > 59:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone), True
    except ValueError:  # no such day
        return None


def _published_the_long_way(text: str) -> tuple[datetime, bool] | None:
    parts = _read(text)
    if parts is None or parts.day is None:
        return None
    day = _to_gregorian(parts)
    if day is None:
        return None
    hour, minute, second = parts.time or (0, 0, 0)
    if parts.meridiem == "pm" and hour < 12:
        hour += 12
    elif parts.meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    moment = datetime(day.year, day.month, day.day, hour, minute, second,
                      tzinfo=parts.tz or TEHRAN)
    return moment, parts.time is not None


def parse_date_bound(text: str) -> tuple[datetime, datetime]:
    """The half-open range [start, end) of Tehran time that a day, month or year covers.

    >>> [d.date().isoformat() for d in parse_date_bound("1402/12")]
    ['2024-02-20', '2024-03-20']
    """
    parts = _read(text)
    if parts is None or parts.time is not None or parts.year is None:
        raise UsageError(f"not a date: {text!r}", hint=_BOUND_HINT)
    calendar = _calendar_of(parts.year)
    if not parts.set_calendar(calendar):
        raise UsageError(f"not a date: {text!r} (month and year from different calendars)",
                         hint=_BOUND_HINT)
    year, month, day = parts.year, parts.month, parts.day
    try:
        if calendar == _JALALI:
            start_j = jdatetime.date(year, month or 1, day or 1)
            end_j = _jalali_after(start_j, month, day)
            start, end = start_j.togregorian(), end_j.togregorian()
        else:
            start = date(year, month or 1, day or 1)
            end = _gregorian_after(start, month, day)
    except (ValueError, OverflowError) as exc:
        raise UsageError(f"no such date: {text!r} ({exc})", hint=_BOUND_HINT) from None
    return _midnight(start), _midnight(end)


def format_jalali(dt: datetime, *, persian_digits: bool = True, with_time: bool = False) -> str:
    """The Jalali date of ``dt`` in Tehran, as Persian readers expect it.

    >>> format_jalali(datetime(2023, 10, 4, 9, 45, tzinfo=TEHRAN), with_time=True)
    '۱۲ مهر ۱۴۰۲، ۰۹:۴۵'
    """
    local = dt.astimezone(TEHRAN) if dt.tzinfo else dt
    jalali = jdatetime.date.fromgregorian(date=local.date())
    shown = f"{jalali.day} {_JALALI_MONTHS[jalali.month - 1]} {jalali.year}"
    if with_time:
        shown += f"، {local.hour:02d}:{local.minute:02d}"
    return shown.translate(_PERSIAN_DIGITS) if persian_digits else shown


def _read(text: str) -> _Parts | None:
    """Split ``text`` into date parts; None when a word is neither a date word nor filler."""
    s = match_key(text)
    if not s:
        return None
    parts = _Parts()
    if _TIMESTAMP.fullmatch(s):
        return _from_timestamp(int(s), parts)
    s = re.sub(r"(\d)T(\d)", r"\1 \2", s)
    if match := _OFFSET.search(s):
        parts.tz = _offset(match.group(1))
        if parts.tz is None:
            return None
        s = s[: match.start()]
    if match := _TIME.search(s):
        parts.time = (int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))
        s = s[: match.start()] + " " + s[match.end():]
    if match := _NUMERIC_DATE.search(s):
        if not _numeric_date(match, parts):
            return None
        s = s[: match.start()] + " " + s[match.end():]
    elif match := _BOUND.fullmatch(s.strip()):
        parts.year = int(match.group(1))
        parts.month = int(match.group(2)) if match.group(2) else None
        parts.day = int(match.group(3)) if match.group(3) else None
        return parts
    s = _WEEKDAY.sub(" ", s)
    numbers: list[str] = []
    for token in _SEPARATORS.split(s):
        if not _take_word(token.strip(".").lower(), parts, numbers):
            return None
    return parts if _place_numbers(numbers, parts) else None


def _take_word(token: str, parts: _Parts, numbers: list[str]) -> bool:
    key = token.replace(".", "")
    if not token or token in _FILLER:
        return True
    if token.isdigit():
        numbers.append(token)
        return True
    if key in _CALENDAR_WORDS:
        return parts.set_calendar(_CALENDAR_WORDS[key])
    if key in _AM or key in _PM:
        parts.meridiem = "am" if key in _AM else "pm"
        return True
    if token in _MONTHS and parts.month is None:
        calendar, parts.month = _MONTHS[token]
        return parts.set_calendar(calendar)
    return False


def _place_numbers(numbers: list[str], parts: _Parts) -> bool:
    """Day and year around a month name, in either order («۱۲ مهر ۱۴۰۲», «Oct 4, 2023»)."""
    if parts.year is not None:  # a numeric date already gave them
        return not numbers
    if parts.month is None:
        return False
    years = [n for n in numbers if len(n) >= 3]
    days = [n for n in numbers if len(n) <= 2]
    if len(years) != 1 or len(days) > 1:
        return False
    parts.year = int(years[0])
    parts.day = int(days[0]) if days else None
    return parts.day is None or 1 <= parts.day <= 31


def _numeric_date(match: re.Match[str], parts: _Parts) -> bool:
    first, _, middle, last = match.groups()
    if len(first) >= 3:
        parts.year, parts.month, parts.day = int(first), int(middle), int(last)
    elif len(last) >= 3:  # day/month/year, the order used outside the US
        parts.year, parts.month, parts.day = int(last), int(middle), int(first)
    else:
        return False
    return True


def _from_timestamp(seconds: int, parts: _Parts) -> _Parts | None:
    if seconds > 10**11:  # milliseconds, as JavaScript writes them
        seconds //= 1000
    local = datetime.fromtimestamp(seconds, TEHRAN)
    parts.calendar = _GREGORIAN
    parts.year, parts.month, parts.day = local.year, local.month, local.day
    parts.time = (local.hour, local.minute, local.second)
    parts.tz = TEHRAN
    return parts


def _offset(label: str) -> timezone | None:
    """The zone of ``+03:30``-style labels; None for an offset no clock has (``-9999``)."""
    if label.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if label[0] == "-" else 1
    digits = label[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _calendar_of(year: int) -> str:
    return _JALALI if year < JALALI_YEAR_LIMIT else _GREGORIAN


def _to_gregorian(parts: _Parts) -> date | None:
    assert parts.year is not None and parts.month is not None and parts.day is not None
    calendar = _calendar_of(parts.year)
    if not parts.set_calendar(calendar):
        return None  # «۱۲ مهر ۲۰۲۳»: a Jalali month in a Gregorian year
    try:
        if calendar == _JALALI:
            return jdatetime.date(parts.year, parts.month, parts.day).togregorian()
        return date(parts.year, parts.month, parts.day)
    except ValueError:
        return None


def _jalali_after(start: jdatetime.date, month: int | None, day: int | None) -> jdatetime.date:
    if day is not None:
        return start + timedelta(days=1)
    if month is None or month == 12:
        return jdatetime.date(start.year + 1, 1, 1)
    return jdatetime.date(start.year, month + 1, 1)


def _gregorian_after(start: date, month: int | None, day: int | None) -> date:
    if day is not None:
        return start + timedelta(days=1)
    if month is None or month == 12:
        return date(start.year + 1, 1, 1)
    return date(start.year, month + 1, 1)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=TEHRAN)
