"""``POST /match/{dataset}`` and ``GET /search/{dataset}``: the screening endpoints.

Requests are checked on the event loop (cheap, and a bad request never waits in line); the
screening itself, CPU work, runs on the app's one screening thread (``ApiContext.run``), so
concurrent requests are screened one after another rather than time-sliced by the GIL, and
the event loop stays free for health checks and other connections.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from watchkeeper.api.algorithms import ENGINE, resolve_algorithm
from watchkeeper.api.audit import ScreenedResult, ScreeningRecord
from watchkeeper.api.context import ApiContext, Authorize
from watchkeeper.api.examples import ParsedExample, parse_example
from watchkeeper.api.limits import LimitExceeded, RequestRejected
from watchkeeper.api.lists import LoadedLists
from watchkeeper.api.matching import Found, MatchOptions, best_matches, scored_response
from watchkeeper.api.middleware import LOG_SCOPE_KEY
from watchkeeper.api.wire import (
    EntityExample,
    EntityMatches,
    ErrorResponse,
    MatchRequest,
    MatchResponse,
    SearchResponse,
    TotalSpec,
    json_response,
)

router = APIRouter()


class MatchParameters(BaseModel):
    """The query parameters of ``/match``, validated in one go (unknown ones are ignored)."""

    limit: int = Field(default=5, ge=1, le=500, description="Results per query.")
    threshold: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Score at or above which a result matches."
    )
    cutoff: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Drop results scoring below this."
    )
    algorithm: str = Field(
        default=ENGINE, description="`watchkeeper`; yente names such as `best` run it too."
    )
    include_dataset: list[str] = Field(default_factory=list, description="Only these lists.")
    exclude_dataset: list[str] = Field(default_factory=list, description="Not these lists.")
    exclude_schema: list[str] = Field(default_factory=list, description="E.g. `Vessel`.")
    exclude_entity_ids: list[str] = Field(
        default_factory=list, max_length=500, description="Entities never to return."
    )
    topics: list[str] = Field(default_factory=list, description="Only entities with a topic.")


ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorResponse, "description": "No API key, or an unknown one"},
    403: {"model": ErrorResponse, "description": "A revoked API key"},
    404: {"model": ErrorResponse, "description": "Unknown dataset"},
    413: {"model": ErrorResponse, "description": "Request body too large"},
    422: {"model": ErrorResponse, "description": "A query that cannot be screened"},
    503: {"model": ErrorResponse, "description": "The list index is still being built"},
}

DatasetPath = Annotated[
    str,
    Path(description="A list id such as `ofac-sdn` or `un-sc`; `default` means every list."),
]
Names = Annotated[list[str], Query()]
Threshold = Annotated[
    float | None,
    Query(ge=0.0, le=1.0, description="Score at or above which a result is a match."),
]


def _options(
    loaded: LoadedLists,
    dataset: str,
    threshold: float | None,
    cutoff: float | None,
    include: list[str],
    exclude: list[str],
    exclude_schema: list[str],
    exclude_ids: list[str],
    topics: list[str],
) -> MatchOptions:
    lists = loaded.resolve(dataset, include, exclude)
    if topics and "sanction" not in topics:
        lists = frozenset()  # every listed entity here is sanctioned; nothing else is held
    threshold = loaded.screener.threshold if threshold is None else threshold
    return MatchOptions(
        lists=lists,
        threshold=threshold,
        cutoff=0.0 if cutoff is None else min(cutoff, threshold),
        exclude_ids=frozenset(exclude_ids),
        exclude_schemata=frozenset(exclude_schema),
    )


def _record(
    context: ApiContext,
    caller: str | None,
    endpoint: str,
    dataset: str,
    key: str,
    parsed: ParsedExample,
    options: MatchOptions,
    loaded: LoadedLists,
    returned: list[Found],
) -> None:
    """Hand one screening to the audit hook, if one is installed."""
    if context.on_screened is None:
        return
    context.on_screened(
        ScreeningRecord(
            key_name=caller,
            at=datetime.now(UTC),
            endpoint=endpoint,
            dataset=dataset,
            query_key=key,
            query={"schema": parsed.schema, "properties": parsed.properties},
            threshold=options.threshold,
            list_versions={v.list_id: v.id for v in loaded.versions if v.list_id in options.lists},
            results=tuple(
                ScreenedResult(
                    f.match.entity_id,
                    f.match.list_id,
                    f.match.score,
                    f.match.match,
                    f.match.caption,
                    f.match.matched_name,
                    f.match.programs,
                )
                for f in returned
            ),
            list_hashes={
                v.list_id: v.content_hash for v in loaded.versions if v.list_id in options.lists
            },
        )
    )


@router.post(
    "/match/{dataset}",
    response_model=MatchResponse,
    responses=ERRORS,
    tags=["Matching"],
    summary="Screen a batch of entities (yente query-by-example)",
)
async def match(
    request: Request,
    dataset: DatasetPath,
    body: MatchRequest,
    params: Annotated[MatchParameters, Query()],
    authorized: Authorize,
) -> Response:
    """Screen each query of the batch: names, birth dates and countries of persons,
    organisations, vessels and aircraft, against the chosen lists.

    Every result carries `features` (named contributions to its score) and `explanations`
    (a sentence per feature). Several names in one query are each screened and the best
    score per listed entity is kept.
    """
    context, caller, loaded = authorized.context, authorized.caller, authorized.lists
    limits = context.limits
    limit = params.limit
    resolve_algorithm(params.algorithm)
    if limit > limits.max_limit:
        raise LimitExceeded(422, f"limit {limit} is above the maximum of {limits.max_limit}")
    if body.weights or body.config:
        raise RequestRejected(422, "weights and config are not supported by this engine")
    if not body.queries:
        raise RequestRejected(422, "no queries given")
    if len(body.queries) > limits.max_queries:
        raise LimitExceeded(
            422,
            f"{len(body.queries)} queries in one request; the limit is {limits.max_queries}",
        )
    options = _options(
        loaded,
        dataset,
        params.threshold,
        params.cutoff,
        params.include_dataset,
        params.exclude_dataset,
        params.exclude_schema,
        params.exclude_entity_ids,
        params.topics,
    )
    parsed = {key: parse_example(key, example, limits) for key, example in body.queries.items()}
    log_fields = request.scope.get(LOG_SCOPE_KEY)
    if isinstance(log_fields, dict):
        log_fields["queries"] = len(parsed)

    def screen_batch() -> Response:
        responses: dict[str, EntityMatches] = {}
        for key, example in parsed.items():
            found = best_matches(loaded, example.queries, options)
            returned = found[:limit]
            _record(context, caller, "match", dataset, key, example, options, loaded, returned)
            responses[key] = EntityMatches(
                results=[scored_response(f, loaded) for f in returned],
                total=TotalSpec(value=len(found)),
                query=EntityExample(
                    id=body.queries[key].id,
                    schema=example.schema,
                    properties=dict(example.properties),
                ),
            )
        return json_response(MatchResponse(responses=responses, limit=limit))

    return await context.run(screen_batch)


@router.get(
    "/search/{dataset}",
    response_model=SearchResponse,
    responses=ERRORS,
    tags=["Matching"],
    summary="Search the lists by name",
)
async def search(
    dataset: DatasetPath,
    authorized: Authorize,
    q: Annotated[str, Query(min_length=1, description="A name, in any script.")],
    schema: Annotated[
        str, Query(description="Person, Organization, Vessel, Aircraft or LegalEntity.")
    ] = "LegalEntity",
    limit: Annotated[int, Query(ge=1, le=500)] = 10,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    threshold: Threshold = None,
    include_dataset: Names = [],  # noqa: B006
    exclude_dataset: Names = [],  # noqa: B006
) -> Response:
    """Every listed entity whose names resemble `q`, best first, with scores."""
    context, caller, loaded = authorized.context, authorized.caller, authorized.lists
    options = _options(
        loaded, dataset, threshold, None, include_dataset, exclude_dataset, [], [], []
    )
    example = EntityExample(id=None, schema=schema, properties={"name": [q]})
    parsed = parse_example("q", example, context.limits)

    def screen_name() -> Response:
        found = best_matches(loaded, parsed.queries, options)
        returned = found[offset : offset + limit]
        _record(context, caller, "search", dataset, "q", parsed, options, loaded, returned)
        return json_response(
            SearchResponse(
                results=[scored_response(f, loaded) for f in returned],
                total=TotalSpec(value=len(found)),
                limit=limit,
                offset=offset,
            )
        )

    return await context.run(screen_name)
