"""Run the API with uvicorn over the store in ``WATCHKEEPER_HOME``.

``app_from_environment`` is the uvicorn factory: with ``--workers N`` each worker process calls
it and builds its own index, so the settings travel in environment variables.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI

from watchkeeper.api.app import create_app
from watchkeeper.api.audit import audit_trail
from watchkeeper.api.keys import KeyStore
from watchkeeper.api.lists import LoadedLists
from watchkeeper.api.middleware import JsonLogFormatter
from watchkeeper.audit import AuditLog, audit_path
from watchkeeper.config import Settings
from watchkeeper.errors import WatchkeeperError
from watchkeeper.long_lived import freeze_loaded_index
from watchkeeper.store import Store

REQUIRE_KEYS_ENV = "WATCHKEEPER_REQUIRE_API_KEYS"
# How often a running server looks for new list versions (seconds).
RELOAD_ENV = "WATCHKEEPER_RELOAD_SECONDS"
DEFAULT_RELOAD_SECONDS = 30.0


def require_loaded_lists(home: Path) -> int:
    """The number of active lists; refuses to serve an empty store."""
    with Store.open(Settings.load(home).database) as store:
        count = len(store.active_versions())
    if not count:
        raise WatchkeeperError(
            f"no list is loaded in {home}: run `watchkeeper update` "
            "(or `watchkeeper update --from FILE`) first"
        )
    return count


def load_lists(home: Path) -> LoadedLists:
    """Build the screening index from the active list versions in ``home``.

    The index is close to a million objects that live as long as the process; unless frozen
    (``freeze_loaded_index``), every full garbage collection walks all of them, about a
    second during which no request is answered.
    """
    with Store.open(Settings.load(home).database) as store:
        loaded = LoadedLists.from_store(store)
    freeze_loaded_index()
    return loaded


def lists_changed(home: Path) -> Callable[[LoadedLists], bool]:
    """Whether the active list versions in ``home`` differ from those of the loaded index."""

    def changed(loaded: LoadedLists) -> bool:
        with Store.open(Settings.load(home).database) as store:
            return tuple(store.active_versions()) != loaded.versions

    return changed


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on stderr for watchkeeper's loggers (uvicorn's access log is replaced)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLogFormatter())
    logger = logging.getLogger("watchkeeper")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


def app_from_environment() -> FastAPI:
    """The app for the store in ``WATCHKEEPER_HOME``; the index builds in the background."""
    configure_logging()
    settings = Settings.load()
    home = settings.home
    return create_app(
        lambda: load_lists(home),
        keys=KeyStore.in_home(home),
        require_keys=os.environ.get(REQUIRE_KEYS_ENV, "") in ("1", "true", "yes"),
        on_screened=audit_trail(AuditLog.open(audit_path(settings))),
        changed=lists_changed(home),
        reload_every=float(os.environ.get(RELOAD_ENV, DEFAULT_RELOAD_SECONDS)),
    )
