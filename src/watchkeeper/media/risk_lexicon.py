"""The seed lexicon of risk categories (``risk_categories.yml``) and the weak labels it gives.

The lexicon's only job is to say, for a training sentence, which categories it is plainly
about; the per-category sentence classifiers are learned from those labels. It is also the
baseline the learned classifiers are compared with in ``docs/risk.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

OTHER = "other"


@dataclass(frozen=True)
class Category:
    """One risk category: its id, what it covers, and the seed terms that weakly label it."""

    name: str
    description: str
    terms: tuple[str, ...]
    pattern: re.Pattern[str]

    def matches(self, sentence: str) -> bool:
        return self.pattern.search(sentence.lower()) is not None


def term_pattern(term: str) -> str:
    """A seed term as a regular expression (after a word start): ``*`` a word-prefix wildcard."""
    prefix = term.endswith("*")
    words = term.rstrip("*").split()
    if not words:
        raise ValueError(f"empty seed term {term!r}")
    body = r"\s+".join(re.escape(w) for w in words)
    return body + (r"[\w-]*" if prefix else r"(?!\w)")


def terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One expression matching any of the terms as whole words (checked once per position)."""
    return re.compile(r"(?<!\w)(?:" + "|".join(term_pattern(t) for t in terms) + ")")


@cache
def categories() -> tuple[Category, ...]:
    """The categories in the order of ``risk_categories.yml`` (``other`` is implicit)."""
    text = resources.files("watchkeeper.media").joinpath("risk_categories.yml").read_text("utf-8")
    raw = yaml.safe_load(text)
    result = []
    for name, spec in raw.items():
        terms = tuple(str(t).strip().lower() for t in spec["terms"])
        result.append(Category(name, str(spec["description"]), terms, terms_pattern(terms)))
    return tuple(result)


def category_names() -> tuple[str, ...]:
    """Every category id, ``other`` last."""
    return (*(c.name for c in categories()), OTHER)


def weak_labels(sentence: str) -> frozenset[str]:
    """The categories whose seed terms occur in the sentence (possibly none, possibly several)."""
    return frozenset(c.name for c in categories() if c.matches(sentence))
