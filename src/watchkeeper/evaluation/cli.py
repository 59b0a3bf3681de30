"""``watchkeeper eval``: measure matching quality and rewrite ``docs/quality.md``.

The evaluation code (and what it imports) is only loaded when the command runs, so every other
command starts as fast as before; ``cli/main.py`` calls ``register(app)``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import msgspec
import typer
from rich.console import Console
from rich.markup import escape

from watchkeeper.errors import WatchkeeperError
from watchkeeper.evaluation import DEFAULT_SEED

DEFAULT_OUTPUT = Path("docs/quality.md")
# The evaluation sets, in the order they run (``runner.SETS`` has the same keys).
SET_NAMES = (
    "pairs",
    "aliases",
    "cross-script",
    "false-positives",
    "retrieval",
    "adverse-media",
    "attribution",
)


def evaluate(
    data: Annotated[
        Path | None,
        typer.Option(
            help="Reference data folder laid out like shared/data "
            "(default: WATCHKEEPER_SHARED_DATA, else ../shared/data)."
        ),
    ] = None,
    output: Annotated[
        Path, typer.Option(help="Where to write the Markdown report.")
    ] = DEFAULT_OUTPUT,
    only: Annotated[
        list[str] | None,
        typer.Option(help=f"Only this set (repeatable): {', '.join(SET_NAMES)}."),
    ] = None,
    sample: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="At most N queries per dataset (per list for the leave-one-out set); "
            "seeded, so runs are comparable.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of every sample drawn.")] = DEFAULT_SEED,
    lists: Annotated[
        list[Path] | None,
        typer.Option(
            "--lists",
            help="Screen against these list files or folders instead of the reference lists.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the results as JSON instead of a table.")
    ] = False,
) -> None:
    """Measure matching quality (precision, recall, false alerts) and write the report."""
    from watchkeeper.evaluation.context import Context
    from watchkeeper.evaluation.report import print_summary
    from watchkeeper.evaluation.runner import run_sets, write_report
    from watchkeeper.reference import require_shared_data

    errors = Console(stderr=True)
    try:
        ctx = Context(
            data=require_shared_data(data),
            sample=sample,
            seed=seed,
            list_paths=tuple(lists or ()),
            console=errors,
        )
        evaluation = run_sets(ctx, only)
        write_report(ctx, evaluation, output)
    except WatchkeeperError as exc:
        errors.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, highlight=False)
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(evaluation)).decode() + "\n")
        return
    console = Console()
    print_summary(console, evaluation.results)
    console.print(f"Report written to {output}")


def register(app: typer.Typer) -> None:
    """Add ``eval`` to the ``watchkeeper`` command line."""
    app.command("eval")(evaluate)
