"""The ``screen`` and ``batch`` commands: one name at the terminal, or a whole customer file.

Both load the active version of every list from the store. Input problems (a bad query, a
missing column, an unknown format) are caught before the lists are loaded, which takes
seconds, so a typo costs the user no wait.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from watchkeeper.batch import BatchJob, BatchSummary, ColumnMap, parse_kind
from watchkeeper.cli.render import render_matches
from watchkeeper.config import Settings
from watchkeeper.engine import BatchOptions, check_engine
from watchkeeper.errors import WatchkeeperError
from watchkeeper.screening import Query, Screener
from watchkeeper.store import Store

console = Console()
status = Console(stderr=True)

Threshold = Annotated[
    float | None,
    typer.Option(
        min=0.0,
        max=1.0,
        help="Score at or above which a result is a match (default: the screener's).",
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``screen`` and ``batch`` to the command line."""
    # Imported here: main imports this module to register the commands.
    from watchkeeper.cli.main import reports_errors

    app.command("screen")(reports_errors(screen))
    app.command("batch")(reports_errors(batch))


def _load_screener() -> Screener:
    settings = Settings.load()
    with Store.open(settings.database) as store:
        versions = store.active_versions()
        if not versions:
            raise WatchkeeperError(
                f"no list is loaded in {settings.home}: run `watchkeeper update` "
                "(or `watchkeeper update --from FILE`) first"
            )
        entities = sum(v.entity_count for v in versions)
        with status.status(f"Loading {entities} entities from {len(versions)} lists..."):
            return Screener.from_store(store)


def screen(
    name: Annotated[str, typer.Argument(help="The name to screen, in any script.")],
    dob: Annotated[
        str | None,
        typer.Option("--dob", help="Birth date or year: 1957-03-11, 11/03/1957, 1957."),
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Nationality or country: IR, Iran, Iranian.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="person, organization, vessel or aircraft.")
    ] = None,
    threshold: Threshold = None,
    limit: Annotated[int, typer.Option(min=1, help="Most results to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Screen one name against the loaded lists, and show why each result scored."""
    query = Query(name=name, birth_date=dob, country=country, kind=parse_kind(kind))
    Screener.check(query)  # before the lists are loaded, so a typo fails fast
    screener = _load_screener()
    threshold = screener.threshold if threshold is None else threshold
    matches = screener.screen(query, limit=limit, threshold=threshold)
    if as_json:
        from watchkeeper.cli.main import print_json

        print_json(
            {
                "query": query,
                "threshold": threshold,
                "matches": [
                    {**msgspec.to_builtins(m), "explanation": m.explanation} for m in matches
                ],
            }
        )
        return
    render_matches(console, query, matches, threshold)


def batch(
    source: Annotated[
        Path,
        typer.Argument(
            help="Customer file: .csv, .parquet or .jsonl.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Results file: .csv or .parquet (best match), .jsonl (all)."
        ),
    ],
    name_column: Annotated[str, typer.Option(help="Column holding the name.")] = "name",
    dob_column: Annotated[
        str | None, typer.Option(help="Column holding the birth date or year.")
    ] = None,
    country_column: Annotated[
        str | None, typer.Option(help="Column holding the nationality or country.")
    ] = None,
    kind_column: Annotated[
        str | None,
        typer.Option(help="Column holding the kind (person/individual, organization/company...)."),
    ] = None,
    threshold: Threshold = None,
    limit: Annotated[int, typer.Option(min=1, help="Most results kept per row.")] = 10,
    input_format: Annotated[
        str | None,
        typer.Option("--format", help="Input format if the extension does not say it."),
    ] = None,
    output_format: Annotated[
        str | None,
        typer.Option("--output-format", help="Output format if the extension does not say it."),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes screening in parallel (Linux, macOS).")
    ] = 1,
    engine: Annotated[
        str,
        typer.Option(help="local (this machine) or spark (writes a folder of part files)."),
    ] = "local",
    master: Annotated[
        str, typer.Option(help="Spark master URL for --engine spark: local[2], spark://...")
    ] = "local[2]",
) -> None:
    """Screen every row of a CSV, Parquet or JSONL file; one output record per input row."""
    columns = ColumnMap(name_column, dob_column, country_column, kind_column)
    on_spark = check_engine(engine) == "spark"
    if on_spark:
        from watchkeeper.spark.engine import output_format as spark_output_format

        spark_output_format(output, output_format)
    job = BatchJob(source, output, columns, input_format, output_format)
    if on_spark:
        from watchkeeper.spark.cli import run_on_spark

        options = BatchOptions(columns, limit, threshold, input_format, output_format)
        screener = _load_screener()
        summary = run_on_spark(screener, job, options, master, status)
        _print_summary(job, summary, screener.threshold if threshold is None else threshold)
        return
    screener = _load_screener()
    threshold = screener.threshold if threshold is None else threshold
    progress = Progress(
        TextColumn("[bold]Screening"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=status,
        disable=not status.is_terminal,
        # Refreshed by hand from the main thread: a refresh thread must not be running when
        # worker processes are forked.
        auto_refresh=False,
    )
    with progress:
        task = progress.add_task("screening", total=job.total_rows())

        def advance(rows: int) -> None:
            progress.advance(task, rows)
            progress.refresh()

        summary = job.run(screener, limit, threshold, workers=workers, progress=advance)
        progress.update(task, total=summary.rows, completed=summary.rows)
    _print_summary(job, summary, threshold)


def _print_summary(job: BatchJob, summary: BatchSummary, threshold: float) -> None:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column(style="dim")
    table.add_row("rows", str(summary.rows), f"{job.source} -> {job.target}")
    table.add_row("with a match", str(summary.matched), f"score >= {threshold:.2f}")
    table.add_row("errors", str(summary.failed), "not screened: see the error field")
    if summary.partial:
        table.add_row(
            "fields ignored", str(summary.partial), "screened without an unreadable field"
        )
    table.add_row("time", f"{summary.seconds:.2f} s", f"{summary.rows_per_second:,.0f} rows/s")
    console.print(table)
