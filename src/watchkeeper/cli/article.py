"""The ``article`` and ``eval-article`` commands: screen news articles, measure statements.

``watchkeeper article FILE|URL|DIR|JSONL`` reads plain text or HTML (a URL is fetched), screens
every party against the loaded lists and prints a report, or JSON with ``--json``. A folder or
a ``.jsonl`` file is screened in parallel and written as JSON lines. The language model and the
lists load only when the command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import msgspec
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from watchkeeper.config import Settings
from watchkeeper.errors import WatchkeeperError
from watchkeeper.media.schema import ArticleResult, Party
from watchkeeper.store import Store

if TYPE_CHECKING:
    from watchkeeper.media.pipeline import ArticleScreener

console = Console()
status = Console(stderr=True)


def register(app: typer.Typer) -> None:
    """Add ``article`` and ``eval-article`` to the command line."""
    from watchkeeper.cli.main import reports_errors

    app.command("article")(reports_errors(article))
    app.command("eval-article")(reports_errors(eval_article))


def _load(no_nlp: bool) -> ArticleScreener:
    from watchkeeper.media.pipeline import ArticleScreener
    from watchkeeper.media.risk_interface import default_risk_model

    settings = Settings.load()
    with Store.open(settings.database) as store:
        if not store.active_versions():
            raise WatchkeeperError(
                f"no list is loaded in {settings.home}: run `watchkeeper update` first"
            )
        with status.status("Loading the lists and the language model..."):
            return ArticleScreener.from_store(
                store, use_nlp=not no_nlp, risk_model=default_risk_model()
            )


def article(
    source: Annotated[
        str, typer.Argument(help="A .txt or .html file, a URL, a folder, or a .jsonl file.")
    ],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD; relative dates resolve against it."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a report.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option(help="For a folder or JSONL: write JSON lines here.")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes for a folder or JSONL.")] = 2,
    no_nlp: Annotated[
        bool, typer.Option("--no-nlp", help="Do not use the language model (lists only).")
    ] = False,
) -> None:
    """Screen a news article: parties (listed ones flagged), statements, dates, captions."""
    from watchkeeper.media.pipeline import parse_published

    parse_published(published)  # a bad date fails before anything loads
    path = Path(source)
    is_url = source.startswith(("http://", "https://"))
    if not is_url and not path.exists():
        raise WatchkeeperError(f"{source}: no such file or folder")
    if not is_url and (path.is_dir() or path.suffix.lower() == ".jsonl"):
        _many(path, published, output, workers, no_nlp)
        return
    screener = _load(no_nlp)
    if is_url:
        from watchkeeper.media.fetch import fetch_page

        result = screener.analyse_html(fetch_page(source), url=source, published=published)
    else:
        text = path.read_bytes().decode("utf-8", errors="replace")
        if path.suffix.lower() in (".html", ".htm"):
            result = screener.analyse_html(text, url=None, published=published)
            result.source = str(path)
        else:
            result = screener.analyse_text(text, published=published, source=str(path))
    if as_json:
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(result)).decode() + "\n")
    else:
        render_article(console, result)


def _many(
    path: Path, published: str | None, output: Path | None, workers: int, no_nlp: bool
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from watchkeeper.media.batch import read_articles, screen_articles

    articles = list(read_articles(path, published))
    screener = _load(no_nlp)
    handle = output.open("wb") if output else sys.stdout.buffer
    try:
        with Progress(
            TextColumn("articles"), BarColumn(), MofNCompleteColumn(), console=status
        ) as progress:
            task = progress.add_task("articles", total=len(articles))
            for line in screen_articles(
                screener, iter(articles), workers, lambda: progress.advance(task)
            ):
                handle.write(line + b"\n")
    finally:
        if output:
            handle.close()
        else:
            handle.flush()


def render_article(out: Console, result: ArticleResult) -> None:
    """Parties first (listed ones flagged, with entries, risks, evidence), then statements,
    dates, captions and credits."""
    heading = escape(result.title or result.source)
    out.print(f"[bold]{heading}[/]  [dim]published {result.published or 'unknown'}[/]")
    if result.nlp is None:
        out.print(
            "[yellow]No language model installed: statements and unlisted parties are "
            "missing (install the 'nlp' extra).[/]"
        )
    parties = Table(title="Parties")
    for column in ("", "party", "kind", "mentions", "list entries"):
        parties.add_column(column, overflow="fold")
    for party in result.parties:
        entries = "\n".join(
            f"{m.entity_id} ({m.score:.2f}) {escape(m.caption)}" for m in party.matches
        )
        if party.unconfirmed:
            entries += (
                "\n[dim]unconfirmed: " + ", ".join(m.entity_id for m in party.unconfirmed) + "[/]"
            )
        parties.add_row(
            "[bold red]LISTED[/]" if party.listed else "",
            escape(party.name),
            party.kind,
            str(len(party.mentions)),
            entries.strip(),
        )
    out.print(parties)
    for party in (p for p in result.parties if p.listed):
        out.print(f"\n[bold red]{escape(party.name)}[/]")
        for match in party.matches:
            out.print(f"  {match.entity_id}  {match.score:.2f}  {escape(match.explanation)}")
        out.print(f"  risks: {_risk_line(party, result.risk_model)}")
        for sentence in party.evidence[:3]:
            out.print(f"  [dim]> {escape(sentence)}[/]")
    statements = Table(title="Statements")
    for column in ("speaker", "cue", "channel", "date", "content"):
        statements.add_column(column, overflow="fold")
    for statement in result.statements:
        statements.add_row(
            escape(statement.speaker),
            statement.cue,
            escape(statement.channel or ""),
            statement.date or "",
            escape(statement.content[:200]),
        )
    out.print(statements)
    dates = Table(title="Dates")
    for column in ("text", "granularity", "value"):
        dates.add_column(column)
    for found in result.dates:
        dates.add_row(escape(found.text), str(found.granularity), found.value)
    out.print(dates)
    for caption in result.captions:
        out.print(f"[dim]caption:[/] {escape(caption)}")
    for credit in result.credits:
        out.print(f"[dim]credit:[/] {escape(credit)}")


def eval_article(
    data: Annotated[
        Path | None,
        typer.Option(
            help="Reference data folder (default: WATCHKEEPER_SHARED_DATA, else ../shared/data)."
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N articles.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Measure statement extraction (speaker + content) on PolNeAR's dev articles."""
    from watchkeeper.evaluation.attribution import (
        POLNEAR_DEV,
        evaluate_attribution,
        spacy_extractor,
    )
    from watchkeeper.reference import require_shared_data

    folder = require_shared_data(data) / POLNEAR_DEV
    score = evaluate_attribution(folder, spacy_extractor(), limit)
    numbers = {
        "articles": score.articles,
        "gold": score.gold,
        "found": score.found,
        "precision": round(score.precision, 3),
        "recall": round(score.recall, 3),
        "f1": round(score.f1, 3),
        "seconds": round(score.seconds, 1),
    }
    if as_json:
        sys.stdout.write(msgspec.json.encode(numbers).decode() + "\n")
        return
    for key, value in numbers.items():
        console.print(f"{key:>10}  {value}")


def _risk_line(party: Party, model: str) -> str:
    """ "adverse 0.93: terrorism 0.88, violence 0.61", or why there is nothing to say."""
    if party.adverse_probability is None:
        return f"[dim]{escape(model)}[/]"
    line = f"adverse {party.adverse_probability:.2f}"
    if party.risks:
        line += ": " + ", ".join(f"{r.category} {r.score:.2f}" for r in party.risks)
    return escape(line)
