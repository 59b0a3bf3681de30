"""Dates are read at the precision the list gives, never invented."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchkeeper.dates import parse_partial_date


@pytest.mark.parametrize(
    ("text", "iso", "year_to", "circa"),
    [
        ("11 Mar 1957", "1957-03-11", None, False),
        ("1957-03-11", "1957-03-11", None, False),
        ("11/03/1957", "1957-03-11", None, False),
        ("00/00/1957", "1957", None, False),
        ("00/03/1957", "1957-03", None, False),
        ("Mar 1957", "1957-03", None, False),
        ("March 11, 1957", "1957-03-11", None, False),
        ("1957", "1957", None, False),
        ("circa 1960", "1960", None, True),
        ("Circa 01 Jan 1960", "1960-01-01", None, True),
        ("1958 to 1960", "1958", 1960, False),
        ("between 1950 and 1955", "1950", 1955, False),
        ("1950 - 1955", "1950", 1955, False),
        ("1950-1955", "1950", 1955, False),
        ("2026-02-27T00:00:09.554Z", "2026-02-27", None, False),
    ],
)
def test_list_date_notations(text: str, iso: str, year_to: int | None, circa: bool) -> None:
    parsed = parse_partial_date(text)
    assert parsed is not None
    assert (parsed.iso, parsed.year_to, parsed.circa) == (iso, year_to, circa)
    assert parsed.text == text


@pytest.mark.parametrize("text", ["", "unknown", "31 Feb 1957", "1957-13-01", "Qom, Iran", "12"])
def test_what_is_not_a_date_is_not_guessed(text: str) -> None:
    assert parse_partial_date(text) is None


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)))
def test_every_real_date_round_trips_in_each_notation(day: date) -> None:
    for text in (day.isoformat(), day.strftime("%d %b %Y"), day.strftime("%d/%m/%Y")):
        parsed = parse_partial_date(text)
        assert parsed is not None and parsed.iso == day.isoformat()


@given(st.text(max_size=40))
def test_arbitrary_text_never_raises(text: str) -> None:
    parsed = parse_partial_date(text)
    if parsed is not None:
        assert parsed.year is not None and 1000 <= parsed.year <= 2999
