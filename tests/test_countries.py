"""Every way a list writes a country resolves to one ISO code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchkeeper.countries import to_iso2


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Iran (Islamic Republic of)", "IR"),
        ("Iran", "IR"),
        ("IR", "IR"),
        ("IRN", "IR"),
        ("Iranian", "IR"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Syrian Arab Republic", "SY"),
        ("Korea, North", "KP"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Burma", "MM"),
        ("Turkey", "TR"),
        ("United Kingdom", "GB"),
        ("  united   states ", "US"),
        ("Congo, Democratic Republic of the", "CD"),
    ],
)
def test_list_country_spellings(text: str, code: str) -> None:
    assert to_iso2(text) == code


@pytest.mark.parametrize("text", [None, "", "Atlantis", "-"])
def test_unknown_countries_are_none(text: str | None) -> None:
    assert to_iso2(text) is None


@given(st.text(max_size=30))
def test_arbitrary_text_never_raises(text: str) -> None:
    code = to_iso2(text)
    assert code is None or len(code) == 2
