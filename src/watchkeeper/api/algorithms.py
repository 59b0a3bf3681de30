"""Matching algorithm names a request may give, and what each one runs.

watchkeeper has one engine. yente clients often pass yente's algorithm names (``best``,
``logic-v2``...); those are accepted and run our engine, so a client configured for yente
keeps working, and ``GET /algorithms`` says so instead of pretending to run theirs.
"""

from __future__ import annotations

from watchkeeper.api.limits import RequestRejected
from watchkeeper.api.wire import AlgorithmResponse, AlgorithmsResponse

ENGINE = "watchkeeper"
ENGINE_DESCRIPTION = (
    "Name matching across scripts with aligned name parts (exact, phonetic, "
    "transliteration, fuzzy), adjusted by birth date, country and kind evidence."
)
YENTE_NAMES = (
    "best",
    "logic-v2",
    "logic-v1",
    "name-based",
    "name-qualified",
    "regression-v1",
    "ofac-249",
)
FEATURE_DOCS = {
    "name": "Score of the best-aligned listed name (0 to 1).",
    "birth_date": "Adjustment for agreeing or conflicting birth dates.",
    "country": "Adjustment for a listed or conflicting nationality or country.",
    "kind": "Adjustment when the query's kind conflicts with the listed entity's.",
    "weak_alias": "Penalty when only a weak (low-quality) alias matched.",
}


def resolve_algorithm(name: str) -> str:
    """Our engine's name for ``name``; an unknown name is a 422, not a silent default."""
    cleaned = name.strip().lower()
    if cleaned == ENGINE or cleaned in YENTE_NAMES:
        return ENGINE
    known = ", ".join((ENGINE, *YENTE_NAMES))
    raise RequestRejected(422, f"unknown algorithm {name!r}; use one of: {known}")


def algorithms() -> AlgorithmsResponse:
    """Every accepted name: our engine, then each yente name as an alias of it."""
    listed = [AlgorithmResponse(name=ENGINE, description=ENGINE_DESCRIPTION, docs=FEATURE_DOCS)]
    listed += [
        AlgorithmResponse(
            name=alias,
            description=f"Accepted for yente compatibility; runs the {ENGINE} engine.",
            docs=FEATURE_DOCS,
        )
        for alias in YENTE_NAMES
    ]
    return AlgorithmsResponse(algorithms=listed, default=ENGINE, best=ENGINE)
