"""``watchkeeper risk``, ``train-risk`` and ``eval-risk`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES
from tests.media.articles import SPORTS_ARTICLE, TERROR_ARTICLE
from watchkeeper.cli.main import app
from watchkeeper.media.risk_dataset import training_examples
from watchkeeper.media.risk_model import RiskModel

DATA = FIXTURES / "media" / "data"


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


def test_risk_command_reports_each_party(cli: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TERROR_ARTICLE, encoding="utf-8")
    result = cli.invoke(
        app, ["risk", str(article), "--party", "Karim Haddad", "--party", "Nobody", "--json"]
    )
    assert result.exit_code == 0, result.output
    haddad, nobody = json.loads(result.stdout)
    assert haddad["adverse"] and haddad["categories"][0]["category"] == "terrorism"
    assert nobody["sentences"] == [] and not nobody["adverse"]
    table = cli.invoke(app, ["risk", "-", "--party", "Karim Haddad"], input=SPORTS_ARTICLE)
    assert table.exit_code == 0, table.output
    assert "Karim Haddad: not adverse" in table.stdout


def test_risk_command_errors_are_one_line(cli: CliRunner, tmp_path: Path) -> None:
    missing = cli.invoke(app, ["risk", str(tmp_path / "none.txt"), "--party", "A B"])
    assert missing.exit_code == 2
    assert "none.txt: no such file" in missing.output
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00abc")
    bad = cli.invoke(app, ["risk", str(binary), "--party", "A B"])
    assert bad.exit_code == 2 and "not UTF-8" in bad.output
    empty = cli.invoke(app, ["risk", "-", "--party", " "], input="Text.")
    assert empty.exit_code == 2 and "empty" in empty.output


def test_training_data_labels_follow_the_assessors(tmp_path: Path) -> None:
    examples = training_examples(DATA)
    assert len(examples) == 10
    assert "Dropped Row" not in {e.party for e in examples}
    assert sum(e.adverse for e in examples) == 5


def test_train_then_evaluate_a_model_on_a_data_folder(cli: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "model.json.gz"
    trained = cli.invoke(app, ["train-risk", "--data", str(DATA), "--output", str(output)])
    assert trained.exit_code == 0, trained.output
    assert RiskModel.load(output).info["training_examples"] == 10
    measured = cli.invoke(app, ["eval-risk", "--data", str(DATA), "--model", str(output), "--json"])
    assert measured.exit_code == 0, measured.output
    report = json.loads(measured.stdout)
    assert report["adverse"]["articles"] == 6
    assert 0.0 <= report["adverse"]["roc_auc"] <= 1.0
    assert report["categories"]["sentences"] == 50


def test_shipped_model_separates_the_miniature_test_set(cli: CliRunner) -> None:
    measured = cli.invoke(app, ["eval-risk", "--data", str(DATA)])
    assert measured.exit_code == 0, measured.output
    assert "ROC-AUC, public test" in measured.stdout
    assert "1.0000" in measured.stdout


def test_eval_without_data_folder_is_a_clear_error(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["eval-risk", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a reference data folder" in result.output


def test_a_malformed_test_file_is_named_with_its_line(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "media" / "adverse_media"
    folder.mkdir(parents=True)
    (tmp_path / "SOURCES.md").write_text("data\n")
    (folder / "public_test.csv").write_text("id,title,article,label\n1,t,Some text.,maybe\n")
    result = cli.invoke(app, ["eval-risk", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "public_test.csv: line 2: label 'maybe' is not 0 or 1" in result.output
    (folder / "public_test.csv").write_text("id,title,article,label\n1,t,Some text.,1\n")
    output = tmp_path / "x.json.gz"
    trained = cli.invoke(app, ["train-risk", "--data", str(tmp_path), "--output", str(output)])
    assert trained.exit_code == 2
    assert "adverse_media_training.csv: missing" in trained.output
    assert not output.exists()
