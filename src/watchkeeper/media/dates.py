"""Resolve the date expressions of a news article against its publication date.

An article published on 2020-01-04 that says "January 2", "since 1998" or "this week" means
2020-01-02, 1998 up to publication, and the week of 2020-01-04: the year and the "now" come
from the publication date, never from the day the article is read. Each resolved expression
keeps its granularity (day, week, month, year) so nobody mistakes "April 2019" for a day.

Rules, written for English news prose:

- a day without a year ("December 31") is the one closest to publication, so an article of
  early January can speak of last December;
- a month without a year ("since October") is the latest such month not after publication;
- a bare weekday ("Friday") is the latest one on or before publication, as news reports past
  events; "next Friday" looks forward;
- "since X" runs from X to publication; "between X and Y" and "from X to Y" are ranges.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import msgspec


class Granularity(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class ResolvedDate(msgspec.Struct, frozen=True):
    """One date expression of the text and the period it names.

    ``start`` and ``end`` are ISO dates (``2020-01-02``) bounding the period, both inclusive;
    ``value`` is the period at its own precision (``2019-04``, ``1998/2020-01-04``).
    """

    text: str
    start_char: int
    end_char: int
    granularity: Granularity
    value: str
    start: str
    end: str
    is_range: bool = False


MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = r"(?P<{g}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:1[89]|20)\d\d)"


def _point(tag: str) -> str:
    """A single point in time: a full date, a month and year, a day of a month, a year."""
    month, day, year = (
        _MONTH.format(g=f"m{tag}"),
        _DAY.format(g=f"d{tag}"),
        _YEAR.format(g=f"y{tag}"),
    )
    day2, month2, year2 = (
        _DAY.format(g=f"e{tag}"),
        _MONTH.format(g=f"n{tag}"),
        _YEAR.format(g=f"z{tag}"),
    )
    return (
        rf"(?:{month}\s+{day}(?:,?\s+{year})?(?!\d)"  # January 2 / January 2, 2020
        rf"|{day2}\s+(?:of\s+)?{month2}(?:,?\s+{year2})?"  # 2 January 2020
        rf"|(?P<om{tag}>(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))}))\.?,?\s+"
        rf"(?P<oy{tag}>(?:1[89]|20)\d\d)"  # April 2019
        rf"|(?P<y{tag}_only>(?:1[89]|20)\d\d)(?![\d-])"  # 2011
        rf"|(?P<mo{tag}>(?:{'|'.join(calendar.month_name[1:])})))"  # October (capitalised)
    )


_RELATIVE = (
    r"(?P<rel>today|yesterday|tomorrow"
    r"|(?:this|last|next|past)\s+(?:week|month|year)"
    r"|(?:last|next|this)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
)

_PATTERN = re.compile(
    r"\b(?:"
    rf"(?P<between>between)\s+{_point('a')}\s+and\s+{_point('b')}"
    rf"|(?P<from>from)\s+{_point('c')}\s+(?:to|until|through)\s+{_point('d')}"
    rf"|(?P<since>since)\s+{_point('e')}"
    rf"|{_point('f')}"
    rf"|{_RELATIVE}"
    r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Period:
    start: date
    end: date
    granularity: Granularity
    value: str


def _month_period(year: int, month: int) -> _Period:
    last = calendar.monthrange(year, month)[1]
    return _Period(
        date(year, month, 1), date(year, month, last), Granularity.MONTH, f"{year:04d}-{month:02d}"
    )


def _year_period(year: int) -> _Period:
    return _Period(date(year, 1, 1), date(year, 12, 31), Granularity.YEAR, f"{year:04d}")


def _day_period(day: date) -> _Period:
    return _Period(day, day, Granularity.DAY, day.isoformat())


def _week_period(day: date) -> _Period:
    monday = day - timedelta(days=day.weekday())
    iso_year, week, _ = monday.isocalendar()
    return _Period(monday, monday + timedelta(days=6), Granularity.WEEK, f"{iso_year}-W{week:02d}")


def _safe_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_day(month: int, day: int, published: date) -> date | None:
    """The date with this month and day closest to ``published`` (ties go to the past)."""
    options = [
        d
        for year in (published.year - 1, published.year, published.year + 1)
        if (d := _safe_day(year, month, day)) is not None
    ]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - published).days), d > published))


def latest_month(month: int, published: date) -> int:
    """The year of the latest ``month`` that is not after the publication month."""
    return published.year if month <= published.month else published.year - 1


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def _resolve_point(match: re.Match[str], tag: str, published: date) -> _Period | None:
    """The period a ``_point`` alternative names, or None if it is no valid date."""
    month = _group(match, f"m{tag}") or _group(match, f"n{tag}")
    day = _group(match, f"d{tag}") or _group(match, f"e{tag}")
    year = _group(match, f"y{tag}") or _group(match, f"z{tag}")
    if month and day:
        m, d = MONTHS[month.lower()], int(day)
        found = _safe_day(int(year), m, d) if year else nearest_day(m, d, published)
        return _day_period(found) if found else None
    if month_only := _group(match, f"om{tag}"):
        return _month_period(int(_group(match, f"oy{tag}") or 0), MONTHS[month_only.lower()])
    if year_only := _group(match, f"y{tag}_only"):
        return _year_period(int(year_only))
    if bare_month := _group(match, f"mo{tag}"):
        if not bare_month[0].isupper():
            return None  # "may", "march" as words, not months
        m = MONTHS[bare_month.lower()]
        return _month_period(latest_month(m, published), m)
    return None


def _resolve_relative(text: str, published: date) -> _Period:
    words = text.lower().split()
    if words == ["today"]:
        return _day_period(published)
    if words == ["yesterday"]:
        return _day_period(published - timedelta(days=1))
    if words == ["tomorrow"]:
        return _day_period(published + timedelta(days=1))
    which, unit = (words[0], words[-1]) if len(words) == 2 else ("", words[0])
    step = {"last": -1, "past": -1, "next": 1}.get(which, 0)
    if unit == "week":
        return _week_period(published + timedelta(weeks=step))
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return _month_period(month_index // 12, month_index % 12 + 1)
    if unit == "year":
        return _year_period(published.year + step)
    weekday = WEEKDAYS[unit]
    back = (published.weekday() - weekday) % 7
    if which == "next":
        ahead = (weekday - published.weekday()) % 7 or 7
        return _day_period(published + timedelta(days=ahead))
    if which == "last":
        return _day_period(published - timedelta(days=back or 7))
    return _day_period(published - timedelta(days=back))


def _range(
    text: str, start_char: int, first: _Period, last: _Period, granularity: Granularity
) -> ResolvedDate | None:
    if last.end < first.start:
        return None
    return ResolvedDate(
        text=text,
        start_char=start_char,
        end_char=start_char + len(text),
        granularity=granularity,
        value=f"{first.value}/{last.value}",
        start=first.start.isoformat(),
        end=last.end.isoformat(),
        is_range=True,
    )


def _has_year(match: re.Match[str], tag: str) -> bool:
    return any(_group(match, f"{prefix}{tag}") for prefix in ("y", "z", "oy")) or bool(
        _group(match, f"y{tag}_only")
    )


def _in_year(period: _Period, year: int) -> _Period | None:
    """The same day or month in another year (None for 29 February in a common year)."""
    if period.granularity is Granularity.MONTH:
        return _month_period(year, period.start.month)
    if period.granularity is Granularity.DAY:
        day = _safe_day(year, period.start.month, period.start.day)
        return _day_period(day) if day else None
    return None


def _resolve(match: re.Match[str], published: date) -> ResolvedDate | None:
    text, start_char = match.group(0), match.start()
    if match.group("between") or match.group("from"):
        tags = ("a", "b") if match.group("between") else ("c", "d")
        first = _resolve_point(match, tags[0], published)
        last = _resolve_point(match, tags[1], published)
        if first is None or last is None:
            return None
        if first.start > last.end and not _has_year(match, tags[0]):
            # "from March 3 to April 5, 2019": the year written once belongs to both ends.
            first = _in_year(first, last.end.year) or first
        return _range(text, start_char, first, last, first.granularity)
    if match.group("since"):
        first = _resolve_point(match, "e", published)
        if first is None:
            return None
        return _range(text, start_char, first, _day_period(published), first.granularity)
    if match.group("rel"):
        period = _resolve_relative(match.group("rel"), published)
    else:
        found = _resolve_point(match, "f", published)
        if found is None:
            return None
        period = found
    return ResolvedDate(
        text=text,
        start_char=start_char,
        end_char=match.end(),
        granularity=period.granularity,
        value=period.value,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
    )


def resolve_dates(text: str, published: date) -> list[ResolvedDate]:
    """Every date expression of ``text`` that can be resolved, in order of appearance."""
    found = []
    for match in _PATTERN.finditer(text):
        resolved = _resolve(match, published)
        if resolved is not None:
            found.append(resolved)
    return found
