"""Date expressions resolved against the publication date, not the reading date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from watchkeeper.media.dates import MONTHS, resolve_dates

PUBLISHED = date(2020, 1, 4)  # a Saturday


def values(text: str, published: date = PUBLISHED) -> list[tuple[str, str]]:
    return [(d.value, d.granularity) for d in resolve_dates(text, published)]


def test_a_day_without_year_takes_the_publication_year() -> None:
    assert values("killed in a drone strike on January 2") == [("2020-01-02", "day")]


def test_a_day_just_before_new_year_belongs_to_the_year_before() -> None:
    assert values("the December 31 attack and the attack on December 27th") == [
        ("2019-12-31", "day"),
        ("2019-12-27", "day"),
    ]


def test_months_years_and_full_dates_keep_their_precision() -> None:
    assert values("In April 2019, and in 2011, and on September 18, 2016") == [
        ("2019-04", "month"),
        ("2011", "year"),
        ("2016-09-18", "day"),
    ]


def test_since_and_between_are_ranges() -> None:
    since, between = resolve_dates(
        "Since 1998 he led it; between 2003 and 2011 they killed", PUBLISHED
    )
    assert since.is_range and (since.start, since.end) == ("1998-01-01", "2020-01-04")
    assert between.is_range and (between.start, between.end) == ("2003-01-01", "2011-12-31")


def test_a_bare_month_is_the_latest_one_before_publication() -> None:
    (found,) = resolve_dates("Since October, thousands protested", PUBLISHED)
    assert found.start == "2019-10-01" and found.end == "2020-01-04"


def test_relative_expressions_use_the_publication_date() -> None:
    assert values("attacks that took place this week") == [("2020-W01", "week")]
    assert values("last year") == [("2019", "year")]
    assert values("on Friday") == [("2020-01-03", "day")]
    assert values("next Friday") == [("2020-01-10", "day")]
    assert values("yesterday") == [("2020-01-03", "day")]


def test_words_that_look_like_months_are_not_dates() -> None:
    assert values("he may say so, and march on") == []


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(sorted(MONTHS)),
    st.integers(min_value=1, max_value=28),
)
def test_a_day_without_year_is_never_more_than_half_a_year_away(
    published: date, month: str, day: int
) -> None:
    found = resolve_dates(f"on {month.title()} {day} it happened", published)
    assert len(found) == 1
    resolved = date.fromisoformat(found[0].value)
    assert resolved.month == MONTHS[month] and resolved.day == day
    assert abs(resolved - published) <= timedelta(days=184)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_a_full_date_is_read_back_exactly(day: date) -> None:
    text = f"{day:%B} {day.day}, {day.year}"
    assert values(text) == [(day.isoformat(), "day")]


@given(st.text(max_size=200), st.dates())
def test_any_text_resolves_without_error_and_within_the_text(text: str, published: date) -> None:
    for found in resolve_dates(text, published):
        assert text[found.start_char : found.end_char] == found.text
        assert found.start <= found.end


def test_a_year_written_once_belongs_to_both_ends_of_a_range() -> None:
    (found,) = resolve_dates("from March 3 to April 5, 2019", PUBLISHED)
    assert (found.start, found.end, found.granularity) == ("2019-03-03", "2019-04-05", "day")
