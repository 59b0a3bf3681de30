"""The adverse-media articles the risk classifier is trained and measured on.

The data folder is laid out like the project's shared data: ``media/adverse_media/`` holds
``adverse_media_training.csv`` and ``non_adverse_media_training.csv`` (one row per
(entity, article), columns entity_name, entity_type, url, article, label, explanation, ...)
and ``public_test.csv`` (id, title, article, label 0/1, no entity).

The training labels are noisy. A row's label is the file it sits in, unless an assessor
relabelled it: ``am`` makes it adverse, ``nam`` not adverse, and ``delete``, ``doubt``,
``random`` or ``neither`` drop it. Rows repeated with the same entity and article are kept
once, and training articles that also appear in the public test are dropped so the test
measures unseen articles.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from watchkeeper.errors import WatchkeeperError

FOLDER = Path("media/adverse_media")
ADVERSE_MEDIA = "adverse_media"
TRAINING_FILES = (("adverse_media_training.csv", 1), ("non_adverse_media_training.csv", 0))
TEST_FILE = "public_test.csv"
_RELABEL = {"am": 1, "nam": 0}
_DROP = frozenset({"delete", "doubt", "random", "neither", "am, doubt"})


@dataclass(frozen=True)
class Example:
    """One labelled article: the party it is about (may be empty), its text, adverse or not.

    ``source`` says where it comes from (``adverse_media`` for this data set; see
    ``risk_sources`` for the others). ``about_party`` marks a text every sentence of which is
    about the party (a designation narrative), so all of it is the party's focus.
    """

    party: str
    article: str
    adverse: int
    title: str = ""
    source: str = ADVERSE_MEDIA
    about_party: bool = False


def training_examples(data: Path) -> list[Example]:
    """Every usable training row, de-duplicated, minus articles that are in the public test."""
    test_keys = {_key(e.article) for e in test_examples(data)}
    seen: set[tuple[str, str]] = set()
    examples = []
    for name, default in TRAINING_FILES:
        for row in _rows(data / FOLDER / name):
            label = row.get("label", "").strip().lower()
            if label in _DROP:
                continue
            adverse = _RELABEL.get(label, default)
            article = row.get("article", "")
            party = " ".join(row.get("entity_name", "").split())
            key = _key(article)
            if not key or key in test_keys or (party, key) in seen:
                continue
            seen.add((party, key))
            examples.append(Example(party, article, adverse, row.get("title", "")))
    if not examples:
        raise WatchkeeperError(f"{data / FOLDER}: no usable training rows")
    return examples


def test_examples(data: Path) -> list[Example]:
    """The public test articles (no party named), labelled 1 adverse or 0 not."""
    examples = []
    path = data / FOLDER / TEST_FILE
    for number, row in enumerate(_rows(path), start=2):
        label = row.get("label", "").strip()
        if label not in ("0", "1"):
            raise WatchkeeperError(f"{path}: line {number}: label {label!r} is not 0 or 1")
        examples.append(Example("", row.get("article", ""), int(label), row.get("title", "")))
    return examples


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise WatchkeeperError(f"{path}: missing (expected the adverse-media data set here)")
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _key(article: str) -> str:
    return re.sub(r"\s+", " ", article).strip()[:500]
