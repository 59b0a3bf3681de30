"""The ``watchkeeper`` command line.

Commands print a readable table by default and the same content as JSON with ``--json``, so
the CLI is usable both by an analyst at a terminal and by a scheduler's script. Errors are one
line naming the file or id at fault, with a non-zero exit code; never a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import msgspec
import typer
from rich.console import Console
from rich.table import Table

from watchkeeper.api.cli import register as register_api
from watchkeeper.benchmarks.cli import register as register_bench
from watchkeeper.cli.article import register as register_article
from watchkeeper.cli.casework import register as register_casework
from watchkeeper.cli.screening import register as register_screening
from watchkeeper.config import Settings
from watchkeeper.errors import WatchkeeperError
from watchkeeper.evaluation.cli import register as register_eval
from watchkeeper.media.risk_cli import register as register_risk
from watchkeeper.model import Entity
from watchkeeper.store import Store
from watchkeeper.update import UpdateResult, list_diff, update_from_catalog, update_from_paths

app = typer.Typer(
    name="watchkeeper",
    help="Screen names and news against official sanctions and terrorist-designation lists.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a ``WatchkeeperError`` into one readable line on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except WatchkeeperError as exc:
            errors.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
            raise typer.Exit(2) from None

    return wrapper


def open_store() -> tuple[Settings, Store]:
    settings = Settings.load()
    return settings, Store.open(settings.database)


def print_json(value: object) -> None:
    sys.stdout.write(msgspec.json.format(msgspec.json.encode(value)).decode() + "\n")


@app.command()
@reports_errors
def update(
    sources: Annotated[
        list[Path] | None,
        typer.Option("--from", help="Load this file or folder instead of downloading."),
    ] = None,
    lists: Annotated[
        list[str] | None, typer.Option("--list", help="Only update this list id (repeatable).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Accept a list that shrank more than allowed.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Download the official lists (or load files) into a new version of each list."""
    settings, store = open_store()
    with store:
        if sources:
            results = update_from_paths(store, sources, settings, force=force)
        else:
            results = update_from_catalog(store, settings, lists, force=force)
    if as_json:
        print_json(results)
    else:
        _print_update(results)
    if any(result.status == "failed" for result in results):
        raise typer.Exit(1)


def _print_update(results: list[UpdateResult]) -> None:
    table = Table(title="Update")
    for column in ("list", "status", "entities", "changes", "detail"):
        table.add_column(column)
    styles = {"loaded": "green", "unchanged": "cyan", "failed": "bold red"}
    for result in results:
        entities = str(result.version.entity_count) if result.version else ""
        changes = (
            f"+{result.added} -{result.removed} ~{result.changed}"
            if result.status == "loaded"
            else ""
        )
        table.add_row(
            result.list_id,
            f"[{styles[result.status]}]{result.status}[/]",
            entities,
            changes,
            result.message if result.status == "failed" else result.source,
        )
    console.print(table)


@app.command("lists")
@reports_errors
def show_lists(
    all_versions: Annotated[
        bool, typer.Option("--all", help="Show every stored version, not just the active ones.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """The loaded lists: version, publication date, entities by kind, when loaded."""
    _, store = open_store()
    with store:
        versions = store.versions() if all_versions else store.active_versions()
    if as_json:
        print_json(versions)
        return
    if not versions:
        console.print("No lists loaded yet: run [bold]watchkeeper update[/].")
        return
    table = Table(title="Lists")
    for column in ("list", "version", "published", "entities", "by kind", "loaded at", "active"):
        table.add_column(column)
    for v in versions:
        kinds = ", ".join(f"{kind} {count}" for kind, count in v.kind_counts.items())
        table.add_row(
            v.list_id,
            str(v.id),
            v.published or "-",
            str(v.entity_count),
            kinds,
            v.loaded_at,
            "yes" if v.active else "",
        )
    console.print(table)


@app.command()
@reports_errors
def show(
    entity_id: Annotated[str, typer.Argument(help="An entity id such as ofac-sdn-10481.")],
    version: Annotated[
        int | None, typer.Option(help="Read from this stored version instead of the active one.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """One entity with all its fields, as loaded."""
    _, store = open_store()
    with store:
        entity = store.entity(entity_id, version)
    if as_json:
        print_json(entity)
        return
    _print_entity(entity)


def _print_entity(entity: Entity) -> None:
    table = Table(title=f"{entity.caption}  [dim]({entity.id})[/]", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    data = msgspec.to_builtins(entity)
    for field in Entity.__struct_fields__:
        value = data.get(field)
        if value in (None, [], "") or field == "raw":
            continue
        if field == "names":
            value = "\n".join(
                f"{n['full']}  [dim]{n.get('type', 'primary')} {n.get('script', 'Latn')}[/]"
                for n in value
            )
        elif field == "birth_dates":
            value = ", ".join(d["text"] for d in value)
        elif isinstance(value, list):
            value = "\n".join(
                ", ".join(f"{k}: {v}" for k, v in item.items()) if isinstance(item, dict) else item
                for item in value
            )
        table.add_row(field.replace("_", " "), str(value))
    table.add_row("raw", f"[dim]{len(entity.raw)} characters (use --json to see it)[/]")
    console.print(table)


@app.command()
@reports_errors
def diff(
    list_id: Annotated[str, typer.Argument(help="A list id such as ofac-sdn.")],
    old: Annotated[int | None, typer.Option(help="Older version id (default: previous).")] = None,
    new: Annotated[int | None, typer.Option(help="Newer version id (default: active).")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show per section.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """What changed between two versions of a list: added, removed and changed entities."""
    _, store = open_store()
    with store:
        delta = list_diff(store, list_id, old, new)
        captions = (
            {e.id: e.caption for e in store.entities(delta.new_version)} if not as_json else {}
        )
        if delta.old_version is not None and not as_json:
            captions.update(
                {
                    e.id: e.caption
                    for e in store.entities(delta.old_version)
                    if e.id in delta.removed
                }
            )
    if as_json:
        print_json(delta)
        return
    base = f"version {delta.old_version}" if delta.old_version else "nothing"
    console.print(f"[bold]{list_id}[/]: {base} -> version {delta.new_version}: {delta.summary}")
    for title, ids in (("Added", delta.added), ("Removed", delta.removed)):
        if ids:
            console.print(f"\n[bold]{title}[/]")
            for entity_id in ids[:limit]:
                console.print(f"  {entity_id}  {captions.get(entity_id, '')}")
            if len(ids) > limit:
                console.print(f"  ... and {len(ids) - limit} more")
    if delta.changed:
        console.print("\n[bold]Changed[/]")
        for change in delta.changed[:limit]:
            console.print(f"  {change.entity_id}  {change.caption}: {', '.join(change.fields)}")
        if len(delta.changed) > limit:
            console.print(f"  ... and {len(delta.changed) - limit} more")


register_screening(app)
register_eval(app)
register_bench(app)
register_casework(app)
register_risk(app)
register_api(app)
register_article(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
