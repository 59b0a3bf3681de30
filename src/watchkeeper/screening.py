"""Screen a query against the listed entities: retrieve candidates, score them, explain.

This is the Python API: ``Screener.from_store(store).screen(Query(name=...))``. Every result
carries the aligned name parts and the secondary evidence that produced its score, so an analyst
can see why a hit was raised without re-running anything.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence

from watchkeeper.countries import to_iso2
from watchkeeper.dates import parse_partial_date
from watchkeeper.errors import WatchkeeperError
from watchkeeper.index.merged_keys import merged_namespace
from watchkeeper.index.names import NameIndex, is_person
from watchkeeper.model import Entity, EntityKind, NameType, PartialDate
from watchkeeper.names.hangul import writing
from watchkeeper.names.parts import NamePart, PreparedName, prepare
from watchkeeper.names.script import detect_script
from watchkeeper.results import AlignedPart, Evidence, Match, Query
from watchkeeper.scoring.alignment import (
    Comparable,
    Memo,
    NameComparison,
    compare_names,
)
from watchkeeper.scoring.features import (
    WEAK_ALIAS,
    Feature,
    compare_birth_dates,
    compare_country,
    compare_kind,
)
from watchkeeper.scoring.similarity import ABJADS, ScriptPair, script_pair, similarity_rows
from watchkeeper.store import Store

__all__ = [
    "AlignedPart",
    "Evidence",
    "Match",
    "Query",
    "Screener",
    "ScreeningError",
    "calibrate",
]

DEFAULT_THRESHOLD = 0.75
MIN_SCORE = 0.5
MAX_NAME_LENGTH = 500
NAME_WEIGHT = 1.0
# Scores above this knee are compressed towards 1 instead of clipped, so a perfect name with a
# matching birth date still ranks above a perfect name alone, and nothing reaches 1.0.
KNEE = 0.9
# Secondary evidence moves a score by at most 0.2, so a name scoring below this can never
# reach ``MIN_SCORE``; candidates under it are not aligned at all.
NAME_FLOOR = (MIN_SCORE - 0.2) / NAME_WEIGHT
# Each further name of an entity that matches well adds this, for up to this many names.
CORROBORATION = 0.004
CORROBORATING_NAMES = 5
MAX_CORROBORATION = CORROBORATION * CORROBORATING_NAMES
# Scores are reported to four decimals.
ROUNDING = 0.0001


class ScreeningError(WatchkeeperError):
    """A query that cannot be screened (empty or oversized name, unreadable date...)."""


class _PreparedQuery:
    __slots__ = ("birth_date", "country", "kind", "query", "script")

    def __init__(
        self,
        query: Query,
        birth_date: PartialDate | None,
        country: str | None,
        kind: EntityKind | None,
        script: str,
    ) -> None:
        self.query = query
        self.birth_date = birth_date
        self.country = country
        self.kind = kind
        self.script = script


# How a query is compared with a listed name: the reading of the query (person,
# organisation, either) and how the scripts relate.
_Group = tuple[bool | None, ScriptPair]


class _Best:
    """The best-scoring name of one candidate entity so far."""

    __slots__ = ("comparison", "n_index", "query", "score", "strong_names")

    def __init__(
        self,
        score: float,
        comparison: NameComparison,
        n_index: int,
        strong_names: int,
        query: PreparedName,
    ) -> None:
        self.score = score
        self.comparison = comparison
        self.n_index = n_index
        self.strong_names = strong_names
        self.query = query


def calibrate(raw: float) -> float:
    """Map the raw score to [0, 1), compressing above the knee instead of clipping."""
    if raw <= KNEE:
        return max(0.0, raw)
    return KNEE + (1 - KNEE) * (1 - math.exp(-(raw - KNEE) / (1 - KNEE)))


class Screener:
    """Screens queries against an in-memory index of the active list versions."""

    def __init__(self, index: NameIndex, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.index = index
        self.threshold = threshold

    @classmethod
    def from_entities(cls, entities: Iterable[Entity], **kwargs: float) -> Screener:
        return cls(NameIndex.build(entities), **kwargs)

    @classmethod
    def from_store(cls, store: Store, **kwargs: float) -> Screener:
        return cls.from_entities(store.active_entities(), **kwargs)

    @staticmethod
    def check(query: Query) -> None:
        """Raise ``ScreeningError`` if ``query`` cannot be screened; needs no index."""
        Screener._prepare_query(query)
        if not prepare(query.name, is_person(query.kind)).parts:
            raise ScreeningError(f"nothing left to screen in {query.name!r} after normalisation")

    @staticmethod
    def _prepare_query(query: Query) -> _PreparedQuery:
        """Validate a query and resolve its birth date, country and script."""
        name = query.name.strip() if query.name else ""
        if not name:
            raise ScreeningError("the query has no name to screen")
        if len(name) > MAX_NAME_LENGTH:
            raise ScreeningError(f"the name is longer than {MAX_NAME_LENGTH} characters")
        birth = None
        if query.birth_date:
            birth = parse_partial_date(query.birth_date)
            if birth is None:
                raise ScreeningError(f"unreadable birth date {query.birth_date!r}")
        country = None
        if query.country:
            country = to_iso2(query.country)
            if country is None:
                raise ScreeningError(f"unknown country {query.country!r}")
        return _PreparedQuery(query, birth, country, query.kind, detect_script(name))

    def screen(
        self,
        query: Query,
        *,
        limit: int = 10,
        threshold: float | None = None,
        candidates: Sequence[int] | None = None,
    ) -> list[Match]:
        """Ranked matches for one query, best first; those at or above the threshold match.

        ``candidates`` (indexes into ``index.names``) replaces retrieval: the evaluation uses
        it to score names the index would not have retrieved, with scoring unchanged.
        """
        threshold = self.threshold if threshold is None else threshold
        prepared_query = self._prepare_query(query)
        q_person = is_person(query.kind)
        base = prepare(query.name, q_person)
        if not base.parts:
            raise ScreeningError(f"nothing left to screen in {query.name!r} after normalisation")
        best: dict[int, _Best] = {}
        # The query as compared: read as a person, an organisation, or either (unknown kind).
        readings = {q_person: Comparable(base, self.index.weigh)}
        abjad_query = prepared_query.script in ABJADS
        query_writing = writing(prepared_query.script, query.name)
        # Each candidate with the reading and script flags it is compared under; the part
        # similarities of each such group are computed together, before any alignment.
        plan: list[tuple[int, Comparable, _Group]] = []
        listed_parts: dict[_Group, list[NamePart]] = {}
        groups: dict[tuple[bool | None, str], _Group] = {}
        if candidates is None:
            candidates = self.index.candidates(
                base, abjad=abjad_query, merged=merged_namespace(query_writing)
            )
        for n_index in candidates:
            listed = self.index.names[n_index]
            listed_person = listed.prepared.person
            listed_writing = writing(listed.script, listed.full)
            group = groups.get((listed_person, listed_writing))
            if group is None:
                # A query of unknown kind is read as a person against persons; against
                # anything else it stays of unknown kind (ambiguous legal forms such as "Sa"
                # are kept).
                reading = q_person if q_person is not None else (listed_person or None)
                scripts = script_pair(query_writing, listed_writing)
                group = groups[(listed_person, listed_writing)] = (reading, scripts)
            q_comparable = readings.get(group[0])
            if q_comparable is None:
                q_comparable = readings[group[0]] = Comparable(
                    prepare(query.name, group[0]), self.index.weigh
                )
            plan.append((n_index, q_comparable, group))
            listed_parts.setdefault(group, []).extend(listed.prepared.parts)
        memos: dict[_Group, Memo] = {
            group: similarity_rows(readings[group[0]].parts, parts, group[1])
            for group, parts in listed_parts.items()
        }
        for n_index, q_comparable, group in plan:
            listed = self.index.names[n_index]
            comparison = compare_names(
                q_comparable, self.index.comparable(n_index), group[1], memos[group], NAME_FLOOR
            )
            score = comparison.score + (WEAK_ALIAS if listed.name_type is NameType.WEAK else 0.0)
            previous = best.get(listed.entity)
            strong = (previous.strong_names if previous else 0) + (comparison.score >= 0.9)
            if previous is None or score > previous.score:
                best[listed.entity] = _Best(
                    score, comparison, n_index, strong, q_comparable.prepared
                )
            else:
                previous.strong_names = strong
        cutoff = min(MIN_SCORE, threshold)
        floor = NAME_FLOOR
        if query.birth_date is None and query.country is None and query.kind is None:
            # Only corroboration can then lift a name's score (calibration never does): a
            # name that cannot reach the cut-off even so needs no match built.
            floor = max(floor, cutoff - MAX_CORROBORATION - ROUNDING)
        matches = [
            self._match(prepared_query, e_index, found, threshold)
            for e_index, found in best.items()
            if found.score >= floor
        ]
        matches = [m for m in matches if m.score >= cutoff]
        matches.sort(key=lambda m: (-m.score, m.entity_id))
        return matches[:limit]

    def score_pair(
        self, query_name: str, listed_name: str, kind: EntityKind | None = None
    ) -> float:
        """The score two bare names would get as query and listed name (no other evidence).

        Uses this screener's token weights, so the evaluation of name pairs scores exactly as
        screening does.
        """
        person = is_person(kind)
        comparison = compare_names(
            Comparable(prepare(query_name, person), self.index.weigh),
            Comparable(prepare(listed_name, person), self.index.weigh),
            script_pair(
                writing(detect_script(query_name), query_name),
                writing(detect_script(listed_name), listed_name),
            ),
        )
        return round(calibrate(NAME_WEIGHT * comparison.score), 4)

    def screen_many(
        self, queries: Iterable[Query], *, limit: int = 10, threshold: float | None = None
    ) -> Iterator[list[Match]]:
        """Screen queries one after another, yielding results in input order."""
        for query in queries:
            yield self.screen(query, limit=limit, threshold=threshold)

    def _match(self, pq: _PreparedQuery, e_index: int, found: _Best, threshold: float) -> Match:
        entity = self.index.entities[e_index]
        listed = self.index.names[found.n_index]
        comparison = found.comparison
        strong_names = found.strong_names
        features: list[Feature] = []
        if listed.name_type is NameType.WEAK:
            features.append(Feature("weak_alias", WEAK_ALIAS, "matched a weak (low-quality) alias"))
        if pq.birth_date is not None and entity.kind in (EntityKind.PERSON, EntityKind.UNKNOWN):
            feature = compare_birth_dates(pq.birth_date, entity.birth_dates)
            if feature:
                features.append(feature)
        if pq.country is not None:
            feature = compare_country(pq.country, entity)
            if feature:
                features.append(feature)
        if pq.kind is not None:
            feature = compare_kind(pq.kind, entity)
            if feature:
                features.append(feature)
        # Several independent names of the entity matching well is a little more evidence.
        corroboration = CORROBORATION * min(max(strong_names - 1, 0), CORROBORATING_NAMES)
        raw = NAME_WEIGHT * comparison.score + corroboration
        raw += sum(f.effect for f in features)
        score = round(calibrate(raw), 4)
        dropped = tuple(
            dict.fromkeys(
                [f"honorific {h}" for h in (*found.query.honorifics, *listed.prepared.honorifics)]
                + [
                    f"legal form {f}"
                    for f in (*found.query.legal_forms, *listed.prepared.legal_forms)
                ]
            )
        )
        return Match(
            entity_id=entity.id,
            list_id=entity.list_id,
            caption=entity.caption,
            kind=entity.kind.value,
            programs=entity.programs,
            score=score,
            match=score >= threshold,
            matched_name=listed.full,
            matched_name_type=listed.name_type.value,
            name_score=round(comparison.score, 4),
            parts=tuple(
                AlignedPart(a.query, a.listed, a.how.value, a.score) for a in comparison.aligned
            ),
            query_unmatched=comparison.query_unmatched,
            listed_unmatched=comparison.listed_unmatched,
            dropped=dropped,
            evidence=tuple(Evidence(f.name, f.effect, f.detail) for f in features),
        )
