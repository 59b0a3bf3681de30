"""Labelled examples for the risk classifier from outside the adverse-media set.

The adverse-media articles are mostly about financial crime, so on their own they teach the
classifier little about terrorism, armed violence or designation as a sanctioned party. Two
sources of the reference data fill that gap, each read with the project's own list parsers
or plain text files:

* Designation narratives (adverse). The UK ConList's "UK Statement of Reasons" and the UN
  list's comments say why a party is listed: terrorist attacks, weapons procurement, killings,
  human-rights abuses, support to a sanctioned government. Each narrative is one adverse
  example about the listed party; every sentence of it is about the party, so the whole
  narrative is the party's focus. Regimes are capped (``per_regime``) so that the thousands of
  Russia designations, which read alike, do not make up most of the source.
* Political reporting (not adverse). PolNeAR's news articles on the 2016 US election name
  politicians in articles that are not adverse media about them. Each article is one
  non-adverse example, its party the person the article names most (see ``main_person``).

The examples are returned in a fixed order, so training stays reproducible.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from watchkeeper.errors import WatchkeeperError
from watchkeeper.media.risk_dataset import Example
from watchkeeper.model import Entity

OFSI_LIST = Path("uk/ofsi_conlist_2025-04-10/UK_Sanctions_List.xlsx")
UN_LIST = Path("un/UN_consolidated.xml")
POLITICAL_NEWS = Path("media/polnear/dev/text")

DESIGNATION = "designation"
POLITICAL = "political"

SEED = 20240611
# Narratives kept per sanctions regime (UK) or UN list, chosen by a seeded draw.
PER_REGIME = 80
# Shorter narratives ("Associated with X") say too little to learn from.
MIN_NARRATIVE_CHARS = 150

# "(UK Statement of Reasons):..." up to the next "(Field name):" label or the end.
_REASONS = re.compile(r"\(UK Statement of Reasons\):\s*(.*?)(?=\s*\([A-Z][\w ]{2,40}\):|$)", re.S)
# UN comment sentences that are bookkeeping, not a reason for listing.
_UN_BOOKKEEPING = re.compile(
    r"^(?:Review pursuant|INTERPOL|Physical description|UN DATAID|Updated on|Listed on"
    r"|Date of designation|Photo available|Previously listed|Eye colou?r|Hair|Height|Weight"
    r"|Description)",
    re.IGNORECASE,
)
# Sentence ends, and the boilerplate the UN sometimes appends without a full stop.
_UN_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z])|\s+(?=INTERPOL|Review pursuant)")

# "First Last": two capitalised words (a hyphenated or Mc/Mac/De/O' surname allowed).
# A lookahead, so that overlapping pairs are all seen ("Senator Jane" and "Jane Holloway").
_PAIR = re.compile(
    r"(?<![\w.’'-])(?=([A-Z][a-z]+) ((?:Mc|Mac|De|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w’'-]))"
)
# Capitalised words that open a sentence or a title rather than a first name.
_NOT_FIRST_NAMES = frozenset(
    {
        *("The", "A", "An", "In", "On", "At", "For", "But", "And", "If", "When", "This"),
        *("That", "Although", "While", "With", "After", "As", "What", "Both", "Should"),
        *("Under", "Did", "Meanwhile", "Notice", "Beyond", "By", "Everything", "Late"),
        *("Mostly", "New", "United", "White", "North", "South", "Supreme", "Fox", "Twitter"),
        *("Follow", "Read", "Share", "Mr", "Mrs", "Ms", "Sen", "Rep", "Gov", "President"),
        *("Democratic", "Republican", "Secretary", "Former", "Vice", "Senator", "General"),
    }
)
_TITLE_BEFORE = re.compile(r"(?:Mr|Mrs|Ms|Sen|Gov|Rep|President|Secretary)\.? $")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][a-z]+ $")


def has_designation_lists(data: Path) -> bool:
    """Whether the data folder holds both list files the narratives are read from."""
    return (data / OFSI_LIST).is_file() and (data / UN_LIST).is_file()


def has_political_news(data: Path) -> bool:
    return (data / POLITICAL_NEWS).is_dir()


def designation_examples(data: Path, per_regime: int = PER_REGIME) -> list[Example]:
    """Adverse examples: UK statements of reasons and UN listing narratives."""
    from watchkeeper.sources.uk_ofsi import PARSER as OFSI_PARSER
    from watchkeeper.sources.un_xml import PARSER as UN_PARSER

    uk = OFSI_PARSER.parse(_require(data / OFSI_LIST))[0].entities
    un = UN_PARSER.parse(_require(data / UN_LIST))[0].entities
    return designation_narratives(uk, un, per_regime)


def designation_narratives(
    uk: Iterable[Entity], un: Iterable[Entity], per_regime: int = PER_REGIME
) -> list[Example]:
    """Adverse examples from parsed UK ConList and UN list entries, at most ``per_regime``
    per regime (UK) or list (UN), UK first."""
    uk_narratives = [n for n in map(_uk_narrative, uk) if n]
    un_narratives = [n for n in map(_un_narrative, un) if n]
    return _capped(uk_narratives, per_regime) + _capped(un_narratives, per_regime)


def political_examples(data: Path) -> list[Example]:
    """Non-adverse examples: one per PolNeAR article, about the person it names most."""
    folder = data / POLITICAL_NEWS
    if not folder.is_dir():
        raise WatchkeeperError(f"{folder}: missing (expected the PolNeAR article texts here)")
    examples = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        person = main_person(text)
        if person:
            examples.append(Example(person, text, 0, path.stem, source=POLITICAL))
    return examples


def main_person(text: str) -> str | None:
    """The "First Last" name the text uses most, counting the surname used alone or after a
    title ("Mr. Trump") as well; None when the text has no such pair."""
    pairs = Counter((m[1], m[2]) for m in _PAIR.finditer(text) if m[1] not in _NOT_FIRST_NAMES)
    if not pairs:
        return None
    alone: dict[str, int] = {}
    for _, last in pairs:
        if last not in alone:
            alone[last] = _surname_alone(text, last)
    first, last = min(pairs, key=lambda p: (-(pairs[p] + alone[p[1]]), p))
    return f"{first} {last}"


def _surname_alone(text: str, surname: str) -> int:
    count = 0
    for match in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
        before = text[max(0, match.start() - 30) : match.start()]
        if not _CAPITALISED_BEFORE.search(before) or _TITLE_BEFORE.search(before):
            count += 1
    return count


def _uk_narrative(entity: Entity) -> tuple[str, Example] | None:
    reasons = [m[1].strip() for r in entity.remarks for m in _REASONS.finditer(r)]
    text = " ".join(r for r in reasons if r)
    if len(text) < MIN_NARRATIVE_CHARS or not entity.names:
        return None
    regime = entity.programs[0] if entity.programs else ""
    return f"uk:{regime}", _narrative(entity, text)


def _un_narrative(entity: Entity) -> tuple[str, Example] | None:
    sentences = [
        s.strip()
        for remark in entity.remarks
        for s in _UN_SENTENCE.split(remark)
        if s.strip() and not _UN_BOOKKEEPING.match(s.strip())
    ]
    text = " ".join(" ".join(sentences).split())
    if len(text) < MIN_NARRATIVE_CHARS or not entity.names:
        return None
    program = entity.programs[0] if entity.programs else ""
    return f"un:{program}", _narrative(entity, text)


def _narrative(entity: Entity, text: str) -> Example:
    return Example(entity.names[0].full, text, 1, entity.id, source=DESIGNATION, about_party=True)


def _capped(narratives: Iterable[tuple[str, Example]], per_regime: int) -> list[Example]:
    """At most ``per_regime`` narratives per regime, drawn with a fixed seed, in a fixed order;
    a narrative repeated word for word (one reason for several parties) is kept once."""
    rng = random.Random(SEED)
    by_regime: dict[str, list[Example]] = {}
    seen: set[str] = set()
    for regime, example in narratives:
        if example.article not in seen:
            seen.add(example.article)
            by_regime.setdefault(regime, []).append(example)
    kept: list[Example] = []
    for regime in sorted(by_regime):
        group = by_regime[regime]
        kept.extend(group if len(group) <= per_regime else rng.sample(group, per_regime))
    return kept


def _require(path: Path) -> Path:
    if not path.is_file():
        raise WatchkeeperError(f"{path}: missing (expected a sanctions list file here)")
    return path
