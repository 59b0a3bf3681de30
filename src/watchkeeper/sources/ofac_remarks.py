"""Read the free-text ``Remarks`` column of OFAC's legacy CSV files into structured facts.

OFAC's CSV layout has no columns for birth dates, nationalities, documents, weak aliases or
relations: its XML carries them as separate elements, the CSV folds them all into one string of
``;``-separated statements, e.g. ``DOB 11 Mar 1957; POB Qom, Iran; nationality Iran; citizen
Iran; Additional Sanctions Information - Subject to Secondary Sanctions; Diplomatic Passport
008827 (Iran) issued 1999.`` Screening needs those facts as fields, so this module takes the
string apart again.

Two rules keep it safe to run on anything OFAC may publish:

* Every value it returns is a piece of the input (after whitespace is collapsed): nothing is
  inferred, normalised or translated here. Country names stay as written; resolving them to
  ISO codes is the caller's job.
* A statement it does not fully understand is returned whole in ``other``, never dropped.

Document labels (``Passport``, ``Tax ID No.``, ``SWIFT/BIC``...) are data, in
``ofac_remarks.yml`` beside this module, so a new label OFAC starts using is a one-line change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import msgspec
import yaml

from watchkeeper.dates import parse_partial_date
from watchkeeper.model import Identifier, PartialDate


class Alias(msgspec.Struct, frozen=True):
    """A name quoted in the remarks, ``a.k.a. 'RUSAG'``.

    OFAC writes its *weak* aliases this way in the CSV (strong ones are rows of ``alt.csv``):
    the XML of the same list marks exactly these names ``<category>weak</category>``.
    ``label`` is ``a.k.a.``, ``f.k.a.`` or ``n.k.a.`` as written.
    """

    label: str
    name: str


class Remarks(msgspec.Struct, frozen=True):
    """What one ``Remarks`` string says, field by field, values exactly as written.

    ``identifiers`` carry the issuing country as written (``Iran``), not resolved.
    ``registration_countries`` come from ``Nationality of Registration <country>``, which is
    also kept in ``other`` because the field alone would lose what kind of tie it is.
    """

    birth_dates: tuple[PartialDate, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    citizenships: tuple[str, ...] = ()
    registration_countries: tuple[str, ...] = ()
    gender: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    aliases: tuple[Alias, ...] = ()
    linked_to: tuple[str, ...] = ()
    other: tuple[str, ...] = ()


EMPTY = Remarks()

_SEPARATOR = re.compile(r";\s*")
_ALT = re.compile(r"^alt\.\s+", re.I)
_DOB = re.compile(r"^DOB:?\s+(?P<value>.+)$", re.I)
_POB = re.compile(r"^POB:?\s+(?P<value>.+)$", re.I)
_REGISTRATION = re.compile(r"^Nationality of Registration:?\s+(?P<value>.+)$", re.I)
_NATIONALITY = re.compile(r"^nationality:?\s+(?P<value>.+)$", re.I)
_CITIZEN = re.compile(r"^citizen:?\s+(?P<value>.+)$", re.I)
_GENDER = re.compile(r"^gender:?\s+(?P<value>male|female)$", re.I)
_ALIAS = re.compile(r"^(?P<label>[afn]\.k\.a\.),?\s+'(?P<name>.*?\S.*?)'$", re.I)
_LINKED = re.compile(r"^Linked To:\s*(?P<value>.+)$", re.I)
# "<value> (<country>) issued <date> expires <date>": the country and the note are optional;
# the value is the shortest text that leaves a well-formed tail, so "HRA 738077 (Stuttgart)
# (Germany)" keeps "(Stuttgart)" in the value and takes "Germany" as the country.
_ID_TAIL = re.compile(
    r"^(?P<value>.+?)"
    r"(?:\s+\((?P<country>[^()]*[^\W\d_][^()]*)\))?"
    r"(?:,?\s+(?P<note>(?:issued|expires|expired)\b.*))?$",
    re.I,
)
_NOTE_FIRST = re.compile(r"^(?:issued|expires|expired)\b", re.I)
_DIGIT = re.compile(r"\d")
_ALNUM = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class _Vocabulary:
    """The identifier labels of ``ofac_remarks.yml``, compiled once."""

    plain: re.Pattern[str]
    qualified: re.Pattern[str] | None
    numbered: frozenset[str]


@cache
def _vocabulary() -> _Vocabulary:
    text = resources.files("watchkeeper.sources").joinpath("ofac_remarks.yml").read_text("utf-8")
    data: dict[str, list[str]] = yaml.safe_load(text)
    numbered = [str(label) for label in data.get("numbered", [])]
    named = [str(label) for label in data.get("named", [])]
    qualified = [str(label) for label in data.get("qualified", [])]
    plain = re.compile(rf"^(?P<label>{_alternation(numbered + named)}):?\s+(?P<rest>.+)$", re.I)
    qualified_pattern = (
        re.compile(rf"^(?P<label>(?:{_alternation(qualified)})\s*[^\s:]+):?\s+(?P<rest>.+)$", re.I)
        if qualified
        else None
    )
    return _Vocabulary(
        plain=plain,
        qualified=qualified_pattern,
        numbered=frozenset(label.casefold() for label in numbered),
    )


def _alternation(labels: list[str]) -> str:
    """A regex alternation trying longer labels first, so "Diplomatic Passport" wins."""
    return "|".join(re.escape(label) for label in sorted(set(labels), key=len, reverse=True))


@dataclass
class _Collected:
    """Facts gathered while walking the statements of one remarks string."""

    birth_dates: list[PartialDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    citizenships: list[str] = field(default_factory=list)
    registration_countries: list[str] = field(default_factory=list)
    gender: str | None = None
    identifiers: list[Identifier] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def freeze(self) -> Remarks:
        return Remarks(
            birth_dates=tuple(self.birth_dates),
            birth_places=tuple(self.birth_places),
            nationalities=tuple(self.nationalities),
            citizenships=tuple(self.citizenships),
            registration_countries=tuple(self.registration_countries),
            gender=self.gender,
            identifiers=tuple(self.identifiers),
            aliases=tuple(self.aliases),
            linked_to=tuple(self.linked_to),
            other=tuple(self.other),
        )


def parse_remarks(text: str | None, *, cut: bool = False) -> Remarks:
    """Split an OFAC remarks string into facts; never raises, never drops a statement.

    ``cut`` says the string was truncated at the column width with no continuation available
    (an ``sdn.csv`` whose ``sdn_comments.csv`` is missing): its last statement may then be a
    fragment ("Digital Currency Address - XBT 1Gq"), so it is kept as a remark, not read as a
    shortened identifier.
    """
    if text is None:
        return EMPTY
    body = " ".join(text.split())
    if body in ("", "-0-"):
        return EMPTY
    # The column ends with a full stop that closes the whole string, not its last statement.
    if body.endswith(".") and not cut:
        body = body[:-1]
    statements = [part.strip() for part in _SEPARATOR.split(body)]
    statements = [part for part in statements if part]
    collected = _Collected()
    for index, statement in enumerate(statements):
        fragment = cut and index == len(statements) - 1
        if fragment or not _read_statement(statement, collected):
            collected.other.append(statement)
    return collected.freeze()


def _read_statement(statement: str, into: _Collected) -> bool:
    """Record one statement as a fact; ``False`` when it is not understood."""
    body = _unwrap(statement)
    if not _balanced(body):
        # A statement cut out of a bracketed aside ("(Following data ...: Alt. DOB: ...").
        return False
    body = _ALT.sub("", body, count=1)
    return any(reader(body, into) for reader in _READERS)


def _unwrap(statement: str) -> str:
    """``(Linked To: X)`` -> ``Linked To: X`` when the brackets enclose the whole statement."""
    if statement.startswith("(") and statement.endswith(")") and _balanced(statement[1:-1]):
        return statement[1:-1].strip()
    return statement


def _balanced(text: str) -> bool:
    if "(" not in text and ")" not in text:
        return True
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _read_birth_date(body: str, into: _Collected) -> bool:
    match = _DOB.match(body)
    if match is None:
        return False
    parsed = parse_partial_date(match["value"])
    if parsed is None:
        return False
    into.birth_dates.append(parsed)
    return True


def _read_birth_place(body: str, into: _Collected) -> bool:
    match = _POB.match(body)
    if match is None:
        return False
    into.birth_places.append(match["value"])
    return True


def _read_registration(body: str, into: _Collected) -> bool:
    match = _REGISTRATION.match(body)
    if match is None:
        return False
    into.registration_countries.append(match["value"])
    return False  # the statement stays a remark too: see ``Remarks``


def _read_nationality(body: str, into: _Collected) -> bool:
    match = _NATIONALITY.match(body)
    if match is None or _REGISTRATION.match(body):
        return False
    into.nationalities.append(match["value"])
    return True


def _read_citizenship(body: str, into: _Collected) -> bool:
    match = _CITIZEN.match(body)
    if match is None:
        return False
    into.citizenships.append(match["value"])
    return True


def _read_gender(body: str, into: _Collected) -> bool:
    match = _GENDER.match(body)
    if match is None:
        return False
    gender = match["value"].lower()
    if into.gender not in (None, gender):
        return False  # contradictory: keep the second statement visible as a remark
    into.gender = gender
    return True


def _read_alias(body: str, into: _Collected) -> bool:
    match = _ALIAS.match(body)
    if match is None:
        return False
    into.aliases.append(Alias(label=match["label"].lower(), name=match["name"].strip()))
    return True


def _read_link(body: str, into: _Collected) -> bool:
    match = _LINKED.match(body)
    if match is None:
        return False
    into.linked_to.append(match["value"].strip())
    return True


def _read_identifier(body: str, into: _Collected) -> bool:
    identifier = read_identifier(body)
    if identifier is None:
        return False
    into.identifiers.append(identifier)
    return True


def read_identifier(statement: str) -> Identifier | None:
    """``Passport 008827 (Iran) issued 1999`` -> an ``Identifier``; ``None`` if not one.

    The country stays as written. Only labels listed in ``ofac_remarks.yml`` are read, and a
    "numbered" label needs a value with a digit in it.
    """
    vocabulary = _vocabulary()
    match = vocabulary.plain.match(statement)
    numbered = match is not None and match["label"].casefold() in vocabulary.numbered
    if match is None and vocabulary.qualified is not None:
        match = vocabulary.qualified.match(statement)
    if match is None:
        return None
    tail = _ID_TAIL.match(match["rest"])
    if tail is None:
        return None
    value = tail["value"].strip().rstrip(",").strip()
    if not _ALNUM.search(value) or _NOTE_FIRST.match(value):
        return None
    if numbered and not _DIGIT.search(value):
        return None
    country = tail["country"].strip() if tail["country"] else None
    note = tail["note"].strip() if tail["note"] else None
    return Identifier(type=match["label"].strip(), value=value, country=country, note=note)


_READERS: tuple[Callable[[str, _Collected], bool], ...] = (
    _read_birth_date,
    _read_birth_place,
    _read_registration,
    _read_nationality,
    _read_citizenship,
    _read_gender,
    _read_alias,
    _read_link,
    _read_identifier,
)
