"""``watchkeeper bench``: run the benchmarks and rewrite the report.

Kept out of ``cli/main.py`` so the benchmark code (and what it imports) is only loaded by the
command that needs it; ``main.py`` calls ``register(app)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from watchkeeper.errors import WatchkeeperError

DEFAULT_OUTPUT = Path("docs/benchmarks.md")


def bench(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="Reference data folder (default: WATCHKEEPER_SHARED_DATA or ../shared/data).",
        ),
    ] = None,
    runs: Annotated[
        int, typer.Option("--runs", min=1, help="Runs per measurement; medians are reported.")
    ] = 3,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Only this section (repeatable): load, screening."),
    ] = None,
    output: Annotated[Path, typer.Option("--output", help="Where to write the report.")] = (
        DEFAULT_OUTPUT
    ),
) -> None:
    """Measure loading and screening speed and memory, and write the Markdown report."""
    from watchkeeper.benchmarks.report import SECTIONS, write_report
    from watchkeeper.reference import require_shared_data

    unknown = sorted(set(only or ()) - set(SECTIONS))
    if unknown:
        raise typer.BadParameter(
            f"unknown section {', '.join(unknown)}; choose from {', '.join(SECTIONS)}",
            param_hint="--only",
        )
    errors = Console(stderr=True)
    try:
        text = write_report(require_shared_data(data), output, runs, only)
    except WatchkeeperError as exc:
        errors.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    except RuntimeError as exc:
        errors.print(f"[bold red]benchmark failed:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    typer.echo(text, nl=False)
    errors.print(f"wrote {output}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``bench`` command to the ``watchkeeper`` command line."""
    app.command("bench")(bench)
