"""Measure the shipped (or any) risk model: ROC-AUC on the public test articles and category
accuracy on hand-labelled sentences. Needs numpy only, so users can re-check the numbers
in docs/risk.md without the training extra."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from watchkeeper.errors import WatchkeeperError
from watchkeeper.media.risk import ADVERSE_THRESHOLD, article_probability
from watchkeeper.media.risk_dataset import test_examples
from watchkeeper.media.risk_lexicon import category_names, weak_labels
from watchkeeper.media.risk_model import RiskModel, shipped_model

NONE = "none"


@dataclass(frozen=True)
class AdverseScores:
    """Adverse-vs-not quality on the public test articles at one threshold."""

    articles: int
    adverse: int
    roc_auc: float
    threshold: float
    precision: float
    recall: float
    accuracy: float


@dataclass(frozen=True)
class CategoryScores:
    """Accuracy of the top category (or none) on hand-labelled sentences."""

    sentences: int
    # The shipped scoring: learned classifiers raised by seed terms.
    model_accuracy: float
    # The learned classifiers alone, and the seed terms alone.
    learned_accuracy: float
    lexicon_accuracy: float
    # Sentences whose gold category has no seed term in them: what the lexicon cannot see.
    unseen_sentences: int
    model_accuracy_unseen: float
    mistakes: tuple[tuple[str, str, str], ...]  # (sentence, gold, predicted)


@dataclass(frozen=True)
class RiskEvaluation:
    adverse: AdverseScores
    categories: CategoryScores
    cross_validated_roc_auc: float | None


def evaluate(data: Path, model: RiskModel | None = None) -> RiskEvaluation:
    """Both measurements, on the data folder's public test and the packaged sentences."""
    model = model or shipped_model()
    cv = model.info.get("cross_validated_roc_auc")
    return RiskEvaluation(
        adverse_scores(data, model),
        category_scores(labelled_sentences(), model),
        float(cv) if cv is not None else None,
    )


def adverse_scores(
    data: Path, model: RiskModel, threshold: float = ADVERSE_THRESHOLD
) -> AdverseScores:
    examples = test_examples(data)
    labels = np.array([e.adverse for e in examples])
    scores = np.array([article_probability(e.article, model=model) for e in examples])
    predicted = scores >= threshold
    true_positives = int((predicted & (labels == 1)).sum())
    return AdverseScores(
        articles=len(examples),
        adverse=int(labels.sum()),
        roc_auc=roc_auc(labels, scores),
        threshold=threshold,
        precision=true_positives / max(int(predicted.sum()), 1),
        recall=true_positives / max(int(labels.sum()), 1),
        accuracy=float((predicted == (labels == 1)).mean()),
    )


def category_scores(rows: list[tuple[str, str]], model: RiskModel) -> CategoryScores:
    """Top category per sentence (``none`` when no head reaches the evidence threshold)."""
    model_right = learned_right = lexicon_right = unseen = unseen_right = 0
    mistakes = []
    for gold, sentence in rows:
        predicted = _top(model.category_probabilities(sentence), model.evidence_threshold)
        learned = _top(model.learned_category_probabilities(sentence), model.evidence_threshold)
        seeds = weak_labels(sentence)
        # The lexicon gets the benefit of the doubt when it finds several categories.
        lexicon = gold if gold in seeds else (sorted(seeds)[0] if seeds else NONE)
        model_right += predicted == gold
        learned_right += learned == gold
        lexicon_right += lexicon == gold
        if gold != NONE and gold not in seeds:
            unseen += 1
            unseen_right += predicted == gold
        if predicted != gold:
            mistakes.append((sentence, gold, predicted))
    count = max(len(rows), 1)
    return CategoryScores(
        sentences=len(rows),
        model_accuracy=model_right / count,
        learned_accuracy=learned_right / count,
        lexicon_accuracy=lexicon_right / count,
        unseen_sentences=unseen,
        model_accuracy_unseen=unseen_right / max(unseen, 1),
        mistakes=tuple(mistakes),
    )


def _top(probabilities: dict[str, float], threshold: float) -> str:
    best, p = max(probabilities.items(), key=lambda item: (item[1], item[0]))
    return best if p >= threshold else NONE


def labelled_sentences(path: Path | None = None) -> list[tuple[str, str]]:
    """(category, sentence) rows; by default the hand-labelled set shipped in the package."""
    source = path or Path(
        str(resources.files("watchkeeper.media").joinpath("data", "risk_category_sentences.csv"))
    )
    allowed = {*category_names(), NONE}
    rows = []
    with source.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            category = (row.get("category") or "").strip()
            if category not in allowed:
                raise WatchkeeperError(f"{source}: line {number}: unknown category {category!r}")
            rows.append((category, (row.get("sentence") or "").strip()))
    return rows


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve: the probability that a random positive outscores a random
    negative, ties counting half (the Mann-Whitney statistic)."""
    positives = scores[labels == 1]
    negatives = scores[labels == 0]
    if not positives.size or not negatives.size:
        raise ValueError("ROC-AUC needs both positive and negative examples")
    greater = (positives[:, None] > negatives[None, :]).sum()
    ties = (positives[:, None] == negatives[None, :]).sum()
    return float((greater + 0.5 * ties) / (positives.size * negatives.size))
