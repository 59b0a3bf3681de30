"""What screening takes and gives: the query and the matches with their reasons.

These are plain msgspec structs, apart from the engine in ``screening``: they serialise to
JSON, Arrow rows and audit records as they are, and the engine modules (which are compiled
when the package is built) only create them.
"""

from __future__ import annotations

import msgspec

from watchkeeper.model import EntityKind


class Query(msgspec.Struct, frozen=True, omit_defaults=True):
    """What is screened: a name, and optionally a birth date, country and kind."""

    name: str
    birth_date: str | None = None
    country: str | None = None
    kind: EntityKind | None = None


class AlignedPart(msgspec.Struct, frozen=True):
    query: str
    listed: str
    how: str
    score: float


class Evidence(msgspec.Struct, frozen=True):
    feature: str
    effect: float
    detail: str


class Match(msgspec.Struct, frozen=True):
    """One listed entity the query may be, with the reasons."""

    entity_id: str
    list_id: str
    caption: str
    kind: str
    programs: tuple[str, ...]
    score: float
    match: bool
    matched_name: str
    matched_name_type: str
    name_score: float
    parts: tuple[AlignedPart, ...]
    query_unmatched: tuple[str, ...]
    listed_unmatched: tuple[str, ...]
    dropped: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    @property
    def explanation(self) -> str:
        """One readable line: which parts aligned how, and what moved the score."""
        parts = "; ".join(
            f"{p.query} = {p.listed} ({p.how}{'' if p.how == 'exact' else f' {p.score:.2f}'})"
            for p in self.parts
        )
        extra = [f"unmatched in query: {' '.join(self.query_unmatched)}"] * bool(
            self.query_unmatched
        )
        extra += [f"not in query: {' '.join(self.listed_unmatched)}"] * bool(self.listed_unmatched)
        extra += [f"dropped: {', '.join(self.dropped)}"] * bool(self.dropped)
        extra += [f"{e.detail} ({e.effect:+.2f})" for e in self.evidence]
        return f'"{self.matched_name}": {parts}' + "".join(f"; {x}" for x in extra)
