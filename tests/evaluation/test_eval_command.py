"""``watchkeeper eval`` end to end, on a miniature data folder and the UN list fixture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import FIXTURES
from watchkeeper.evaluation.cli import register

DATA = FIXTURES / "evaluation" / "data"
UN = FIXTURES / "un_xml" / "consolidated.xml"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Commands are registered below, as the watchkeeper CLI does."""

    register(app)
    return app


def run_eval(app: typer.Typer, *args: str) -> Any:
    result = CliRunner().invoke(app, ["eval", "--data", str(DATA), "--lists", str(UN), *args])
    assert result.exit_code == 0, result.output
    return result


def test_name_pairs_report_and_json(app: typer.Typer, tmp_path: Path) -> None:
    report = tmp_path / "docs" / "quality.md"
    result = run_eval(app, "--only", "pairs", "--output", str(report), "--json")
    evaluation = json.loads(result.stdout)
    (pairs,) = evaluation["results"]
    assert pairs["name"] == "pairs" and pairs["queries"] == 10
    assert pairs["compared"] == 8
    thresholds = [r["threshold"] for r in pairs["ours"]]
    assert thresholds == [0.7, pairs["threshold"]]
    for rates in pairs["ours"]:
        assert rates["tp"] + rates["fp"] + rates["tn"] + rates["fn"] == 10
    assert len(pairs["curve_ours"]) == len(pairs["curve_reference"]) == 10
    # Unmistakable pairs are decided right whatever the tuning.
    assert pairs["ours"][1]["tp"] >= 2 and pairs["ours"][1]["tn"] >= 2
    assert {b["value"] for b in pairs["breakdown"]} >= {"people", "companies", "Person", "Vessel"}

    text = report.read_text()
    assert text.startswith("# Matching quality")
    assert "watchkeeper eval" in text and "- Machine:" in text
    assert "SOURCES.md (sha256" in text and "un-sc 2025-10-01" in text
    assert "## Name pairs" in text and "logic-v2" in text
    assert "2026-01-01" in text  # the data date of the pairs, from SOURCES.md


def test_every_set_runs_and_the_terminal_shows_a_summary(app: typer.Typer, tmp_path: Path) -> None:
    report = tmp_path / "quality.md"
    result = run_eval(app, "--output", str(report))
    assert "Matching quality" in result.stdout and "Report written to" in result.stdout
    text = report.read_text()
    for title in (
        "Name pairs",
        "Leave one alias out",
        "Cross-script",
        "False alerts",
        "Retrieval recall",
        "Adverse media: risk classifier",
        "Adverse media: attributed statements",
    ):
        assert f"## {title}" in text


def test_sets_measure_what_they_claim(app: typer.Typer, tmp_path: Path) -> None:
    result = run_eval(app, "--output", str(tmp_path / "q.md"), "--json")
    sets = {r["name"]: r for r in json.loads(result.stdout)["results"]}

    aliases = sets["aliases"]
    assert aliases["total"]["queries"] == aliases["queries"] > 0
    assert aliases["eligible"]["un-sc"] >= aliases["queries"]

    cross = sets["cross-script"]
    labels = [r["label"] for r in cross["by_dataset"]]
    assert "wikidata-hebrew, native → Latin" in labels and "google-ar2en, Latin → native" in labels
    assert {p["native"] for p in cross["hand_picked"]} >= {"Владимир Путин", "Νικόλαος"}

    negatives = sets["false-positives"]
    name_only = negatives["rates"][0]
    assert (name_only["dataset"], name_only["queries"]) == ("synthetic people", 6)
    # The one listed name planted among the negatives raises an alert, and is reported.
    assert name_only["alerted"] >= 1
    assert negatives["frequent"][0]["entity_id"] == "un-IRi.039"
    detailed = negatives["rates"][1]
    assert detailed["ignored"] == 1  # "Atlantis" is not a country the screener knows

    retrieval = sets["retrieval"]
    assert retrieval["checked"] > 0 and retrieval["check_differences"] == 0
    assert retrieval["total"]["queries"] > 0

    # The miniature adverse-media set is told apart, and both statements of the one
    # hand-annotated PolNeAR-format article are found with their speakers.
    adverse = sets["adverse-media"]
    assert adverse["queries"] > 0 and adverse["roc_auc"] > 0.9
    statements = sets["attribution"]
    assert (statements["articles"], statements["gold"]) == (1, 2)
    assert statements["recall"] == 1.0 and statements["precision"] == 1.0


def test_sampling_caps_the_queries_of_each_dataset(app: typer.Typer, tmp_path: Path) -> None:
    result = run_eval(
        app,
        "--only",
        "false-positives",
        "--sample",
        "2",
        "--output",
        str(tmp_path / "q.md"),
        "--json",
    )
    rates = json.loads(result.stdout)["results"][0]["rates"]
    assert all(r["queries"] <= 2 for r in rates)


def test_unknown_set_and_missing_data_are_one_line_errors(app: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(
        app, ["eval", "--data", str(DATA), "--only", "nonsense", "--output", str(tmp_path / "q")]
    )
    assert unknown.exit_code == 2
    assert "unknown evaluation set" in unknown.output and "pairs" in unknown.output
    missing = runner.invoke(app, ["eval", "--data", str(tmp_path), "--output", str(tmp_path / "q")])
    assert missing.exit_code == 2 and "SOURCES.md" in missing.output
    assert not (tmp_path / "q").exists()


def test_the_command_lists_every_set_the_runner_knows() -> None:
    from watchkeeper.evaluation.cli import SET_NAMES
    from watchkeeper.evaluation.runner import SETS

    assert tuple(SETS) == SET_NAMES
