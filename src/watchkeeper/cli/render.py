"""How screening results look at a terminal: a ranked summary, then why each one scored.

An analyst deciding whether to escalate a hit needs the reasons next to the score: which
parts of the name lined up and how (an exact spelling, a transliteration, a sound-alike), what
was left over on either side, and what the birth date, country and kind added or took away.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from watchkeeper.screening import Match, Query

HOW_STYLE = {
    "exact": "green",
    "transliteration": "cyan",
    "phonetic": "cyan",
    "joined parts": "cyan",
    "edit distance": "yellow",
    "initial": "yellow",
    "no match": "red",
}
EVIDENCE_LABEL = {
    "birth_date": "birth date",
    "country": "country",
    "kind": "kind",
    "weak_alias": "weak alias",
}


def describe_query(query: Query) -> Text:
    text = Text.assemble(("Screening ", "bold"), (f'"{query.name}"', "bold"))
    extra = [
        f"born {query.birth_date}" if query.birth_date else "",
        f"country {query.country}" if query.country else "",
        f"kind {query.kind.value}" if query.kind else "",
    ]
    if any(extra):
        text.append(f"  ({', '.join(e for e in extra if e)})", "dim")
    return text


def _verdict(match: Match) -> Text:
    return Text("MATCH", "bold red") if match.match else Text("no", "dim")


def summary_table(matches: Sequence[Match]) -> Table:
    table = Table(show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("entity id", no_wrap=True)
    table.add_column("list", no_wrap=True)
    table.add_column("caption")
    table.add_column("programmes")
    table.add_column("score", justify="right")
    table.add_column("match")
    for rank, match in enumerate(matches, 1):
        table.add_row(
            str(rank),
            match.entity_id,
            match.list_id,
            match.caption,
            ", ".join(match.programs),
            f"{match.score:.3f}",
            _verdict(match),
        )
    return table


def _parts_table(match: Match) -> Table:
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    table.add_column("query part", style="bold")
    table.add_column("listed part", style="bold")
    table.add_column("how")
    table.add_column("similarity", justify="right")
    for part in match.parts:
        style = HOW_STYLE.get(part.how, "")
        table.add_row(part.query, part.listed, Text(part.how, style), f"{part.score:.2f}")
    return table


def why(match: Match, rank: int, threshold: float) -> Panel:
    """The reasons for one result, as a panel."""
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    facts.add_row("list", f"{match.list_id}   programmes: {', '.join(match.programs) or '-'}")
    facts.add_row(
        "matched name",
        Text.assemble(
            f'"{match.matched_name}"',
            (f"  {match.matched_name_type}, name score {match.name_score:.3f}", "dim"),
        ),
    )
    body: list[RenderableType] = [facts]
    if match.parts:
        body.append(_parts_table(match))
    notes = Table.grid(padding=(0, 2))
    notes.add_column(style="bold", no_wrap=True)
    notes.add_column()
    notes.add_column(justify="right")
    if match.query_unmatched:
        notes.add_row("unmatched in query", " ".join(match.query_unmatched), "")
    if match.listed_unmatched:
        notes.add_row("not in query", " ".join(match.listed_unmatched), "")
    if match.dropped:
        notes.add_row("dropped", ", ".join(match.dropped), "")
    for evidence in match.evidence:
        style = "green" if evidence.effect > 0 else "red" if evidence.effect < 0 else ""
        notes.add_row(
            EVIDENCE_LABEL.get(evidence.feature, evidence.feature),
            evidence.detail,
            Text(f"{evidence.effect:+.2f}", style),
        )
    comparison = ">=" if match.match else "<"
    notes.add_row(
        "score",
        Text.assemble(
            f"{match.score:.3f} {comparison} threshold {threshold:.2f}: ", _verdict(match)
        ),
        "",
    )
    body.append(notes)
    title = Text.assemble(f"{rank}. ", (match.entity_id, "bold"), f"  {match.caption}")
    return Panel(Group(*body), title=title, title_align="left", expand=True)


def render_matches(
    console: Console, query: Query, matches: Sequence[Match], threshold: float
) -> None:
    """Print the query, a ranked table of results, and why each one scored as it did."""
    header = describe_query(query)
    hits = sum(1 for m in matches if m.match)
    header.append(
        f"\nthreshold {threshold:.2f}: {len(matches)} result{'s' * (len(matches) != 1)}, "
        f"{hits} match{'es' * (hits != 1)}"
    )
    console.print(header)
    if not matches:
        console.print("Nothing on the loaded lists is close to this name.")
        return
    console.print(summary_table(matches))
    console.print(Text("Why", "bold"))
    for rank, match in enumerate(matches, 1):
        console.print(why(match, rank, threshold))
