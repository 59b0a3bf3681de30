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
from typing import NamedTuple

from watchkeeper.names.parts import NamePart, PartRole, PreparedName
from watchkeeper.names.phonetic import vowel_key
from watchkeeper.scoring.similarity import (
    MIN_USEFUL,
    SAME_SCRIPT,
    How,
    ScriptPair,
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


class Comparable:
    """A prepared name with what comparing it needs, computed once: part weights, the
    spellings of adjacent parts joined, and which parts count as evidence.

    A plain class rather than a frozen dataclass: one is made for every listed name a query
    meets for the first time, and compiled, a plain constructor is many times cheaper.
    """

    __slots__ = (
        "bounds",
        "counted",
        "distinct",
        "honorifics",
        "join_spans",
        "joined",
        "legal_forms",
        "prepared",
        "texts",
        "weights",
    )

    def __init__(self, prepared: PreparedName, weigh: Weigh = role_weight) -> None:
        parts = prepared.parts
        self.prepared = prepared
        self.weights: tuple[float, ...] = tuple(weigh(p) for p in parts)
        self.joined: tuple[str, ...] = tuple(a.text + b.text for a, b in pairwise(parts))
        # For each joined spelling, its first letter and the lengths a part can have and
        # still reach ``JOINED_MIN`` against it (see ``_join_span``).
        self.join_spans: tuple[tuple[str, int, int], ...] = tuple(
            _join_span(joined) for joined in self.joined
        )
        self.texts: tuple[str, ...] = tuple(p.text for p in parts)
        # Parts whose absence on the other side counts against a match (all but particles).
        self.counted: tuple[bool, ...] = tuple(p.role is not PartRole.PARTICLE for p in parts)
        # Parts that make a substitution when unmatched on both sides (names and initials).
        self.distinct: tuple[bool, ...] = tuple(
            p.role in (PartRole.NAME, PartRole.INITIAL) for p in parts
        )
        self.honorifics = frozenset(prepared.honorifics)
        self.legal_forms = frozenset(prepared.legal_forms)
        # What a set of found parts (a bit mask) allows at best: see ``_side_bound``.
        self.bounds: dict[int, tuple[float, bool, float]] = {}

    @property
    def parts(self) -> tuple[NamePart, ...]:
        return self.prepared.parts


# One alignment: the query part indexes, the listed part indexes, how and how well.
Link = tuple[tuple[int, ...], tuple[int, ...], How, float]


class NameComparison(NamedTuple):
    """The score of a pair of names and the alignment behind it.

    The readable parts of the explanation are derived on demand: a query is compared with
    dozens of listed names and only the few reported need them.
    """

    score: float
    query: Comparable
    listed: Comparable
    links: tuple[Link, ...] = ()

    @property
    def aligned(self) -> tuple[Aligned, ...]:
        q_parts, c_parts = self.query.parts, self.listed.parts
        return tuple(
            Aligned(
                " ".join(q_parts[i].text for i in qi),
                " ".join(c_parts[j].text for j in ci),
                how,
                round(score, 3),
            )
            for qi, ci, how, score in self.links
        )

    @property
    def query_unmatched(self) -> tuple[str, ...]:
        used = {i for qi, _, _, _ in self.links for i in qi}
        return tuple(p.text for i, p in enumerate(self.query.parts) if i not in used)

    @property
    def listed_unmatched(self) -> tuple[str, ...]:
        used = {j for _, ci, _, _ in self.links for j in ci}
        return tuple(p.text for j, p in enumerate(self.listed.parts) if j not in used)


def _unmatched_weight(name: Comparable, aligned: set[str]) -> float:
    """Weight of the counted parts whose spelling is not among the ``aligned`` ones.

    A word repeated by mistake ("Sergey Sergey Shoigu") is not a second unmatched word.
    (Plain index loops here and below: compiled, they are several times faster than
    generator expressions over zipped tuples, and sum in the same order.)
    """
    texts, weights, counted = name.texts, name.weights, name.counted
    total = 0.0
    for i in range(len(texts)):
        if counted[i] and texts[i] not in aligned:
            total += weights[i]
    return total


def _substitution(name: Comparable, aligned: set[str]) -> bool:
    """Whether a name or initial of ``name`` has no counterpart (see ``CONFLICT``)."""
    texts, distinct = name.texts, name.distinct
    return any(distinct[i] and texts[i] not in aligned for i in range(len(texts)))


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


def _join_span(joined: str) -> tuple[str, int, int]:
    """First letter and length bounds of the parts that may match ``joined``.

    ``_joined_similarity`` needs a spelling similarity of 0.8, so an Indel similarity of 0.6
    at least, which twice the shorter length over both lengths caps: with ``a`` letters
    joined, a part needs ``7 * len >= 3 * a`` and ``3 * len <= 7 * a``.
    """
    size = len(joined)
    return joined[0], -(-3 * size // 7), 7 * size // 3


def _joined_similarity(a: str, b: str) -> float:
    """Spelling similarity, or a phonetic equal (Jeongeun/Jong Un) at the joining minimum."""
    spelled = spelling_similarity(a, b)
    if 0.8 <= spelled < JOINED_MIN and vowel_key(a) == vowel_key(b):
        return JOINED_MIN
    return spelled


# Part similarities for one query, by query part then listed part spelling (see
# ``similarity.similarity_rows``); shared between comparisons with the same script flags.
Memo = dict[str, dict[str, tuple[float, How]]]
Pair = tuple[float, How, int, int, int, int, float, float]


def _indexes(first: int, bits: int) -> tuple[int, ...]:
    """The part indexes of a pair's bit mask: one part, or two joined."""
    return (first, first + 1) if bits >> first == 3 else (first,)


def _side_bound(name: Comparable, found: int) -> tuple[float, bool, float]:
    """For one name whose parts in the bit mask ``found`` have a counterpart: the highest
    coverage any alignment can reach, whether a substitution is certain, and the core factor
    at best. Parts with no counterpart at all stay unmatched (unless they repeat the spelling
    of a found part). Kept per mask: a name meets the same few masks again and again."""
    bound = name.bounds.get(found)
    if bound is None:
        texts: set[str] = set()
        reached = 0.0
        for i in range(len(name.texts)):
            if found >> i & 1:
                texts.add(name.texts[i])
                reached += name.weights[i]
        cover = reached / (reached + _unmatched_weight(name, texts))
        bound = name.bounds[found] = (cover, _substitution(name, texts), _core_factor(name, texts))
    return bound


def _upper_bound(
    query: Comparable, listed: Comparable, q_found: int, c_found: int, top: float
) -> float:
    """A score no alignment can exceed, from the parts that have any counterpart at all.

    Every factor of the score is bounded: the quality by the best pair, each coverage by the
    parts that appear in any pair, the listed-side exponent by the most parts that could
    align; penalties that hold whatever the alignment (a distinct part unmatched on both
    sides, core names never found, legal forms) apply as they are. Most candidates of most
    queries fall far below the reporting floor, and this spares them the alignment.
    """
    q_cover, q_substitution, _ = _side_bound(query, q_found)
    c_cover, c_substitution, core = _side_bound(listed, c_found)
    if listed.prepared.person is False:
        exponent = ORG_COVERAGE_EXPONENT
    else:
        aligned_at_most = max(1, min(q_found.bit_count(), c_found.bit_count()))
        exponent = LISTED_COVERAGE_EXPONENT / aligned_at_most**1.5
    bound: float = effective(top) * q_cover**QUERY_COVERAGE_EXPONENT * c_cover**exponent
    if q_substitution and c_substitution:
        bound *= CONFLICT
    return bound * core * _name_factors(query, listed)


def _core_factor(listed: Comparable, aligned: set[str]) -> float:
    """Matching a second surname and a middle name while the first surname or first given
    name finds nothing ("José Gómez" against "LOPEZ GOMEZ, Roberto Jose") is weak."""
    core = listed.prepared.core
    if not core:
        return 1.0
    return CORE_FLOOR + (1 - CORE_FLOOR) * sum(1 for n in core if n in aligned) / len(core)


def _name_factors(query: Comparable, listed: Comparable) -> float:
    """Penalties that depend on the two names, not on how their parts align."""
    factor = 1.0
    if len(query.texts) == 1 and len(listed.texts) == 1 and query.honorifics != listed.honorifics:
        factor *= MONONYM_FACTOR
    q_forms, c_forms = query.legal_forms, listed.legal_forms
    if q_forms and c_forms and q_forms.isdisjoint(c_forms):
        factor *= LEGAL_FORM_CONFLICT
    return factor


def compare_names(
    query: Comparable,
    listed: Comparable,
    scripts: ScriptPair = SAME_SCRIPT,
    memo: Memo | None = None,
    floor: float = 0.0,
) -> NameComparison:
    """Best one-to-one alignment of parts (greedy on similarity), scored by weighted coverage.

    ``memo`` caches part similarities across the candidates of one query (the same listed
    words recur); it must only be shared between comparisons with the same ``scripts``.
    A pair that cannot reach ``floor`` is not aligned and scores 0.
    """
    q_parts, c_parts = query.parts, listed.parts
    if not q_parts or not c_parts:
        return NameComparison(0.0, query, listed)
    if memo is None:
        memo = {}
    q_weight, c_weight = query.weights, listed.weights
    # Candidate pairs: (score, how, query index, listed index, then the bit masks and weights
    # of the parts they use: two on one side for joined parts).
    pairs: list[Pair] = []
    q_found = c_found = 0  # bit masks of the parts with a counterpart
    top = 0.0
    for i, qp in enumerate(q_parts):
        row = memo.get(qp.text)
        if row is None:
            row = memo[qp.text] = {}
        for j, text in enumerate(listed.texts):
            found = row.get(text)
            if found is None:
                found = row[text] = part_similarity(qp, c_parts[j], scripts)
            score = found[0]
            if score > MIN_USEFUL:
                pairs.append((score, found[1], i, j, 1 << i, 1 << j, q_weight[i], c_weight[j]))
                q_found |= 1 << i
                c_found |= 1 << j
                if score > top:
                    top = score
    n_q, n_c = len(q_parts), len(c_parts)
    if n_q != n_c:
        # Written together on one side, apart on the other ("AbdulRahman"/"Abdul Rahman").
        for i, (joined, (first, shortest, longest)) in enumerate(
            zip(query.joined, query.join_spans, strict=True)
        ):
            for j, text in enumerate(listed.texts):
                if text[0] == first and shortest <= len(text) <= longest:
                    score = _joined_similarity(joined, text)
                    if score >= JOINED_MIN:
                        wq = q_weight[i] + q_weight[i + 1]
                        pairs.append((score, How.JOINED, i, j, 3 << i, 1 << j, wq, c_weight[j]))
                        q_found |= 3 << i
                        c_found |= 1 << j
                        top = max(top, score)
        for j, (joined, (first, shortest, longest)) in enumerate(
            zip(listed.joined, listed.join_spans, strict=True)
        ):
            for i, text in enumerate(query.texts):
                if text[0] == first and shortest <= len(text) <= longest:
                    score = _joined_similarity(text, joined)
                    if score >= JOINED_MIN:
                        wc = c_weight[j] + c_weight[j + 1]
                        pairs.append((score, How.JOINED, i, j, 1 << i, 3 << j, q_weight[i], wc))
                        q_found |= 1 << i
                        c_found |= 3 << j
                        top = max(top, score)
    if not pairs or (floor > 0 and _upper_bound(query, listed, q_found, c_found, top) < floor):
        return NameComparison(0.0, query, listed)
    # Prefer higher similarity; among equals, prefer parts in the same relative position.
    pairs.sort(key=lambda p: (-p[0], abs(p[2] / n_q - p[3] / n_c)))
    used_q = used_c = 0
    links: list[Link] = []
    matched_q = matched_c = weighted = agreement = 0.0
    for score, how, i, j, q_bits, c_bits, wq, wc in pairs:
        if used_q & q_bits or used_c & c_bits:
            continue
        used_q |= q_bits
        used_c |= c_bits
        links.append((_indexes(i, q_bits), _indexes(j, c_bits), how, score))
        matched_q += wq
        matched_c += wc
        agreement += effective(round(score, 3))
        weighted += effective(score) * (wq + wc)
    quality = weighted / (matched_q + matched_c)
    # Unmatched particles ("al", "bin") are no evidence either way; only other parts count.
    aligned_q = {text for i, text in enumerate(query.texts) if used_q >> i & 1}
    aligned_c = {text for j, text in enumerate(listed.texts) if used_c >> j & 1}
    q_cover = matched_q / (matched_q + _unmatched_weight(query, aligned_q))
    c_cover = matched_c / (matched_c + _unmatched_weight(listed, aligned_c))
    agreement = max(1.0, agreement)
    if listed.prepared.person is False:
        # An organisation's extra distinctive word names another organisation
        # ("Banco Santander Mexico"); a person's extra word is usually a patronymic.
        listed_exponent = ORG_COVERAGE_EXPONENT
    else:
        listed_exponent = LISTED_COVERAGE_EXPONENT / agreement**1.5
    score = quality * q_cover**QUERY_COVERAGE_EXPONENT * c_cover**listed_exponent
    # A part on each side that found no counterpart is a substitution (AHMED vs SULTAN in the
    # same place), which speaks against the match more than a part one side simply lacks.
    if _substitution(query, aligned_q) and _substitution(listed, aligned_c):
        score *= CONFLICT
    score *= _core_factor(listed, aligned_c) * _name_factors(query, listed)
    if _patronymic_reversed(q_parts, c_parts, [(qi[0], ci[0]) for qi, ci, _, _ in links]):
        score *= PATRONYMIC_REVERSAL
    return NameComparison(score, query, listed, tuple(links))
