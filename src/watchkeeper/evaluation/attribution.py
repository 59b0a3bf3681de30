"""Measure statement extraction on PolNeAR's attribution annotations (brat standoff files).

Each gold attribution has a source (speaker), a cue and a content span. A found statement
matches a gold attribution when

- its speaker span and the gold source overlap by at least one character, and
- its content and the gold content overlap by at least half of the shorter of the two
  (gold content may be split in fragments; their union is used).

Each gold attribution is matched at most once (greedily, best content overlap first).
Precision = matched found statements / found statements; recall = matched gold attributions /
gold attributions that have both a source and a content (attributions without a written
source, such as implicit ones, cannot be found by speaker and are left out).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from watchkeeper.errors import WatchkeeperError

POLNEAR_DEV = "media/polnear/dev"

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speaker span and the (possibly fragmented) content of one statement."""

    source: tuple[Span, ...]
    content: tuple[Span, ...]


@dataclass(slots=True)
class Score:
    gold: int = 0
    found: int = 0
    matched_gold: int = 0
    matched_found: int = 0
    articles: int = 0
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.matched_found / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _spans(field: str) -> tuple[Span, ...]:
    spans = []
    for piece in field.split(";"):
        start, end = piece.split()
        spans.append((int(start), int(end)))
    return tuple(spans)


def read_ann(path: Path) -> list[Attribution]:
    """Gold attributions of one brat ``.ann`` file that have both a source and a content."""
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    events: list[dict[str, str]] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        fields = line.split("\t")
        try:
            if line.startswith("T"):
                label, _, where = fields[1].partition(" ")
                spans[fields[0]] = (label, _spans(where))
            elif line.startswith("E"):
                events.append(dict(arg.split(":", 1) for arg in fields[1].split()))
        except (IndexError, ValueError):
            raise WatchkeeperError(f"{path}:{number}: not a brat annotation line") from None
    found = []
    for event in events:
        source, content = event.get("Source"), event.get("Content")
        if source in spans and content in spans:
            found.append(Attribution(spans[source][1], spans[content][1]))
    return found


def _overlap(a: Iterable[Span], b: Iterable[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(spans: Iterable[Span]) -> int:
    return sum(end - start for start, end in spans)


def matches(found: Attribution, gold: Attribution) -> float:
    """Content overlap (share of the shorter content) if the pair matches, else 0."""
    if _overlap(found.source, gold.source) == 0:
        return 0.0
    shorter = min(_length(found.content), _length(gold.content))
    share = _overlap(found.content, gold.content) / shorter if shorter else 0.0
    return share if share >= 0.5 else 0.0


def score_article(found: list[Attribution], gold: list[Attribution], score: Score) -> None:
    pairs = sorted(
        (
            (m, i, j)
            for i, f in enumerate(found)
            for j, g in enumerate(gold)
            if (m := matches(f, g))
        ),
        reverse=True,
    )
    used_found: set[int] = set()
    used_gold: set[int] = set()
    for _, i, j in pairs:
        if i not in used_found and j not in used_gold:
            used_found.add(i)
            used_gold.add(j)
    score.gold += len(gold)
    score.found += len(found)
    score.matched_gold += len(used_gold)
    score.matched_found += len(used_found)
    score.articles += 1


def polnear_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) file pairs of a PolNeAR split folder."""
    texts = {p.stem: p for p in (folder / "text").glob("*.txt")}
    pairs = []
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        if stem in texts:
            pairs.append((texts[stem], ann))
    if not pairs:
        raise WatchkeeperError(f"{folder}: no PolNeAR text/attributions pairs found")
    return pairs


def evaluate_attribution(
    folder: Path, extract: Callable[[str], list[Attribution]], limit: int | None = None
) -> Score:
    """Run ``extract`` on every article of a PolNeAR folder and score it against the gold."""
    score = Score()
    started = time.perf_counter()
    for text_path, ann_path in polnear_pairs(folder)[:limit]:
        text = text_path.read_text("utf-8")
        score_article(extract(text), read_ann(ann_path), score)
    score.seconds = time.perf_counter() - started
    return score


def spacy_extractor() -> Callable[[str], list[Attribution]]:
    """The article pipeline's statement extraction, as spans of the raw text."""
    from watchkeeper.media.nlp import load_english
    from watchkeeper.media.statements import extract_statements

    nlp = load_english()
    if nlp is None:
        raise WatchkeeperError("statement extraction needs the English model: install '.[nlp]'")

    def extract(text: str) -> list[Attribution]:
        return [
            Attribution(((s.speaker_start, s.speaker_end),), ((s.content_start, s.content_end),))
            for s in extract_statements(nlp(text))
        ]

    return extract
