"""The application factory: ``create_app(lists, ...)`` returns the ASGI app ``serve`` runs.

``lists`` is either already-built ``LoadedLists`` (tests, embedding) or a function that builds
them; a function runs in a background thread at startup, so ``/healthz`` answers at once and
``/readyz`` turns ready when the index is built. Every error reaches the client as
``{"detail": "..."}`` with a proper status; an unexpected one is logged here and the client
only learns that it happened.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from watchkeeper import __version__
from watchkeeper.api.audit import OnScreened
from watchkeeper.api.auth import KeyPolicy
from watchkeeper.api.context import ApiContext
from watchkeeper.api.examples import ExampleError
from watchkeeper.api.keys import KeyStore
from watchkeeper.api.limits import Limits, RequestRejected
from watchkeeper.api.lists import LoadedLists
from watchkeeper.api.middleware import AccessLog, BodyLimit
from watchkeeper.api.routes_article import router as article_router
from watchkeeper.api.routes_info import router as info_router
from watchkeeper.api.routes_screening import router as screening_router
from watchkeeper.errors import NotFoundError, StoreError, WatchkeeperError

LOG = logging.getLogger("watchkeeper.api")

DESCRIPTION = """Screen names against official sanctions lists over HTTP.

`POST /match/{dataset}` speaks the request and response shapes of OpenSanctions yente's
matching API, so yente clients work unchanged. Datasets are watchkeeper list ids
(`ofac-sdn`, `un-sc`, ...) or `default` for every loaded list.
"""


def _error(status: int, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    """Pydantic's errors as one sentence per problem, without echoing the input back."""
    problems = []
    for error in exc.errors()[:10]:
        where = ".".join(str(part) for part in error.get("loc", ()))
        problems.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(problems) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestRejected)
    async def rejected(_: Request, exc: RequestRejected) -> JSONResponse:
        return _error(exc.status, exc.message)

    @app.exception_handler(ExampleError)
    async def bad_example(_: Request, exc: ExampleError) -> JSONResponse:
        return _error(422, str(exc))

    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return _error(404, str(exc))

    @app.exception_handler(StoreError)
    async def store_unavailable(_: Request, exc: StoreError) -> JSONResponse:
        LOG.error("store error: %s", exc)
        return _error(503, "a store this server needs is unavailable; retry later")

    @app.exception_handler(WatchkeeperError)
    async def refused(_: Request, exc: WatchkeeperError) -> JSONResponse:
        return _error(422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        LOG.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return _error(500, "internal error; the server log has the details")


# A function telling whether the lists in the store differ from those loaded.
Changed = Callable[[LoadedLists], bool]


def _load_in_background(
    context: ApiContext,
    load: Callable[[], LoadedLists],
    changed: Changed | None = None,
    every: float = 30.0,
) -> threading.Event:
    """Build the index off the request path; then, with ``changed``, look every ``every``
    seconds for a new list version (``watchkeeper update``) and swap in a new index built
    from it. Requests keep the index they started with; a failed rebuild keeps the old one.
    Setting the returned event stops the watching."""
    stop = threading.Event()

    def run() -> None:
        try:
            context.loaded = load()
            LOG.info("list index ready: %d entities", len(context.loaded.entities))
        except Exception as exc:
            LOG.error("cannot build the list index", exc_info=exc)
            context.load_error = f"the list index could not be built: {exc}"
            return
        while changed is not None and not stop.wait(every):
            try:
                if changed(context.loaded):
                    fresh = load()
                    context.loaded = fresh
                    LOG.info(
                        "list index rebuilt for new list versions: %d entities",
                        len(fresh.entities),
                    )
            except Exception as exc:
                LOG.error("cannot rebuild the list index; still serving the old one", exc_info=exc)

    threading.Thread(target=run, name="watchkeeper-index", daemon=True).start()
    return stop


def create_app(
    lists: LoadedLists | Callable[[], LoadedLists],
    *,
    keys: KeyStore | None = None,
    require_keys: bool = False,
    limits: Limits | None = None,
    on_screened: OnScreened | None = None,
    changed: Changed | None = None,
    reload_every: float = 30.0,
) -> FastAPI:
    """The HTTP API over ``lists``.

    ``keys``: the API key file; once it holds a key, every request but health checks and
    docs needs one (``require_keys`` demands keys even before). ``on_screened``: called with
    a ``ScreeningRecord`` for every screened query (see ``watchkeeper.api.audit``).
    ``changed``: with a loader for ``lists``, checked every ``reload_every`` seconds; when it
    says the stored lists changed, the index is rebuilt and swapped in without a restart.
    """
    limits = limits or Limits()
    context = ApiContext(KeyPolicy(keys, require_keys), limits, on_screened)
    if isinstance(lists, LoadedLists):
        context.loaded = lists

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        stop = None
        if not isinstance(lists, LoadedLists):
            stop = _load_in_background(context, lists, changed, reload_every)
        yield
        if stop is not None:
            stop.set()
        context.screening.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="watchkeeper",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.context = context
    app.include_router(info_router)
    app.include_router(screening_router)
    app.include_router(article_router)
    _install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    app.add_middleware(AccessLog)
    return app
