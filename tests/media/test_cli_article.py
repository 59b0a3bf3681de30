"""``watchkeeper article`` and ``eval-article`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES, load_home
from tests.httpserver import serve
from watchkeeper.cli.main import app

ARTICLE = (
    "Qassem Soleimani led the Islamic Revolutionary Guard Corps–Quds Force (IRGC-QF) "
    "since 1998.\n\n"
    "“He was plotting,” Secretary Michael Pompeo told CNN on January 3.\n"
    "A protester with a poster (© AP Images)\n"
)
PAGE = (
    "<html><head><meta name='date' content='2020-01-04'><title>Soleimani</title></head>"
    "<body><article><p>Qassem Soleimani was killed on January 2.</p>"
    "<figure><figcaption>Soleimani in 2016. (© AP Images)</figcaption></figure>"
    "</article></body></html>"
)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_home(tmp_path_factory.mktemp("home"), FIXTURES / "ofac_xml" / "SDN.XML")


@pytest.fixture
def cli(home: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("WATCHKEEPER_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


def test_report_flags_listed_parties_first(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, "utf-8")
    result = cli.invoke(app, ["article", str(path), "--published", "2020-01-04"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("LISTED") < out.index("Michael Pompeo")
    assert "ofac-sdn-10481" in out and "ofac-sdn-10465" in out
    assert "risks: adverse" in out
    assert "credit: AP Images" in out and "1998/2020-01-04" in out


def test_json_output_follows_the_schema(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, "utf-8")
    result = cli.invoke(app, ["article", str(path), "--published", "2020-01-04", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    listed = [p for p in data["parties"] if p["listed"]]
    assert {m["entity_id"] for p in listed for m in p["matches"]} == {
        "ofac-sdn-10481",
        "ofac-sdn-10465",
    }
    assert data["credits"] == ["AP Images"] and data["published"] == "2020-01-04"
    assert {"parties", "statements", "dates", "captions", "nlp", "risk_model"} <= set(data)


def test_a_url_is_fetched_and_read_as_html(cli: CliRunner) -> None:
    with serve({"/story": PAGE.encode()}) as server:
        result = cli.invoke(app, ["article", server.url("/story"), "--json", "--no-nlp"])
        missing = cli.invoke(app, ["article", server.url("/status/404")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["published"] == "2020-01-04" and data["captions"] == ["Soleimani in 2016."]
    assert data["dates"][0]["value"] == "2020-01-02"
    assert data["parties"][0]["matches"][0]["entity_id"] == "ofac-sdn-10481"
    assert missing.exit_code == 2 and "HTTP 404" in missing.output


def test_jsonl_is_screened_in_parallel_in_order(cli: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "articles.jsonl"
    lines = [
        {"id": "a", "text": ARTICLE, "published": "2020-01-04"},
        {"id": "b", "html": PAGE},
        {"id": "c", "text": "   "},
    ]
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", "utf-8")
    output = tmp_path / "out.jsonl"
    result = cli.invoke(app, ["article", str(source), "--output", str(output), "--workers", "2"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert [r["source"] for r in rows] == ["a", "b", "c"]
    assert rows[0]["parties"][0]["listed"] and rows[1]["published"] == "2020-01-04"
    assert rows[2]["error"] and "no text" in rows[2]["error"]


def test_bad_input_is_one_clear_line(cli: CliRunner, tmp_path: Path) -> None:
    missing = cli.invoke(app, ["article", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    path = tmp_path / "a.txt"
    path.write_text("Text.", "utf-8")
    bad_date = cli.invoke(app, ["article", str(path), "--published", "4 Jan"])
    assert bad_date.exit_code == 2 and "publication date" in bad_date.output
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "ok"}\n{not json\n', "utf-8")
    result = cli.invoke(app, ["article", str(broken)])
    assert result.exit_code == 2 and "broken.jsonl:2" in result.output


def test_a_folder_of_text_and_html_articles(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, "utf-8")
    (folder / "b.html").write_text(PAGE, "utf-8")
    (folder / "notes.md").write_text("not an article", "utf-8")
    result = cli.invoke(app, ["article", str(folder), "--published", "2020-01-04", "--no-nlp"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [Path(r["source"]).name for r in rows] == ["a.txt", "b.html"]
    assert all(r["parties"][0]["listed"] for r in rows)
