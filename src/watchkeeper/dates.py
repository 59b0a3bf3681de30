"""Read the date notations lists and users write into ``PartialDate``.

Lists give birth dates as "11 Mar 1957", "1957-03-11", "Mar 1957", "circa 1960", "1958 to 1960",
"between 1950 and 1955", "11/03/1957" (UK, day first) or "00/00/1957" (UK, unknown day and month).
One parser for all of them means one notion of precision when screening compares dates.
"""

from __future__ import annotations

import re
from datetime import date

from watchkeeper.model import PartialDate

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_CIRCA = re.compile(r"^(?:circa|ca\.?|c\.|approximately|approx\.?|about|around)\s*", re.I)
_RANGE = re.compile(
    r"^(?:between\s+)?(?P<a>.+?)\s*(?:\s-\s|\s+to\s+|\s+and\s+|–|—|-(?=\d{4}$))\s*(?P<b>.+)$", re.I
)
# ISO dates, with an optional time or an xs:date time-zone suffix ("2015-07-01-04:00").
_ISO = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?(?:T.*|[+-]\d{2}:\d{2}|Z)?$"
)
_SLASHED = re.compile(r"^(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})$")
_MONTH_YEAR_SLASH = re.compile(r"^(?P<m>\d{1,2})[/.](?P<y>\d{4})$")
_WORDS = re.compile(
    r"^(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<mon>[a-z]{3,9})\.?,?\s+(?P<y>\d{4})$", re.I
)
_WORDS_US = re.compile(r"^(?P<mon>[a-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})$", re.I)


def _month(word: str) -> int | None:
    return MONTHS.get(word[:4].lower().rstrip(".")) or MONTHS.get(word[:3].lower())


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if not 1000 <= year <= 2999:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _single(text: str) -> tuple[int, int | None, int | None] | None:
    """Parse one point in time, at whatever precision it is written."""
    text = text.strip().strip(",;")
    match = _ISO.match(text)
    if match:
        y, m, d = int(match["y"]), match["m"], match["d"]
        parts = (y, int(m) if m else None, int(d) if d else None)
    elif match := _SLASHED.match(text):
        d_, m_, y_ = int(match["d"]), int(match["m"]), int(match["y"])
        # UK lists write 00 for an unknown day or month.
        parts = (y_, m_ or None, d_ or None) if m_ else (y_, None, None)
    elif match := _MONTH_YEAR_SLASH.match(text):
        parts = (int(match["y"]), int(match["m"]) or None, None)
    elif match := _WORDS.match(text):
        month = _month(match["mon"])
        if month is None:
            return None
        parts = (int(match["y"]), month, int(match["d"]) if match["d"] else None)
    elif match := _WORDS_US.match(text):
        month = _month(match["mon"])
        if month is None:
            return None
        parts = (int(match["y"]), month, int(match["d"]))
    else:
        return None
    return parts if _valid(*parts) else None


def parse_partial_date(text: str | None) -> PartialDate | None:
    """Parse a date, partial date, circa date or year range; ``None`` when it is not a date.

    Never guesses: "1957" stays a year, "Mar 1957" a month. Unparseable text returns ``None``
    so the caller can keep the original string as a remark instead of losing it.
    """
    if text is None:
        return None
    original = " ".join(text.split())
    body = original
    circa = False
    if match := _CIRCA.match(body):
        circa = True
        body = body[match.end() :]
    single = _single(body)
    if single is not None:
        year, month, day = single
        return PartialDate(text=original, year=year, month=month, day=day, circa=circa)
    if match := _RANGE.match(body):
        start, end = _single(match["a"]), _single(match["b"])
        if start is not None and end is not None and start[0] <= end[0]:
            if start[1:] == (None, None) and end[1:] == (None, None):
                return PartialDate(text=original, year=start[0], year_to=end[0], circa=circa)
            return PartialDate(
                text=original,
                year=start[0],
                month=start[1],
                day=start[2],
                year_to=end[0],
                circa=circa,
            )
    return None
