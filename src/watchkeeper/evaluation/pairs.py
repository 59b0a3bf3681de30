"""Labelled name pairs: does the name score agree with a human on "same name or not"?

The pairs are OpenSanctions' hand-labelled name benchmark (person, company and vessel names
with typos, transliterations, reorderings and near misses). Each pair is scored by the screener's
own name comparison, with token weights from an index over every reference list, so a common
given name counts as little as it does in screening. OpenSanctions published the scores of their
logic-v2 matcher on the same pairs; both are reported side by side.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import msgspec

from watchkeeper.evaluation.context import Context
from watchkeeper.evaluation.metrics import CURVE_THRESHOLDS, Rates, Scored, curve, rates
from watchkeeper.evaluation.report import (
    RATE_HEADERS,
    SetResult,
    data_date,
    num,
    rate_cells,
    table,
)
from watchkeeper.model import EntityKind

CASES = "names/nomenklatura_name_bench/cases.csv"
REFERENCE = "names/nomenklatura_name_bench/logicv2-frozen.csv"
REFERENCE_NAME = "logic-v2"
# The threshold OpenSanctions' matcher decides at.
REFERENCE_THRESHOLD = 0.7
WORST = 15

KIND_BY_SCHEMA = {
    "Person": EntityKind.PERSON,
    "Company": EntityKind.ORGANIZATION,
    "Organization": EntityKind.ORGANIZATION,
    "LegalEntity": EntityKind.ORGANIZATION,
    "Vessel": EntityKind.VESSEL,
}


class PairCase(msgspec.Struct, frozen=True):
    case_group: str
    schema: str
    name1: str
    name2: str
    is_match: bool
    quality: str = ""
    category: str = ""
    notes: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.schema, self.name1, self.name2)


def _truth(value: str, path: Path) -> bool:
    lowered = value.strip().lower()
    if lowered not in ("true", "false"):
        raise ValueError(f"{path}: is_match must be true or false, not {value!r}")
    return lowered == "true"


def load_cases(path: Path) -> list[PairCase]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            PairCase(
                case_group=row["case_group"],
                schema=row["schema"],
                name1=row["name1"],
                name2=row["name2"],
                is_match=_truth(row["is_match"], path),
                quality=row.get("quality") or "",
                category=row.get("category") or "",
                notes=row.get("notes") or "",
            )
            for row in csv.DictReader(handle)
        ]


def load_reference_scores(path: Path) -> dict[tuple[str, str, str], float]:
    """(schema, name1, name2) -> the reference matcher's score."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["schema"], row["name1"], row["name2"]): float(row["score"])
            for row in csv.DictReader(handle)
            if row.get("score")
        }


class PairError(msgspec.Struct, frozen=True):
    error: str
    schema: str
    case_group: str
    name1: str
    name2: str
    score: float
    reference_score: float | None
    notes: str


class Breakdown(msgspec.Struct, frozen=True):
    by: str
    value: str
    cases: int
    ours: Rates
    reference: Rates | None


class PairsResult(SetResult, kw_only=True):
    threshold: float
    data_date: str
    ours: list[Rates]
    compared: int
    ours_compared: list[Rates]
    reference: list[Rates]
    curve_ours: list[Rates]
    curve_reference: list[Rates]
    breakdown: list[Breakdown]
    worst: list[PairError]

    def markdown(self) -> str:
        at = f"{self.threshold:.2f}"
        lines = [
            f"OpenSanctions' labelled name pairs (`{CASES}`, {self.data_date}): "
            f"{self.queries} pairs. Each pair is scored from the names alone, the way a query "
            "is scored against one listed name (token weights from all reference lists), "
            f"and called a match at or above the threshold. {REFERENCE_NAME} scores come from "
            f"`{REFERENCE}`; {self.compared} of the pairs are in both files, and the "
            "comparison uses those, with the labels of `cases.csv`.",
            "",
            f"### Our matcher, all pairs, at {REFERENCE_THRESHOLD} and at our default {at}",
            "",
            table(RATE_HEADERS, [rate_cells(r) for r in self.ours]),
            "",
            f"### Side by side on the {self.compared} pairs scored by both",
            "",
            table(
                ("matcher", *RATE_HEADERS),
                [["watchkeeper", *rate_cells(r)] for r in self.ours_compared]
                + [[REFERENCE_NAME, *rate_cells(r)] for r in self.reference],
            ),
            "",
            "### Over thresholds (pairs scored by both)",
            "",
            table(
                (
                    "threshold",
                    "ours P",
                    "ours R",
                    "ours F1",
                    "ours FPR",
                    f"{REFERENCE_NAME} P",
                    f"{REFERENCE_NAME} R",
                    f"{REFERENCE_NAME} F1",
                    f"{REFERENCE_NAME} FPR",
                ),
                [
                    (
                        f"{a.threshold:.2f}",
                        num(a.precision),
                        num(a.recall),
                        num(a.f1),
                        num(a.fpr),
                        num(b.precision),
                        num(b.recall),
                        num(b.f1),
                        num(b.fpr),
                    )
                    for a, b in zip(self.curve_ours, self.curve_reference, strict=True)
                ],
            ),
            "",
            f"### By case group and schema (ours at {at}, {REFERENCE_NAME} at "
            f"{REFERENCE_THRESHOLD})",
            "",
            table(
                (
                    "",
                    "pairs",
                    "ours P",
                    "ours R",
                    "ours F1",
                    f"{REFERENCE_NAME} P",
                    f"{REFERENCE_NAME} R",
                    f"{REFERENCE_NAME} F1",
                ),
                [
                    (
                        f"{b.by} {b.value}",
                        b.cases,
                        num(b.ours.precision),
                        num(b.ours.recall),
                        num(b.ours.f1),
                        num(b.reference.precision if b.reference else None),
                        num(b.reference.recall if b.reference else None),
                        num(b.reference.f1 if b.reference else None),
                    )
                    for b in self.breakdown
                ],
            ),
            "",
            f"### The {len(self.worst)} worst errors at {at}",
            "",
            "False and missed matches furthest from the threshold on the wrong side, in turn: "
            "the pairs to look at first.",
            "",
            table(
                ("error", "schema", "group", "name1", "name2", "ours", REFERENCE_NAME, "notes"),
                [
                    (
                        e.error,
                        e.schema,
                        e.case_group,
                        e.name1,
                        e.name2,
                        num(e.score),
                        num(e.reference_score),
                        e.notes,
                    )
                    for e in self.worst
                ],
            ),
        ]
        return "\n".join(lines)

    def summary(self) -> list[tuple[str, str]]:
        ours = self.ours_compared
        theirs = self.reference
        return [
            (f"F1 at {self.threshold:.2f}", num(self.ours[-1].f1)),
            (
                f"F1 at {REFERENCE_THRESHOLD} (ours / {REFERENCE_NAME}, common pairs)",
                f"{num(ours[0].f1)} / {num(theirs[0].f1)}",
            ),
            (
                f"precision / recall at {self.threshold:.2f}",
                f"{num(self.ours[-1].precision)} / {num(self.ours[-1].recall)}",
            ),
        ]


def _breakdown(
    cases: list[PairCase],
    ours: dict[int, float],
    theirs: dict[int, float],
    threshold: float,
) -> list[Breakdown]:
    rows: list[Breakdown] = []
    keyers: list[tuple[str, Callable[[PairCase], str]]] = [
        ("group", lambda c: c.case_group),
        ("schema", lambda c: c.schema),
    ]
    for by, key in keyers:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, case in enumerate(cases):
            groups[key(case)].append(i)
        for value in sorted(groups):
            members = groups[value]
            reference: list[Scored] = [
                (theirs[i], cases[i].is_match) for i in members if i in theirs
            ]
            rows.append(
                Breakdown(
                    by=by,
                    value=value,
                    cases=len(members),
                    ours=rates([(ours[i], cases[i].is_match) for i in members], threshold),
                    reference=rates(reference, REFERENCE_THRESHOLD) if reference else None,
                )
            )
    return rows


def _worst(
    cases: list[PairCase], ours: dict[int, float], theirs: dict[int, float], threshold: float
) -> list[PairError]:
    """The errors furthest from the threshold, false and missed matches in turn."""
    by_kind: dict[bool, list[int]] = {True: [], False: []}
    for i, case in enumerate(cases):
        if (ours[i] >= threshold) != case.is_match:
            by_kind[case.is_match].append(i)
    for wrong in by_kind.values():
        wrong.sort(key=lambda i: (-abs(ours[i] - threshold), cases[i].name1))
    chosen: list[int] = []
    false, missed = by_kind[False], by_kind[True]
    while len(chosen) < WORST and (false or missed):
        for wrong in (false, missed):
            if wrong and len(chosen) < WORST:
                chosen.append(wrong.pop(0))
    chosen.sort(key=lambda i: (cases[i].is_match, -abs(ours[i] - threshold)))
    return [
        PairError(
            error="missed match" if cases[i].is_match else "false match",
            schema=cases[i].schema,
            case_group=cases[i].case_group,
            name1=cases[i].name1,
            name2=cases[i].name2,
            score=round(ours[i], 4),
            reference_score=theirs.get(i),
            notes=_short(cases[i].notes or cases[i].category),
        )
        for i in chosen
    ]


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def run(ctx: Context) -> PairsResult:
    cases = ctx.draw(load_cases(ctx.data / CASES), "pairs")
    reference_path = ctx.data / REFERENCE
    reference = load_reference_scores(reference_path) if reference_path.is_file() else {}
    screener = ctx.screener()
    threshold = screener.threshold
    ours = {
        i: screener.score_pair(case.name1, case.name2, KIND_BY_SCHEMA.get(case.schema))
        for i, case in enumerate(ctx.track(cases, len(cases), "name pairs"))
    }
    theirs = {i: reference[case.key] for i, case in enumerate(cases) if case.key in reference}
    scored: list[Scored] = [(ours[i], case.is_match) for i, case in enumerate(cases)]
    ours_common: list[Scored] = [(ours[i], cases[i].is_match) for i in theirs]
    theirs_common: list[Scored] = [(theirs[i], cases[i].is_match) for i in theirs]
    points = (REFERENCE_THRESHOLD, threshold)
    return PairsResult(
        name="pairs",
        title="Name pairs",
        queries=len(cases),
        threshold=threshold,
        data_date=data_date(ctx.data, CASES),
        ours=[rates(scored, t) for t in points],
        compared=len(theirs),
        ours_compared=[rates(ours_common, t) for t in points],
        reference=[rates(theirs_common, t) for t in points],
        curve_ours=curve(ours_common, CURVE_THRESHOLDS),
        curve_reference=curve(theirs_common, CURVE_THRESHOLDS),
        breakdown=_breakdown(cases, ours, theirs, threshold),
        worst=_worst(cases, ours, theirs, threshold),
    )
