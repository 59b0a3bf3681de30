"""What every request handler shares: the loaded lists, the key policy, limits, the audit hook.

Handlers reach it through FastAPI dependencies rather than module globals, so several apps
(one per test, say) can live in one process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

from fastapi import Depends, HTTPException, Request, Security

from watchkeeper.api.audit import OnScreened
from watchkeeper.api.auth import AUTHORIZATION, KeyPolicy
from watchkeeper.api.limits import Limits
from watchkeeper.api.lists import LoadedLists

T = TypeVar("T")


@dataclass
class ApiContext:
    """Mutable only in ``loaded``/``load_error``, set once when the index is built."""

    policy: KeyPolicy
    limits: Limits
    on_screened: OnScreened | None = None
    loaded: LoadedLists | None = None
    load_error: str | None = None
    screening: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="watchkeeper-screen")
    )

    async def run(self, work: Callable[[], T]) -> T:
        """Run CPU-bound ``work`` on the screening thread: one at a time, in arrival order.

        Python runs one thread's bytecode at a time anyway; several screening threads would
        only interleave requests, so all of them finish late, instead of the first finishing
        first. More throughput comes from more processes (``serve --workers``).
        """
        return await asyncio.get_running_loop().run_in_executor(self.screening, work)


def context_of(request: Request) -> ApiContext:
    context: ApiContext = request.app.state.context
    return context


async def get_context(request: Request) -> ApiContext:
    """Async, like every dependency here: a sync one would cost a thread-pool hop."""
    return context_of(request)


async def get_caller(
    request: Request, _header: Annotated[str | None, Security(AUTHORIZATION)]
) -> str | None:
    """The API key name of the caller (``None`` when keys are not in use)."""
    return context_of(request).policy.authenticate(request)


def loaded_lists(context: ApiContext) -> LoadedLists:
    """The loaded lists; 503 while the index is still being built."""
    if context.loaded is None:
        detail = context.load_error or "the list index is still being built; retry shortly"
        raise HTTPException(503, detail, {"Retry-After": "5"})
    return context.loaded


@dataclass(frozen=True)
class Authorized:
    """What a request to a list endpoint works with, once its key and the index are checked."""

    context: ApiContext
    caller: str | None
    lists: LoadedLists


async def get_authorized(
    request: Request, _header: Annotated[str | None, Security(AUTHORIZATION)]
) -> Authorized:
    """Key first (401/403), then readiness (503): one dependency, as each costs per request."""
    context = context_of(request)
    caller = context.policy.authenticate(request)
    return Authorized(context, caller, loaded_lists(context))


Context = Annotated[ApiContext, Depends(get_context)]
Caller = Annotated[str | None, Depends(get_caller)]
Authorize = Annotated[Authorized, Depends(get_authorized)]
