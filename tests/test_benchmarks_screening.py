"""The screening benchmark runs end to end on a small list and reports every figure.

Timings are never asserted (they depend on the machine); what is asserted is that each
measurement runs on real parsed entities and produces the figures the report prints.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from watchkeeper.benchmarks import cli, report, screening, screening_section
from watchkeeper.model import Entity
from watchkeeper.sources.registry import parse_path

NEGATIVES = [
    "Ingrid Halvorsen",
    "Kathryn Barr",
    "Reni Mehdi Klemm",
    "Maria Alice Nathan Leão",
    "Jan Espen Lunde",
    "Elvia Corral",
    "Tonya Bryan Perez",
    "Flemming Kjeldsen",
    "Amalie Schmidt",
    "Patricio Nevárez",
    "Emmanuelle Brun",
    "Arild Jenssen",
    "Yvonne Astrid Jakobsen",
    "Cristal Cecilia Garza",
]


@pytest.fixture(scope="module")
def entities(fixtures: Path) -> list[Entity]:
    lists = parse_path(fixtures / "un_xml" / "consolidated.xml")
    return [entity for parsed in lists for entity in parsed.entities]


def test_query_set_mixes_every_kind_of_input_and_is_reproducible(
    entities: list[Entity],
) -> None:
    queries = screening.query_set(entities, NEGATIVES, 20)
    assert len(queries) == 20
    by_category = {
        c: [q.query.name for q in queries if q.category == c] for c in screening.CATEGORIES
    }
    assert len(by_category[screening.PERTURBED]) == 5
    assert len(by_category[screening.NON_LATIN]) == 5
    assert by_category[screening.NEGATIVE] == NEGATIVES[:10]
    listed = {name.full for entity in entities for name in entity.names}
    assert all(name in listed for name in by_category[screening.NON_LATIN])
    assert all(not name.isascii() for name in by_category[screening.NON_LATIN])
    assert not set(by_category[screening.PERTURBED]) & listed
    assert screening.query_set(entities, NEGATIVES, 20) == queries


def test_perturbations_are_the_damage_real_input_does() -> None:
    rng = random.Random(1)
    assert screening.reorder("SOLEIMANI, Qasem") == "Qasem SOLEIMANI"
    assert screening.reorder("Hamas") == "Hamas"
    typo = screening.typo("Soleimani", rng)
    assert typo != "Soleimani" and typo[0] == "S"
    assert abs(len(typo) - len("Soleimani")) <= 1
    assert screening.transliterate("QASEM SOLEIMANI", random.Random(6)).isupper()
    variants = {screening.transliterate("Mohammed Qasem", random.Random(s)) for s in range(20)}
    assert "Muhammad Qasem" in variants and "Mohammed Kasem" in variants


def test_percentile_is_an_observed_value() -> None:
    values = [float(v) for v in range(1, 101)]
    assert screening.percentile(values, 50) == 50.0
    assert screening.percentile(values, 99) == 99.0
    assert screening.percentile([3.0], 99) == 3.0


def _run(mode: str, entities: list[Entity]) -> dict[str, Any]:
    return screening.run_mode(
        mode, entities, NEGATIVES, latency_queries=20, batch_queries=24, spin_rounds=1_000
    )


def test_every_measurement_runs_and_reports_its_figures(entities: list[Entity]) -> None:
    built = _run("build", entities)
    assert built["entities"] == len(entities)
    assert built["names"] > len(entities)
    assert {"build_s", "index_mb", "peak_rss_mb"} <= built.keys()

    latency = _run("latency", entities)
    assert latency["queries"] == 20 and latency["errors"] == 0
    assert {"p50_ms", "p99_ms", "mean_candidates", "subset"} <= latency.keys()
    assert latency["p50_ms"] <= latency["p99_ms"] <= latency["max_ms"]
    assert set(latency["by_category"]) == set(screening.CATEGORIES)
    assert sum(c["count"] for c in latency["by_category"].values()) == 20
    assert latency["mean_candidates"] > 0

    batch = _run("batch", entities)
    assert batch["single"]["names"] == batch["parallel"]["names"] == batch["queries"]
    assert batch["parallel"]["workers"] == 2
    assert batch["scaling"] > 0 and batch["machine_scaling"] > 0

    baseline = _run("baseline", entities)
    assert baseline["choices"] == len(screening.listed_name_strings(entities))
    assert baseline["queries"] == latency["subset"]["count"]
    assert baseline["names_per_s"] > 0


def test_unknown_mode_is_refused(entities: list[Entity]) -> None:
    with pytest.raises(ValueError, match="unknown mode"):
        _run("warp", entities)


def test_section_states_each_aim_met_or_not(
    entities: list[Entity], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def run_here(module: str, mode: str, *args: str) -> dict[str, Any]:
        return {**_run(mode, entities), "lists": 1}

    monkeypatch.setattr(screening_section, "run_isolated", run_here)
    text = screening_section.screening_section(tmp_path, 1)
    assert text.startswith("## Screening speed")
    for figure in ("index build", "index memory", "p50", "p99", "names/s", "baseline"):
        assert figure in text
    assert text.count(" met |") + text.count(" **not met** |") == 5
    assert "24-name set" in text
    assert "nan" not in text


def _app() -> typer.Typer:
    """A command group like ``watchkeeper``'s, with ``bench`` registered the same way."""
    app = typer.Typer()

    @app.callback()
    def group() -> None:
        pass

    cli.register(app)
    return app


def test_bench_command_writes_the_report(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "SOURCES.md").write_text("reference data\n")
    monkeypatch.setattr(report, "SECTIONS", {"screening": lambda data, runs: f"## ran {runs}"})
    output = tmp_path / "out" / "benchmarks.md"
    args = [
        "bench",
        "--data",
        str(tmp_path),
        "--runs",
        "2",
        "--only",
        "screening",
        "--output",
        str(output),
    ]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    assert "## ran 2" in output.read_text()


def test_bench_command_refuses_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(_app(), ["bench", "--only", "nonsense", "--data", str(tmp_path)])
    assert unknown.exit_code == 2
    missing = runner.invoke(_app(), ["bench", "--data", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert "SOURCES.md" in missing.output
