"""``watchkeeper risk``, ``train-risk`` and ``eval-risk``: assess an article, retrain the risk
classifier, measure it. ``cli/main.py`` calls ``register(app)``; the model and scikit-learn are
only imported when a command runs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import msgspec
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from watchkeeper.errors import WatchkeeperError

DataOption = Annotated[
    Path | None,
    typer.Option(
        help="Data folder laid out like shared/data, holding media/adverse_media/ "
        "(default: WATCHKEEPER_SHARED_DATA, else ../shared/data)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def register(app: typer.Typer) -> None:
    app.command("risk")(risk)
    app.command("train-risk")(train_risk)
    app.command("eval-risk")(eval_risk)


def risk(
    article: Annotated[Path, typer.Argument(help="A UTF-8 text file with the article, or -.")],
    parties: Annotated[
        list[str], typer.Option("--party", help="A party the article names (repeatable).")
    ],
    as_json: JsonOption = False,
) -> None:
    """The risk categories an article attaches to each named party, with evidence sentences."""
    from watchkeeper.media.risk import assess

    try:
        text = sys.stdin.read() if str(article) == "-" else _read_text(article)
        results = assess(parties, text)
    except WatchkeeperError as exc:
        _fail(exc)
    if as_json:
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(results)).decode() + "\n")
        return
    console = Console()
    for result in results:
        verdict = "[bold red]adverse[/]" if result.adverse else "not adverse"
        console.print(
            f"[bold]{escape(result.party)}[/]: {verdict} "
            f"(p={result.adverse_probability:.3f}, {len(result.sentences)} sentences name it)"
        )
        if not result.categories:
            continue
        table = Table(show_header=True)
        for column in ("category", "confidence", "evidence"):
            table.add_column(column)
        for category in result.categories:
            table.add_row(
                category.category,
                f"{category.confidence:.3f}",
                "\n".join(escape(s) for s in category.evidence),
            )
        console.print(table)


def train_risk(
    data: DataOption = None,
    output: Annotated[
        Path | None,
        typer.Option(help="Where to write the model (default: the one shipped in the package)."),
    ] = None,
) -> None:
    """Train the adverse-media risk classifier (needs the media-train extra) and save it."""
    from watchkeeper.media.risk_model import packaged_model_path
    from watchkeeper.media.risk_train import train
    from watchkeeper.reference import require_shared_data

    try:
        model = train(require_shared_data(data))
    except ImportError as exc:
        _fail(
            WatchkeeperError(
                f"training needs scikit-learn and scipy: pip install 'watchkeeper[media-train]' "
                f"({exc})"
            )
        )
    except WatchkeeperError as exc:
        _fail(exc)
    target = output or packaged_model_path()
    model.save(target)
    info = model.info
    Console().print(
        f"wrote {target}: {info['training_examples']} articles, {info['features']} features, "
        f"cross-validated ROC-AUC {info['cross_validated_roc_auc']:.4f}",
        highlight=False,
    )


def eval_risk(
    data: DataOption = None,
    model_path: Annotated[
        Path | None, typer.Option("--model", help="Measure this model file instead.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """ROC-AUC on the public test articles and category accuracy on hand-labelled sentences."""
    from watchkeeper.media.risk_eval import evaluate
    from watchkeeper.media.risk_model import RiskModel
    from watchkeeper.reference import require_shared_data

    try:
        result = evaluate(require_shared_data(data), RiskModel.load(model_path))
    except WatchkeeperError as exc:
        _fail(exc)
    if as_json:
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(result)).decode() + "\n")
        return
    adverse, categories = result.adverse, result.categories
    table = Table(title="Risk classifier", show_header=False)
    table.add_column("measure", style="bold")
    table.add_column("value")
    rows = [
        ("public test articles (adverse)", f"{adverse.articles} ({adverse.adverse})"),
        ("ROC-AUC, public test", f"{adverse.roc_auc:.4f}"),
        (
            f"precision / recall at p >= {adverse.threshold}",
            f"{adverse.precision:.3f} / {adverse.recall:.3f}",
        ),
        ("accuracy at that threshold", f"{adverse.accuracy:.3f}"),
        (
            "ROC-AUC, 5-fold cross-validation on training",
            f"{result.cross_validated_roc_auc:.4f}" if result.cross_validated_roc_auc else "-",
        ),
        ("category sentences", str(categories.sentences)),
        ("category accuracy: shipped (learned + seed terms)", f"{categories.model_accuracy:.3f}"),
        ("category accuracy: learned classifiers alone", f"{categories.learned_accuracy:.3f}"),
        ("category accuracy: seed terms alone", f"{categories.lexicon_accuracy:.3f}"),
        (
            f"shipped, on the {categories.unseen_sentences} sentences with no seed term",
            f"{categories.model_accuracy_unseen:.3f}",
        ),
    ]
    for name, value in rows:
        table.add_row(name, value)
    Console().print(table)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WatchkeeperError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise WatchkeeperError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except OSError as exc:
        raise WatchkeeperError(f"{path}: cannot be read ({exc.strerror})") from None


def _fail(exc: Exception) -> NoReturn:
    Console(stderr=True).print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
    raise typer.Exit(2)
