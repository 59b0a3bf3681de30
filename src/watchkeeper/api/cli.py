"""``watchkeeper serve`` and ``watchkeeper keys create|list|revoke``.

The web stack is imported only by ``serve``, so the rest of the command line works without
the ``api`` extra installed; key management needs nothing beyond the standard library.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from watchkeeper.api.keys import KeyStore
from watchkeeper.config import Settings
from watchkeeper.errors import WatchkeeperError

console = Console()
errors = Console(stderr=True)
keys_app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes; each builds its own index.")
    ] = 1,
    require_keys: Annotated[
        bool,
        typer.Option("--require-keys", help="Require a key even before any exists."),
    ] = False,
) -> None:
    """Serve the HTTP API (yente-compatible /match) over the loaded lists."""
    try:
        import uvicorn

        from watchkeeper.api.server import REQUIRE_KEYS_ENV, require_loaded_lists
    except ImportError as exc:
        raise WatchkeeperError(
            f"the API needs its extra dependencies ({exc.name}): pip install 'watchkeeper[api]'"
        ) from None
    settings = Settings.load()
    lists = require_loaded_lists(settings.home)
    os.environ["WATCHKEEPER_HOME"] = str(settings.home)
    if require_keys:
        os.environ[REQUIRE_KEYS_ENV] = "1"
    errors.print(
        f"Serving {lists} lists from {settings.home} on http://{host}:{port} "
        f"(docs at /docs); the index builds in the background, see /readyz",
        highlight=False,
    )
    uvicorn.run(
        "watchkeeper.api.server:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
    )


@keys_app.command("create")
def create_key(
    name: Annotated[str, typer.Argument(help="Who or what the key is for, e.g. crm-prod.")],
) -> None:
    """Create a key and print it once; only a salted hash of it is stored."""
    with KeyStore.in_home(Settings.load().home) as keys:
        key, secret = keys.create(name)
    errors.print(
        f"Created API key {key.name!r} (id {key.id}). It is shown only once:", highlight=False
    )
    typer.echo(secret)


@keys_app.command("list")
def list_keys() -> None:
    """Every key by name and id, with creation and revocation times (never the key)."""
    with KeyStore.in_home(Settings.load().home) as keys:
        listed = keys.list()
    if not listed:
        console.print("No API keys: the API is open until one is created.")
        return
    table = Table(title="API keys")
    for column in ("name", "id", "created", "revoked"):
        table.add_column(column)
    for key in listed:
        table.add_row(key.name, key.id, key.created_at, key.revoked_at or "")
    console.print(table)


@keys_app.command("revoke")
def revoke_key(
    name: Annotated[str, typer.Argument(help="The key's name or id.")],
) -> None:
    """Revoke a key: requests with it get 403 from then on, running servers included."""
    with KeyStore.in_home(Settings.load().home) as keys:
        key = keys.revoke(name)
    console.print(f"Revoked API key {key.name!r} (id {key.id}) at {key.revoked_at}.")


def register(app: typer.Typer) -> None:
    """Add ``serve`` and the ``keys`` group to the command line."""
    from watchkeeper.cli.main import reports_errors

    app.command("serve")(reports_errors(serve))
    for command in keys_app.registered_commands:
        if command.callback is not None:
            command.callback = reports_errors(command.callback)
    app.add_typer(keys_app, name="keys")
