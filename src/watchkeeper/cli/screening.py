"""The ``screen`` and ``batch`` commands: one name at the terminal, or a whole customer file.

Both load the active version of every list from the store. Input problems (a bad query, a
missing column, an unknown format) are caught before the lists are loaded, which takes
seconds, so a typo costs the user no wait.

Every screening is recorded in the audit trail, with the analysts' decisions (the allow-list)
applied first; there is deliberately no switch to turn this off (see docs/audit.md). The record
is committed before the results are shown or written, so nothing leaves watchkeeper unrecorded.
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

from watchkeeper.audit.batch import BatchAuditor
from watchkeeper.audit.database import audit_path
from watchkeeper.audit.identity import current_user
from watchkeeper.audit.log import AuditLog
from watchkeeper.audit.records import HitStatus
from watchkeeper.audit.session import AuditedScreener, ScreeningContext
from watchkeeper.batch import (
    BatchError,
    BatchJob,
    BatchSummary,
    ColumnMap,
    parse_kind,
)
from watchkeeper.cli.render import render_matches
from watchkeeper.config import Settings
from watchkeeper.decisions import check_customer_id
from watchkeeper.engine import BatchOptions, check_engine
from watchkeeper.errors import WatchkeeperError
from watchkeeper.long_lived import freeze_loaded_index
from watchkeeper.screening import Query, Screener
from watchkeeper.store import Store

console = Console()
status = Console(stderr=True)

User = Annotated[
    str | None,
    typer.Option(
        help="Who is screening, for the audit trail (default: $WATCHKEEPER_USER, else "
        "the login name)."
    ),
]

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


def _load_screener(log: AuditLog) -> tuple[Screener, ScreeningContext]:
    """The screener and the list versions and decisions it is audited against.

    Should an update switch a list while the index is built, the versions read before and
    after differ and the build is repeated, so a record never names the wrong version.
    """
    settings = Settings.load()
    with Store.open(settings.database) as store:
        for _ in range(3):
            versions = store.active_versions()
            if not versions:
                raise WatchkeeperError(
                    f"no list is loaded in {settings.home}: run `watchkeeper update` "
                    "(or `watchkeeper update --from FILE`) first"
                )
            context = ScreeningContext.from_store(store, log)
            entities = sum(v.entity_count for v in versions)
            with status.status(f"Loading {entities} entities from {len(versions)} lists..."):
                screener = Screener.from_store(store)
            if store.active_versions() == versions:
                return screener, context
        raise WatchkeeperError("the lists kept changing while loading: try again")


def _open_log() -> AuditLog:
    return AuditLog.open(audit_path(Settings.load()))


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
    customer_id: Annotated[
        str | None,
        typer.Option(help="The customer screened: applies the decisions taken for them."),
    ] = None,
    user: User = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Screen one name against the loaded lists, and show why each result scored."""
    query = Query(name=name, birth_date=dob, country=country, kind=parse_kind(kind))
    Screener.check(query)  # before the lists are loaded, so a typo fails fast
    customer_id = check_customer_id(customer_id)  # also before loading
    who = current_user(user)
    with _open_log() as log:
        screener, context = _load_screener(log)
        threshold = screener.threshold if threshold is None else threshold
        audited = AuditedScreener(screener, log, context, source="cli")
        outcome = audited.screen(
            query, who, customer_id=customer_id, limit=limit, threshold=threshold
        )
    matches, entry, record = outcome.reviewed.matches, outcome.entry, outcome.record
    if as_json:
        from watchkeeper.cli.main import print_json

        print_json(
            {
                "query": query,
                "customer_id": customer_id,
                "threshold": threshold,
                "decision": entry.decision,
                "matches": [
                    {
                        **msgspec.to_builtins(m),
                        "explanation": m.explanation,
                        "status": hit.status,
                        "note": hit.note,
                    }
                    for m, hit in zip(matches, entry.hits, strict=True)
                ],
                "audit": {"seq": record.seq, "hash": record.hash, "who": who},
            }
        )
        return
    render_matches(console, query, matches, threshold)
    for hit in entry.hits:
        if hit.status in (HitStatus.CLEARED, HitStatus.LAPSED):
            style = "green" if hit.status is HitStatus.CLEARED else "bold red"
            console.print(f"[{style}]{hit.entity_id}[/]: {hit.note}", highlight=False)
    console.print(
        f"[bold]Decision:[/] {entry.decision}   [dim]recorded as audit record {record.seq} "
        f"by {who}[/]",
        highlight=False,
    )


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
    id_column: Annotated[
        str | None,
        typer.Option(help="Column holding the customer id: applies the decisions taken for them."),
    ] = None,
    user: User = None,
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
    if id_column is not None and job.source_columns and id_column not in job.source_columns:
        have = ", ".join(repr(c) for c in job.source_columns)
        raise BatchError(f"{source}: no column {id_column!r}; the columns are: {have}")
    if on_spark and id_column is not None:
        raise BatchError(
            "--id-column applies analysts' decisions row by row, which the local engine does; "
            "it is not available with --engine spark"
        )
    who = current_user(user)
    with _open_log() as log:
        screener, context = _load_screener(log)
        freeze_loaded_index()
        threshold = screener.threshold if threshold is None else threshold
        if on_spark:
            from watchkeeper.spark.cli import run_on_spark

            options = BatchOptions(columns, limit, threshold, input_format, output_format)
            summary = run_on_spark(screener, job, options, master, status)
            record = log.record("batch", who, spark_batch_entry(job, summary, context, master))
            _print_summary(job, summary, threshold)
            console.print(
                f"[dim]audited: one record (#{record.seq}) for the whole run; the rows and "
                f"their matches are in {job.target}[/]"
            )
            return
        auditor = BatchAuditor(
            log, who, context, columns, threshold, str(source), id_column=id_column
        )
        summary = _run_batch(job, screener, limit, threshold, workers, auditor)
    _print_summary(job, summary, threshold, auditor)


def _run_batch(
    job: BatchJob,
    screener: Screener,
    limit: int,
    threshold: float,
    workers: int,
    auditor: BatchAuditor,
) -> BatchSummary:
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

        summary = job.run(
            screener, limit, threshold, workers=workers, progress=advance, review=auditor
        )
        progress.update(task, total=summary.rows, completed=summary.rows)
    return summary


def spark_batch_entry(
    job: BatchJob, summary: BatchSummary, context: ScreeningContext, master: str
) -> dict[str, object]:
    """The audit payload of a batch run on Spark: what was screened against which lists, with
    the counts; the rows and their matches are in the output written."""
    return {
        "engine": "spark",
        "master": master,
        "source": str(job.source),
        "target": str(job.target),
        "lists": {k: msgspec.to_builtins(v) for k, v in context.lists.items()},
        "rows": summary.rows,
        "matched": summary.matched,
        "failed": summary.failed,
    }


def _print_summary(
    job: BatchJob, summary: BatchSummary, threshold: float, auditor: BatchAuditor | None = None
) -> None:
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
    if auditor is not None and (auditor.cleared or auditor.lapsed):
        table.add_row("cleared", str(auditor.cleared), "every match cleared by the allow-list")
        table.add_row("lapsed", str(auditor.lapsed), "a clearance lapsed: the entity changed")
    table.add_row("time", f"{summary.seconds:.2f} s", f"{summary.rows_per_second:,.0f} rows/s")
    if auditor is not None:
        table.add_row(
            "audited", str(auditor.records), f"records by {auditor.who} in the audit trail"
        )
    console.print(table)
