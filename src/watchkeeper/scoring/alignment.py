"""Align the parts of a query name with the parts of a listed name, and score the alignment.

Word order is free ("SOLEIMANI, Qasem" = "Qasem Soleimani"), parts may be joined or split
("AbdulRahman" = "Abdul Rahman"), and either name may carry parts the other lacks (middle
names, patronymics). Each part weighs by how much it identifies: a rare surname counts more
than "Mohammed", a particle ("al", "bin") or an organisation word ("trading") counts little.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from watchkeeper.names.parts import NamePart, PartRole, PreparedName
from watchkeeper.names.phonetic import skeleton
from watchkeeper.scoring.similarity import MIN_USEFUL, How, part_similarity

Weigh = Callable[[NamePart], float]

ROLE_WEIGHT = {
    PartRole.NAME: 1.0,
    PartRole.PARTICLE: 0.15,
    PartRole.ORG_WORD: 0.3,
    PartRole.NUMBER: 1.0,
}
# How much parts of the listed name that the query does not have cost. Lower than for the
# query side: lists carry full names with patronymics that customers rarely give.
LISTED_COVERAGE_EXPONENT = 0.45
QUERY_COVERAGE_EXPONENT = 1.3
# A one-word name ("Soleimani", "Souleiman") identifies far less than a full name; when both
# sides come down to one word, and any honorifics they carried differ, the score is damped.
MONONYM_FACTOR = 0.88


def role_weight(part: NamePart) -> float:
    return ROLE_WEIGHT[part.role]


@dataclass(frozen=True, slots=True)
class Aligned:
    """One query part (or joined parts) matched to one listed part (or joined parts)."""

    query: str
    listed: str
    how: How
    score: float


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    aligned: tuple[Aligned, ...]
    query_unmatched: tuple[str, ...]
    listed_unmatched: tuple[str, ...]


def _joined(parts: tuple[NamePart, ...], i: int) -> NamePart:
    text = parts[i].text + parts[i + 1].text
    return NamePart(text, skeleton(text), PartRole.NAME)


def compare_names(
    query: PreparedName,
    listed: PreparedName,
    weigh: Weigh = role_weight,
    cross_script: bool = False,
) -> NameComparison:
    """Best one-to-one alignment of parts (greedy on similarity), scored by weighted coverage."""
    q_parts, c_parts = query.parts, listed.parts
    if not q_parts or not c_parts:
        return NameComparison(
            0.0, (), tuple(p.text for p in q_parts), tuple(p.text for p in c_parts)
        )
    q_weight = [weigh(p) for p in q_parts]
    c_weight = [weigh(p) for p in c_parts]
    # Candidate pairs: (score, how, query indexes, listed indexes).
    pairs: list[tuple[float, How, tuple[int, ...], tuple[int, ...]]] = []
    for i, qp in enumerate(q_parts):
        for j, cp in enumerate(c_parts):
            score, how = part_similarity(qp, cp, cross_script)
            if score >= MIN_USEFUL:
                pairs.append((score, how, (i,), (j,)))
    for i in range(len(q_parts) - 1):
        joined = _joined(q_parts, i)
        for j, cp in enumerate(c_parts):
            score, how = part_similarity(joined, cp, cross_script)
            if score >= 0.85:
                pairs.append((score, How.JOINED if how is How.EXACT else how, (i, i + 1), (j,)))
    for j in range(len(c_parts) - 1):
        joined = _joined(c_parts, j)
        for i, qp in enumerate(q_parts):
            score, how = part_similarity(qp, joined, cross_script)
            if score >= 0.85:
                pairs.append((score, How.JOINED if how is How.EXACT else how, (i,), (j, j + 1)))
    # Prefer higher similarity; among equals, prefer parts in the same relative position.
    pairs.sort(key=lambda p: (-p[0], abs(p[2][0] / len(q_parts) - p[3][0] / len(c_parts))))
    used_q: set[int] = set()
    used_c: set[int] = set()
    aligned: list[Aligned] = []
    matched_q = matched_c = weighted = 0.0
    for score, how, qi, ci in pairs:
        if used_q.intersection(qi) or used_c.intersection(ci):
            continue
        used_q.update(qi)
        used_c.update(ci)
        wq = sum(q_weight[i] for i in qi)
        wc = sum(c_weight[j] for j in ci)
        matched_q += wq
        matched_c += wc
        weighted += score * (wq + wc)
        aligned.append(
            Aligned(
                " ".join(q_parts[i].text for i in qi),
                " ".join(c_parts[j].text for j in ci),
                how,
                round(score, 3),
            )
        )
    if not aligned:
        return NameComparison(
            0.0, (), tuple(p.text for p in q_parts), tuple(p.text for p in c_parts)
        )
    quality = weighted / (matched_q + matched_c)
    q_cover = matched_q / sum(q_weight)
    c_cover = matched_c / sum(c_weight)
    score = quality * q_cover**QUERY_COVERAGE_EXPONENT * c_cover**LISTED_COVERAGE_EXPONENT
    if len(q_parts) == 1 and len(c_parts) == 1 and set(query.honorifics) != set(listed.honorifics):
        score *= MONONYM_FACTOR
    return NameComparison(
        score=score,
        aligned=tuple(aligned),
        query_unmatched=tuple(p.text for i, p in enumerate(q_parts) if i not in used_q),
        listed_unmatched=tuple(p.text for j, p in enumerate(c_parts) if j not in used_c),
    )
