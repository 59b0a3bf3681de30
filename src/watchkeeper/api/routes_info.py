"""Health, readiness, the list catalog, single entities and the algorithm list."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response

from watchkeeper.api import algorithms as algorithm_names
from watchkeeper.api.context import Authorize, Caller, Context
from watchkeeper.api.lists import LoadedLists
from watchkeeper.api.matching import entity_response
from watchkeeper.api.routes_screening import ERRORS
from watchkeeper.api.wire import (
    AlgorithmsResponse,
    CatalogResponse,
    DatasetResponse,
    EntityResponse,
    ErrorResponse,
    Publisher,
    StatusResponse,
    json_response,
)

router = APIRouter()


@router.get("/healthz", response_model=StatusResponse, tags=["System"])
async def healthz() -> StatusResponse:
    """The process is up (no key needed)."""
    return StatusResponse()


@router.get(
    "/readyz",
    response_model=StatusResponse,
    responses={503: {"model": ErrorResponse, "description": "Index not built yet"}},
    tags=["System"],
)
async def readyz(context: Context) -> StatusResponse:
    """The list index is built and screening requests will be answered (no key needed)."""
    if context.loaded is None:
        detail = context.load_error or "the list index is still being built"
        raise HTTPException(503, detail, {"Retry-After": "5"})
    return StatusResponse()


def catalog_of(loaded: LoadedLists) -> CatalogResponse:
    """Each list's active version, plus ``default``: the collection of all of them."""
    datasets = [
        DatasetResponse(
            name=v.list_id,
            title=v.title,
            publisher=Publisher(name=v.publisher),
            entity_count=v.entity_count,
            version=str(v.id),
            index_version=str(v.id),
            updated_at=v.loaded_at,
            published=v.published,
            content_hash=v.content_hash,
            kind_counts=v.kind_counts,
        )
        for v in loaded.versions
    ]
    everything = DatasetResponse(
        name="default",
        title="All loaded lists",
        children=[v.list_id for v in loaded.versions],
        entity_count=sum(v.entity_count for v in loaded.versions),
        updated_at=max((v.loaded_at for v in loaded.versions), default=None),
    )
    return CatalogResponse(
        datasets=[everything, *datasets], current=[d.name for d in (everything, *datasets)]
    )


@router.get("/catalog", response_model=CatalogResponse, responses=ERRORS, tags=["Lists"])
async def catalog(authorized: Authorize) -> Response:
    """The lists this server screens against: active version, entity counts, dates."""
    return json_response(catalog_of(authorized.lists))


@router.get(
    "/entities/{entity_id}", response_model=EntityResponse, responses=ERRORS, tags=["Lists"]
)
async def entity(entity_id: str, authorized: Authorize) -> Response:
    """One listed entity by id, as held in the active list versions."""
    loaded = authorized.lists
    found = loaded.entities.get(entity_id)
    if found is None:
        raise HTTPException(404, f"no entity {entity_id!r} in the loaded lists")
    return json_response(entity_response(found, loaded))


@router.get("/algorithms", response_model=AlgorithmsResponse, responses=ERRORS, tags=["Matching"])
async def algorithms(_caller: Caller) -> AlgorithmsResponse:
    """The algorithm names `/match` accepts; all of them run watchkeeper's engine."""
    return algorithm_names.algorithms()
