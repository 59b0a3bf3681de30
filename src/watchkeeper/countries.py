"""Resolve the many ways lists write a country to ISO 3166-1 alpha-2 codes.

Screening compares a customer's nationality ("IR", "Iran", "Iranian") with a listed party's, so
every source resolves countries through this one function.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pycountry
import yaml

_SPACES = re.compile(r"\s+")


@cache
def _aliases() -> dict[str, str]:
    text = resources.files("watchkeeper").joinpath("country_aliases.yml").read_text("utf-8")
    loaded: dict[str, str] = yaml.safe_load(text)
    return {key.casefold(): value for key, value in loaded.items()}


@cache
def to_iso2(text: str | None) -> str | None:
    """The alpha-2 code for a country name, code or nationality adjective; ``None`` if unknown."""
    if not text:
        return None
    key = (
        _SPACES.sub(" ", text.replace("’", "'"))
        .strip()
        .strip(".")
        .casefold()
        .removeprefix("region:")
        .strip()
    )
    if not key:
        return None
    if key in _aliases():
        return _aliases()[key]
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        pass
    # "Iran (Islamic Republic of)", "Syria (Syrian Arab Republic)": try the part before brackets.
    head = key.split("(")[0].strip()
    if head and head != key:
        return to_iso2(head)
    return None


def country_name(code: str) -> str:
    """A readable name for an alpha-2 code, for reports."""
    country = pycountry.countries.get(alpha_2=code.upper())
    return str(country.name) if country is not None else code
