"""Align the parts of a query name with the parts of a listed name, and score the alignment.

Word order is free ("SOLEIMANI, Qasem" = "Qasem Soleimani"), parts may be joined or split
("AbdulRahman" = "Abdul Rahman"), and either name may carry parts the other lacks (middle
names, patronymics). Each part weighs by how much it identifies: a rare surname counts more
than "Mohammed", a particle ("al", "bin") or an organisation word ("trading") counts little.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from watchkeeper.names.parts import NamePart, PartRole, PreparedName
from watchkeeper.names.phonetic import vowel_key
from watchkeeper.scoring.similarity import (
    MIN_USEFUL,
    How,
    effective,
    part_similarity,
    spelling_similarity,
)

Weigh = Callable[[NamePart], float]

ROLE_WEIGHT = {
    PartRole.NAME: 1.0,
    PartRole.PARTICLE: 0.15,
    PartRole.ORG_WORD: 0.3,
    PartRole.NUMBER: 1.0,
    PartRole.INITIAL: 0.3,
}
# How much parts of the listed name that the query does not have cost. Lower than for the
# query side: lists carry full names with patronymics that customers rarely give, and lower
# still the more query parts align closely (two names agreeing on first and last name are far
# stronger evidence than one shared word), hence divided by the summed agreement of the parts.
LISTED_COVERAGE_EXPONENT = 0.4
QUERY_COVERAGE_EXPONENT = 1.3
# A one-word name ("Soleimani", "Souleiman") identifies far less than a full name; when both
# sides come down to one word, and any honorifics they carried differ, the score is damped.
MONONYM_FACTOR = 0.88
# Different legal forms (AG / GmbH) on otherwise equal names are usually different companies.
LEGAL_FORM_CONFLICT = 0.78
PATRONYMIC_REVERSAL = 0.7
ORG_COVERAGE_EXPONENT = 0.5
CORE_FLOOR = 0.6
CONFLICT = 0.8
# Joining two parts to match one ("Abdul Rahman"/"AbdulRahman") needs a near-exact spelling.
JOINED_MIN = 0.9


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


@dataclass(frozen=True, slots=True)
class Comparable:
    """A prepared name with what comparing it needs, computed once: part weights and the
    spellings of adjacent parts joined."""

    prepared: PreparedName
    weights: tuple[float, ...]
    joined: tuple[str, ...]

    @property
    def parts(self) -> tuple[NamePart, ...]:
        return self.prepared.parts


def comparable(prepared: PreparedName, weigh: Weigh = role_weight) -> Comparable:
    parts = prepared.parts
    return Comparable(
        prepared,
        tuple(weigh(p) for p in parts),
        tuple(a.text + b.text for a, b in pairwise(parts)),
    )


def _distinct_unmatched(parts: tuple[NamePart, ...], used: set[int], aligned: set[str]) -> bool:
    return any(
        i not in used and p.role in (PartRole.NAME, PartRole.INITIAL) and p.text not in aligned
        for i, p in enumerate(parts)
    )


def _patronymic_reversed(
    q_parts: tuple[NamePart, ...], c_parts: tuple[NamePart, ...], pairs: list[tuple[int, int]]
) -> bool:
    """ "Omar bin Abdullah" is not "Abdullah bin Omar": a son and his father.

    When both names say "bin", a name aligned before it on one side and after it on the other
    means the roles are swapped.
    """
    q_bin = next((i for i, p in enumerate(q_parts) if p.text == "bin"), None)
    c_bin = next((j for j, p in enumerate(c_parts) if p.text == "bin"), None)
    if q_bin is None or c_bin is None:
        return False
    return any(
        (i < q_bin) != (j < c_bin)
        for i, j in pairs
        if q_parts[i].role is PartRole.NAME and i != q_bin and j != c_bin
    )


def _joined_similarity(a: str, b: str) -> float:
    """Spelling similarity, or a phonetic equal (Jeongeun/Jong Un) at the joining minimum."""
    spelled = spelling_similarity(a, b)
    if 0.8 <= spelled < JOINED_MIN and vowel_key(a) == vowel_key(b):
        return JOINED_MIN
    return spelled


Memo = dict[tuple[str, str], tuple[float, How]]


def compare_names(
    query: Comparable,
    listed: Comparable,
    cross_script: bool = False,
    abjad: bool = False,
    memo: Memo | None = None,
) -> NameComparison:
    """Best one-to-one alignment of parts (greedy on similarity), scored by weighted coverage.

    ``memo`` caches part similarities across the candidates of one query (the same listed
    words recur); it must only be shared between comparisons with the same script flags.
    """
    q_parts, c_parts = query.parts, listed.parts
    if not q_parts or not c_parts:
        return NameComparison(
            0.0, (), tuple(p.text for p in q_parts), tuple(p.text for p in c_parts)
        )
    q_weight, c_weight = query.weights, listed.weights
    if memo is None:
        memo = {}
    # Candidate pairs: (score, how, query indexes, listed indexes).
    pairs: list[tuple[float, How, tuple[int, ...], tuple[int, ...]]] = []
    for i, qp in enumerate(q_parts):
        for j, cp in enumerate(c_parts):
            key = (qp.text, cp.text)
            found = memo.get(key)
            if found is None:
                found = memo[key] = part_similarity(qp, cp, cross_script, abjad)
            if found[0] > MIN_USEFUL:
                pairs.append((found[0], found[1], (i,), (j,)))
    if len(q_parts) != len(c_parts):
        # Written together on one side, apart on the other ("AbdulRahman"/"Abdul Rahman").
        for i, joined in enumerate(query.joined):
            for j, cp in enumerate(c_parts):
                if joined[0] == cp.text[0]:
                    score = _joined_similarity(joined, cp.text)
                    if score >= JOINED_MIN:
                        pairs.append((score, How.JOINED, (i, i + 1), (j,)))
        for j, joined in enumerate(listed.joined):
            for i, qp in enumerate(q_parts):
                if joined[0] == qp.text[0]:
                    score = _joined_similarity(qp.text, joined)
                    if score >= JOINED_MIN:
                        pairs.append((score, How.JOINED, (i,), (j, j + 1)))
    # Prefer higher similarity; among equals, prefer parts in the same relative position.
    pairs.sort(key=lambda p: (-p[0], abs(p[2][0] / len(q_parts) - p[3][0] / len(c_parts))))
    used_q: set[int] = set()
    used_c: set[int] = set()
    used_pairs: list[tuple[int, int]] = []
    aligned: list[Aligned] = []
    matched_q = matched_c = weighted = 0.0
    for score, how, qi, ci in pairs:
        if used_q.intersection(qi) or used_c.intersection(ci):
            continue
        used_q.update(qi)
        used_c.update(ci)
        used_pairs.append((qi[0], ci[0]))
        wq = sum(q_weight[i] for i in qi)
        wc = sum(c_weight[j] for j in ci)
        matched_q += wq
        matched_c += wc
        weighted += effective(score) * (wq + wc)
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
    # Unmatched particles ("al", "bin") are no evidence either way; only other parts count.
    # A word repeated by mistake ("Sergey Sergey Shoigu") is not a second unmatched word.
    aligned_q = {q_parts[i].text for i in used_q}
    aligned_c = {c_parts[j].text for j in used_c}
    q_total = matched_q + sum(
        w
        for i, (w, p) in enumerate(zip(q_weight, q_parts, strict=True))
        if i not in used_q and p.role is not PartRole.PARTICLE and p.text not in aligned_q
    )
    c_total = matched_c + sum(
        w
        for j, (w, p) in enumerate(zip(c_weight, c_parts, strict=True))
        if j not in used_c and p.role is not PartRole.PARTICLE and p.text not in aligned_c
    )
    q_cover = matched_q / q_total
    c_cover = matched_c / c_total
    agreement = max(1.0, sum(effective(a.score) for a in aligned))
    if listed.prepared.person is False:
        # An organisation's extra distinctive word names another organisation
        # ("Banco Santander Mexico"); a person's extra word is usually a patronymic.
        listed_exponent = ORG_COVERAGE_EXPONENT
    else:
        listed_exponent = LISTED_COVERAGE_EXPONENT / agreement**1.5
    score = quality * q_cover**QUERY_COVERAGE_EXPONENT * c_cover**listed_exponent
    # A part on each side that found no counterpart is a substitution (AHMED vs SULTAN in the
    # same place), which speaks against the match more than a part one side simply lacks.
    if _distinct_unmatched(q_parts, used_q, aligned_q) and _distinct_unmatched(
        c_parts, used_c, aligned_c
    ):
        score *= CONFLICT
    core = listed.prepared.core
    if core:
        # Matching a second surname and a middle name while the first surname or first given
        # name finds nothing ("José Gómez" against "LOPEZ GOMEZ, Roberto Jose") is weak.
        core_found = sum(1 for name in core if name in aligned_c)
        score *= CORE_FLOOR + (1 - CORE_FLOOR) * core_found / len(core)
    honorifics = set(query.prepared.honorifics) != set(listed.prepared.honorifics)
    if len(q_parts) == 1 and len(c_parts) == 1 and honorifics:
        score *= MONONYM_FACTOR
    q_forms, c_forms = set(query.prepared.legal_forms), set(listed.prepared.legal_forms)
    if q_forms and c_forms and not q_forms & c_forms:
        score *= LEGAL_FORM_CONFLICT
    if _patronymic_reversed(q_parts, c_parts, used_pairs):
        score *= PATRONYMIC_REVERSAL
    return NameComparison(
        score=score,
        aligned=tuple(aligned),
        query_unmatched=tuple(p.text for i, p in enumerate(q_parts) if i not in used_q),
        listed_unmatched=tuple(p.text for j, p in enumerate(c_parts) if j not in used_c),
    )
