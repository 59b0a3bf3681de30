"""The quality report: Markdown tables for ``docs/quality.md``, a compact terminal summary.

Every set's result renders itself (its tables differ); this module holds what they share: the
result base class, number formatting, tables, and the header saying how to reproduce the
numbers, on which data, on which machine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import msgspec
from rich.console import Console
from rich.table import Table

from watchkeeper.benchmarks.machine import describe_machine
from watchkeeper.evaluation.metrics import Ranking, Rates
from watchkeeper.model import ParsedList


class SetResult(msgspec.Struct, kw_only=True):
    """What one evaluation set measured. Subclasses add their numbers and render them."""

    name: str
    title: str
    queries: int
    seconds: float = 0.0

    def markdown(self) -> str:
        raise NotImplementedError

    def summary(self) -> list[tuple[str, str]]:
        """A few (label, value) lines for the terminal."""
        raise NotImplementedError


def pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


RATE_HEADERS = ("threshold", "precision", "recall", "F1", "false-positive rate", "TP/FP/TN/FN")


def rate_cells(r: Rates) -> list[str]:
    return [
        f"{r.threshold:.2f}",
        num(r.precision),
        num(r.recall),
        num(r.f1),
        num(r.fpr),
        f"{r.tp}/{r.fp}/{r.tn}/{r.fn}",
    ]


def _sources_rows(data: Path) -> list[list[str]]:
    try:
        text = (data / "SOURCES.md").read_text("utf-8")
    except OSError:
        return []
    return [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("| `")
    ]


def data_date(data: Path, relative: str) -> str:
    """The "date of the data" SOURCES.md gives for a file (or the first file of a folder)."""
    for row in _sources_rows(data):
        path = row[0].strip("`")
        if len(row) > 3 and (path == relative or path.startswith(relative.rstrip("/") + "/")):
            return row[3].split(" (")[0]
    return "date not in SOURCES.md"


def _list_date(data: Path, parsed: ParsedList) -> str:
    if parsed.published:
        return parsed.published.isoformat()
    try:
        relative = Path(parsed.source).resolve().relative_to(data.resolve())
    except ValueError:
        return "undated"
    return f"{data_date(data, relative.as_posix())} (per SOURCES.md)"


def provenance(data: Path, lists: Sequence[ParsedList] | None) -> str:
    """One line naming the data: the SOURCES.md digest and the date of each list."""
    try:
        digest = hashlib.sha256((data / "SOURCES.md").read_bytes()).hexdigest()[:12]
        described = f"`{data}` as described by its SOURCES.md (sha256 {digest})"
    except OSError:
        described = f"`{data}` (no SOURCES.md)"
    if not lists:
        return f"- Data: {described}"
    dated = ", ".join(f"{parsed.info.id} {_list_date(data, parsed)}" for parsed in lists)
    return f"- Data: {described}; lists: {dated}"


def render(
    results: Sequence[SetResult],
    data: Path,
    lists: Sequence[ParsedList] | None,
    setup_seconds: float | None = None,
) -> str:
    parts = [
        "# Matching quality",
        "",
        "Written by `watchkeeper eval`; do not edit by hand. Reproduce with `watchkeeper eval` "
        "(`--only SET` for one set, `--sample N` to cap the queries per dataset, `--json` for "
        "machine-readable results). Every number below is measured by that command on the "
        "data named here.",
        "",
        describe_machine(),
        provenance(data, lists),
        *(
            [f"- Parsing and indexing every list, once for all sets: {setup_seconds:.1f} s"]
            if setup_seconds is not None
            else []
        ),
        "",
        table(
            ("set", "queries", "time", "headline"),
            [
                (
                    f"[{r.title}](#{_anchor(r.title)})",
                    f"{r.queries:,}",
                    f"{r.seconds:.1f} s",
                    "; ".join(f"{k} {v}" for k, v in r.summary()[:2]),
                )
                for r in results
            ],
        ),
    ]
    for result in results:
        parts += [
            "",
            f"## {result.title}",
            "",
            f"{result.queries:,} queries in {result.seconds:.1f} s.",
            "",
            result.markdown(),
        ]
    return "\n".join(parts) + "\n"


def _anchor(title: str) -> str:
    kept = "".join(ch for ch in title.lower() if ch.isalnum() or ch in " -")
    return kept.replace(" ", "-")


def print_summary(console: Console, results: Sequence[SetResult]) -> None:
    table_ = Table(title="Matching quality")
    for column in ("set", "queries", "time", "measure", "value"):
        table_.add_column(column)
    for result in results:
        for i, (label, value) in enumerate(result.summary()):
            first = i == 0
            table_.add_row(
                result.title if first else "",
                f"{result.queries:,}" if first else "",
                f"{result.seconds:.1f} s" if first else "",
                label,
                value,
                end_section=i == len(result.summary()) - 1,
            )
    console.print(table_)


RANKING_HEADERS = (
    "queries",
    "ranked first",
    "first and a match",
    "a match in the top 10",
    "refused",
)


def ranking_cells(r: Ranking) -> list[str]:
    return [
        f"{r.queries:,}",
        pct(r.top1),
        pct(r.recall_first),
        pct(r.recall),
        str(r.errors),
    ]
