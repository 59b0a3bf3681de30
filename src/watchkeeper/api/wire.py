"""The JSON shapes of the HTTP API, field for field those of the yente matching protocol.

Existing yente clients post ``{"queries": {key: {"schema", "properties"}}}`` and read
``{"responses": {key: {"status", "results", "total", "query"}}, "limit"}``; keeping the names
identical is what lets them point at watchkeeper without code changes. Fields that only
watchkeeper has (``features``, list version metadata) are additions a yente client ignores.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response
from pydantic import BaseModel, ConfigDict, Field


def json_response(model: BaseModel) -> Response:
    """``model`` as the JSON body, serialised once.

    Handlers return this rather than the model so FastAPI does not validate the response a
    second time; the route's ``response_model`` still documents the shape.
    """
    return Response(model.model_dump_json(by_alias=True), media_type="application/json")


class ErrorResponse(BaseModel):
    """Every error body: one readable sentence, never a stack trace."""

    detail: str = Field(examples=["No such dataset: 'ofac'"])


class StatusResponse(BaseModel):
    status: str = Field(default="ok", examples=["ok"])


class EntityExample(BaseModel):
    """One query: an entity described the way the lists describe theirs."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(default=None, examples=["customer-4711"])
    schema_: str = Field(alias="schema", examples=["Person"])
    properties: dict[str, str | list[str]] = Field(
        examples=[{"name": ["Qasem Soleimani"], "birthDate": ["1957-03-11"]}]
    )


class MatchRequest(BaseModel):
    """A batch of queries; the keys are the caller's and come back on the responses."""

    queries: dict[str, EntityExample] = Field(
        examples=[
            {
                "q1": {
                    "schema": "Person",
                    "properties": {"name": ["Qasem Soleimani"], "nationality": ["ir"]},
                }
            }
        ]
    )
    weights: dict[str, float] = Field(
        default_factory=dict, description="Accepted for compatibility; must be empty."
    )
    config: dict[str, Any] = Field(
        default_factory=dict, description="Accepted for compatibility; must be empty."
    )


class FeatureResult(BaseModel):
    """Why one feature moved the score: its contribution and a sentence about it."""

    score: float
    detail: str | None = None
    query: str | None = None
    candidate: str | None = None


class EntityResponse(BaseModel):
    """A listed entity in FollowTheMoney style: a schema and lists of property values."""

    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(examples=["ofac-sdn-10481"])
    caption: str = Field(examples=["SOLEIMANI, Qasem"])
    schema_: str = Field(alias="schema", examples=["Person"])
    properties: dict[str, list[str]]
    datasets: list[str] = Field(default_factory=list, examples=[["ofac-sdn"]])
    referents: list[str] = Field(default_factory=list)
    target: bool = True
    first_seen: str | None = None
    last_seen: str | None = Field(default=None, description="When the list version was loaded.")
    last_change: str | None = None


class ScoredEntityResponse(EntityResponse):
    score: float = Field(examples=[0.93])
    match: bool = Field(description="Whether the score is at or above the threshold.")
    features: dict[str, float] = Field(
        default_factory=dict, description="Named contributions to the score."
    )
    explanations: dict[str, FeatureResult] = Field(default_factory=dict)


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class MatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    limit: int


class SearchResponse(BaseModel):
    results: list[ScoredEntityResponse]
    total: TotalSpec
    limit: int
    offset: int = 0
    facets: dict[str, Any] = Field(default_factory=dict)


class Publisher(BaseModel):
    name: str
    official: bool = True


class DatasetResponse(BaseModel):
    """One list (or the ``default`` collection of all lists) and its active version."""

    name: str = Field(examples=["ofac-sdn"])
    title: str
    load: bool = True
    publisher: Publisher | None = None
    children: list[str] = Field(default_factory=list)
    entity_count: int
    version: str | None = Field(default=None, description="The active list version's id.")
    index_version: str | None = None
    index_current: bool = True
    updated_at: str | None = Field(default=None, description="When the active version was loaded.")
    published: str | None = Field(
        default=None, description="Publication date the list gives itself."
    )
    content_hash: str | None = None
    kind_counts: dict[str, int] = Field(default_factory=dict)


class CatalogResponse(BaseModel):
    datasets: list[DatasetResponse]
    current: list[str]
    outdated: list[str] = Field(default_factory=list)
    index_stale: bool = False


class AlgorithmResponse(BaseModel):
    name: str
    description: str | None = None
    docs: dict[str, Any] = Field(default_factory=dict)


class AlgorithmsResponse(BaseModel):
    algorithms: list[AlgorithmResponse]
    default: str
    best: str
