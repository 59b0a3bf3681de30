"""Commands for the casework kept beside the lists: the audit trail (``audit verify``,
``audit export``), analysts' decisions (``clear``, ``decisions list``/``revoke``) and the
monitored set (``monitor add``/``list``/``remove``, ``rescreen``)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import msgspec
import typer
from rich.console import Console
from rich.table import Table

from watchkeeper.audit.database import audit_path
from watchkeeper.audit.export import FORMATS, export
from watchkeeper.audit.identity import current_user
from watchkeeper.audit.log import AuditLog
from watchkeeper.config import Settings
from watchkeeper.decisions import AllowList, AllowListDecision
from watchkeeper.errors import NotFoundError, WatchkeeperError
from watchkeeper.monitoring import CustomerColumns, MonitoredSet, RescreenReport, read_customers
from watchkeeper.store import Store

console = Console()

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
User = Annotated[
    str | None,
    typer.Option(help="Who acts, for the audit trail (default: $WATCHKEEPER_USER, else login)."),
]
Reason = Annotated[str, typer.Option(help="Why: kept with the decision and in the audit trail.")]


def _log() -> AuditLog:
    return AuditLog.open(audit_path(Settings.load()))


def _store() -> Store:
    return Store.open(Settings.load().database)


def register(app: typer.Typer) -> None:
    """Add the audit, decision and monitoring commands to the command line."""
    from watchkeeper.cli.main import reports_errors

    audit = typer.Typer(help="Verify or export the audit trail.", no_args_is_help=True)
    audit.command("verify")(reports_errors(verify))
    audit.command("export")(reports_errors(export_command))
    app.add_typer(audit, name="audit")

    app.command("clear")(reports_errors(clear))
    decisions = typer.Typer(help="Analysts' decisions (the allow-list).", no_args_is_help=True)
    decisions.command("list")(reports_errors(list_decisions))
    decisions.command("revoke")(reports_errors(revoke))
    app.add_typer(decisions, name="decisions")

    monitor = typer.Typer(help="The monitored set of customers.", no_args_is_help=True)
    monitor.command("add")(reports_errors(monitor_add))
    monitor.command("list")(reports_errors(monitor_list))
    monitor.command("remove")(reports_errors(monitor_remove))
    app.add_typer(monitor, name="monitor")
    app.command("rescreen")(reports_errors(rescreen))


def _print_json(value: object) -> None:
    from watchkeeper.cli.main import print_json

    print_json(value)


# -- audit --------------------------------------------------------------------------------


def verify(
    expect_head: Annotated[
        str | None,
        typer.Option(help="A head hash noted earlier: the log must still contain it."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Check the hash chain; name the first record that was edited, inserted or deleted."""
    with _log() as log:
        result = log.verify(expect_head)
    if as_json:
        _print_json(result)
    elif result.ok:
        console.print(
            f"[green]ok[/]: {result.records} records, chain intact; head hash {result.head_hash}",
            highlight=False,
        )
    else:
        where = f" (first bad record: {result.first_bad})" if result.first_bad else ""
        console.print(f"[bold red]TAMPERED[/]{where}: {result.problem}", highlight=False)
    if not result.ok:
        raise typer.Exit(1)


def export_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    since: Annotated[
        str | None, typer.Option(help="From this date or ISO time (UTC), inclusive.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Up to this date (inclusive) or ISO time (exclusive).")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
    kind: Annotated[
        str | None, typer.Option(help="Only this kind: screening, decision, monitor, rescreen.")
    ] = None,
) -> None:
    """Write the audit trail for a period to CSV (one row per record) or JSON (in full)."""
    if format not in FORMATS:
        raise WatchkeeperError(f"unknown format {format!r}: use {' or '.join(FORMATS)}")
    with _log() as log:
        count = export(log, output, format, since, until, kind)
    console.print(f"{count} records written to {output}", highlight=False)


# -- decisions ----------------------------------------------------------------------------


def clear(
    customer_id: Annotated[str, typer.Argument(help="The customer's id in your records.")],
    entity_id: Annotated[str, typer.Argument(help="The listed entity, e.g. ofac-sdn-10481.")],
    reason: Reason,
    user: User = None,
) -> None:
    """Record that a customer is not a listed entity: later hits on it are cleared while the
    entity's record stays as it is now."""
    who = current_user(user)
    with _store() as store:
        try:
            entity = store.entity(entity_id)
        except NotFoundError:
            raise NotFoundError(f"no entity {entity_id!r} in the active lists") from None
        version = store.active_version(entity.list_id)
    with _log() as log:
        decision = AllowList(log).clear(
            customer_id, entity, reason, who, list_version=version.id if version else None
        )
    console.print(
        f"decision {decision.id}: customer {decision.customer_id} is not {decision.entity_id} "
        f"({decision.entity_caption}), recorded by {who}",
        highlight=False,
    )


def _status(decision: AllowListDecision, hashes: dict[str, str | None]) -> str:
    if not decision.active:
        return f"revoked {decision.revoked_at} by {decision.revoked_by}"
    current = hashes.get(decision.entity_id)
    if current is None:
        return "entity no longer listed"
    return "in force" if current == decision.entity_hash else "lapsed: entity changed"


def list_decisions(
    customer: Annotated[str | None, typer.Option(help="Only this customer's decisions.")] = None,
    include_revoked: Annotated[bool, typer.Option("--all", help="Include revoked ones.")] = False,
    as_json: JsonOption = False,
) -> None:
    """The decisions in force (or all of them), and whether each still applies."""
    with _log() as log:
        allow_list = AllowList(log)
        found = allow_list.decisions(customer, include_revoked)
        with _store() as store:
            hashes = dict(allow_list.snapshot(store).current_hashes)
        for decision in found:
            if decision.entity_id not in hashes:
                hashes[decision.entity_id] = None
    rows = [(d, _status(d, hashes)) for d in found]
    if as_json:
        _print_json([{**msgspec.to_builtins(d), "status": status} for d, status in rows])
        return
    if not rows:
        console.print("No decisions.")
        return
    table = Table(title="Decisions")
    for column in ("id", "customer", "entity", "caption", "by", "on", "reason", "status"):
        table.add_column(column)
    for d, state in rows:
        table.add_row(
            str(d.id),
            d.customer_id,
            d.entity_id,
            d.entity_caption,
            d.decided_by,
            d.decided_at[:10],
            d.reason,
            state,
        )
    console.print(table)


def revoke(
    decision_id: Annotated[int, typer.Argument(help="The decision's id (decisions list).")],
    reason: Reason,
    user: User = None,
) -> None:
    """Withdraw a decision: hits on its entity alert again for its customer."""
    who = current_user(user)
    with _log() as log:
        decision = AllowList(log).revoke(decision_id, reason, who)
    console.print(f"decision {decision.id} revoked by {who}", highlight=False)


# -- monitoring ---------------------------------------------------------------------------


def monitor_add(
    source: Annotated[
        Path,
        typer.Argument(help="Customers: .csv, .jsonl or .parquet.", exists=True, dir_okay=False),
    ],
    id_column: Annotated[str, typer.Option(help="Column holding the customer id.")] = "id",
    name_column: Annotated[str, typer.Option(help="Column holding the name.")] = "name",
    dob_column: Annotated[
        str | None, typer.Option(help="Birth date column (default: dob or birth_date if present).")
    ] = None,
    country_column: Annotated[
        str | None, typer.Option(help="Country column (default: country if present).")
    ] = None,
    kind_column: Annotated[
        str | None, typer.Option(help="Kind column (default: kind or type if present).")
    ] = None,
    input_format: Annotated[
        str | None, typer.Option("--format", help="csv, jsonl or parquet if the extension lies.")
    ] = None,
    user: User = None,
) -> None:
    """Add (or update) customers in the monitored set; a file with a bad row adds nothing."""
    columns = CustomerColumns(id_column, name_column, dob_column, country_column, kind_column)
    customers = read_customers(source, columns, input_format)
    with _log() as log:
        added, updated = MonitoredSet(log).add(customers, current_user(user), str(source))
    console.print(
        f"{added} customers added, {updated} updated, {len(customers) - added - updated} unchanged",
        highlight=False,
    )


def monitor_list(as_json: JsonOption = False) -> None:
    """The monitored customers."""
    with _log() as log:
        customers = MonitoredSet(log).customers()
    if as_json:
        _print_json(customers)
        return
    table = Table(title=f"Monitored customers ({len(customers)})")
    for column in ("id", "name", "birth date", "country", "kind"):
        table.add_column(column)
    for c in customers:
        kind = c.kind.value if c.kind else ""
        table.add_row(c.id, c.name, c.birth_date or "", c.country or "", kind)
    console.print(table)


def monitor_remove(
    customer_ids: Annotated[list[str], typer.Argument(help="Customer ids to stop monitoring.")],
    user: User = None,
) -> None:
    """Stop monitoring customers."""
    with _log() as log:
        removed = MonitoredSet(log).remove(customer_ids, current_user(user))
    console.print(f"{removed} customers removed", highlight=False)


def rescreen(
    threshold: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Match threshold (default: 0.75).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most results per customer.")] = 10,
    full: Annotated[
        bool, typer.Option("--full", help="Screen against the whole lists, not the changes.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report: .json or .csv.")
    ] = None,
    user: User = None,
    as_json: JsonOption = False,
) -> None:
    """Screen the monitored set against what changed since the last run; show new hits."""
    if output is not None and output.suffix.lower() not in (".json", ".csv"):
        raise WatchkeeperError(f"{output}: the report is written as .json or .csv")
    with _log() as log, _store() as store:
        report = MonitoredSet(log).rescreen(
            store, current_user(user), threshold=threshold, limit=limit, full=full
        )
    if output is not None:
        _write_report(output, report)
    if as_json:
        _print_json(report)
    else:
        _print_report(report)


def _write_report(path: Path, report: RescreenReport) -> None:
    try:
        if path.suffix.lower() == ".json":
            path.write_bytes(msgspec.json.format(msgspec.json.encode(report)) + b"\n")
            return
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            fields = ("customer_id", "customer_name", "entity_id", "list_id", "caption")
            writer.writerow([*fields, "score", "status", "note", "run"])
            for hit in report.new_hits:
                writer.writerow(
                    [
                        *(getattr(hit, f) for f in fields),
                        f"{hit.score:.4f}",
                        hit.status.value,
                        hit.note or "",
                        report.run_id,
                    ]
                )
    except OSError as exc:
        raise WatchkeeperError(f"{path}: cannot write: {exc.strerror or exc}") from exc


def _print_report(report: RescreenReport) -> None:
    for change in report.lists:
        since = f"version {change.from_version}" if change.from_version else "never screened"
        console.print(
            f"{change.list_id}: {since} -> version {change.to_version}: {change.basis}"
            + (f", {change.entities} entities" if change.basis != "unchanged" else ""),
            highlight=False,
        )
    console.print(
        f"run {report.run_id}: {report.customers_screened} customers screened against "
        f"{report.entities_screened} entities; {len(report.new_hits)} new hits "
        f"({report.repeated_hits} already reported, {report.cleared_hits} cleared)",
        highlight=False,
    )
    if not report.new_hits:
        return
    table = Table(title="New hits")
    for column in ("customer", "name", "entity", "list", "caption", "score", "status"):
        table.add_column(column)
    for hit in report.new_hits:
        status = hit.status.value + (f": {hit.note}" if hit.note else "")
        table.add_row(
            hit.customer_id,
            hit.customer_name,
            hit.entity_id,
            hit.list_id,
            hit.caption,
            f"{hit.score:.3f}",
            status,
        )
    console.print(table)
