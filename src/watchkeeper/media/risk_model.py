"""The trained risk classifier as plain arrays, loaded and applied with numpy only.

Training (``risk_train.py``) uses scikit-learn; running must not need it. The model file is a
gzipped JSON document (safe to load, unlike a pickle) holding the vectoriser's vocabulary and
idf weights, the coefficients of the adverse-vs-not classifier and its calibration, and per
risk category a learned coefficient vector plus the seed terms it was trained from.
``vectorize`` repeats scikit-learn's TF-IDF transform (same tokens, sublinear tf, idf, l2
norm) so probabilities agree with the trained estimator.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from watchkeeper.errors import WatchkeeperError
from watchkeeper.media.risk_lexicon import terms_pattern
from watchkeeper.media.risk_text import ngrams

FORMAT = "watchkeeper-risk-model"
FORMAT_VERSION = 1
MODEL_FILE = "risk_model.json.gz"

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class RiskModelError(WatchkeeperError):
    """A risk model file is missing, malformed or of another format version."""


@dataclass(frozen=True)
class SparseVector:
    """A TF-IDF vector as the indices of its non-zero features and their values."""

    indices: IntArray
    values: FloatArray

    def dot(self, weights: FloatArray) -> float:
        return float(weights[self.indices] @ self.values) if self.indices.size else 0.0


@dataclass(frozen=True)
class CategoryHead:
    """One category's sentence classifier (learned) and its seed terms (hand-written)."""

    weights: FloatArray
    intercept: float
    terms: tuple[str, ...]

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.terms)

    def learned_probability(self, vector: SparseVector) -> float:
        return _sigmoid(vector.dot(self.weights) + self.intercept)


@dataclass(frozen=True)
class RiskModel:
    """Vocabulary, idf and the linear heads that score a party and its sentences."""

    vocabulary: dict[str, int]
    idf: FloatArray
    # Adverse-vs-not: one weight vector over the party's sentences, one over the whole article.
    focus_weights: FloatArray
    context_weights: FloatArray
    intercept: float
    # Platt scaling fitted on out-of-fold scores: p = sigmoid(slope * score + offset).
    calibration: tuple[float, float]
    category_heads: dict[str, CategoryHead]
    # Minimum sentence probability for a sentence to count as evidence of a category.
    evidence_threshold: float
    # How much a seed term in the sentence adds: p = 1 - (1 - learned) * (1 - lexicon_weight).
    lexicon_weight: float
    info: dict[str, Any] = field(default_factory=dict)

    def vectorize(self, text: str) -> SparseVector:
        """TF-IDF of the text's uni- and bigrams over the model's vocabulary, l2-normalised."""
        counts = Counter(i for g in ngrams(text) if (i := self.vocabulary.get(g)) is not None)
        if not counts:
            return SparseVector(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
        indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        values = (np.log(tf) + 1.0) * self.idf[indices]
        norm = math.sqrt(float(values @ values))
        return SparseVector(indices, values / norm if norm else values)

    def adverse_score(self, focus: str, context: str) -> float:
        """The classifier's raw decision value (before calibration)."""
        return (
            self.vectorize(focus).dot(self.focus_weights)
            + self.vectorize(context).dot(self.context_weights)
            + self.intercept
        )

    def adverse_probability(self, focus: str, context: str) -> float:
        """Calibrated probability that the article is adverse media about the focused party."""
        slope, offset = self.calibration
        return _sigmoid(slope * self.adverse_score(focus, context) + offset)

    def category_probabilities(self, sentence: str) -> dict[str, float]:
        """For each category, the probability that the sentence is about it: the learned
        classifier's, raised when one of the category's seed terms occurs in the sentence."""
        vector = self.vectorize(sentence)
        lowered = sentence.lower()
        result = {}
        for name, head in self.category_heads.items():
            learned = head.learned_probability(vector)
            if head.pattern.search(lowered):
                learned = 1.0 - (1.0 - learned) * (1.0 - self.lexicon_weight)
            result[name] = learned
        return result

    def learned_category_probabilities(self, sentence: str) -> dict[str, float]:
        """The learned classifiers alone, without the seed terms (for measuring them)."""
        vector = self.vectorize(sentence)
        return {name: h.learned_probability(vector) for name, h in self.category_heads.items()}

    def to_json(self) -> dict[str, Any]:
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "info": self.info,
            "terms": terms,
            "idf": self.idf.tolist(),
            "adverse": {
                "focus_weights": self.focus_weights.tolist(),
                "context_weights": self.context_weights.tolist(),
                "intercept": self.intercept,
                "calibration": list(self.calibration),
            },
            "categories": {
                name: {
                    "weights": head.weights.tolist(),
                    "intercept": head.intercept,
                    "terms": list(head.terms),
                }
                for name, head in self.category_heads.items()
            },
            "evidence_threshold": self.evidence_threshold,
            "lexicon_weight": self.lexicon_weight,
        }

    @classmethod
    def from_json(cls, data: Any, source: str = "risk model") -> RiskModel:
        try:
            if data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
                raise RiskModelError(
                    f"{source}: not a {FORMAT} version {FORMAT_VERSION} file "
                    f"(format {data.get('format')!r}, version {data.get('version')!r})"
                )
            terms = [str(t) for t in data["terms"]]
            size = len(terms)
            adverse = data["adverse"]
            heads = {
                str(name): CategoryHead(
                    _vector(head["weights"], size, source),
                    float(head["intercept"]),
                    tuple(str(t) for t in head["terms"]),
                )
                for name, head in data["categories"].items()
            }
            slope, offset = (float(v) for v in adverse["calibration"])
            return cls(
                vocabulary={term: i for i, term in enumerate(terms)},
                idf=_vector(data["idf"], size, source),
                focus_weights=_vector(adverse["focus_weights"], size, source),
                context_weights=_vector(adverse["context_weights"], size, source),
                intercept=float(adverse["intercept"]),
                calibration=(slope, offset),
                category_heads=heads,
                evidence_threshold=float(data["evidence_threshold"]),
                lexicon_weight=float(data["lexicon_weight"]),
                info=dict(data.get("info", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RiskModelError(f"{source}: malformed risk model ({exc!r})") from None

    def save(self, path: Path) -> None:
        """Write the model as gzipped JSON; the bytes depend only on the model."""
        payload = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # No file name or time in the gzip header: the bytes depend only on the model.
        data = gzip.compress(payload.encode("utf-8"), mtime=0)
        path.write_bytes(data)

    @classmethod
    def load(cls, path: Path | None = None) -> RiskModel:
        """Read a model file; without a path, the model shipped in the package."""
        if path is None:
            return shipped_model()
        try:
            with gzip.open(path, "rb") as handle:
                data = json.loads(handle.read().decode("utf-8"))
        except FileNotFoundError:
            raise RiskModelError(f"{path}: no such risk model file") from None
        except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RiskModelError(f"{path}: not a gzipped JSON risk model ({exc})") from None
        return cls.from_json(data, str(path))


def packaged_model_path() -> Path:
    """Where the shipped model lives inside the installed package."""
    return Path(str(resources.files("watchkeeper.media").joinpath("data", MODEL_FILE)))


@cache
def shipped_model() -> RiskModel:
    """The model shipped with watchkeeper, read once per process."""
    return RiskModel.load(packaged_model_path())


def _vector(values: Any, size: int, source: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.shape != (size,) or not np.all(np.isfinite(array)):
        raise RiskModelError(f"{source}: a weight vector has shape {array.shape}, not ({size},)")
    return array


@cache
def _compiled(terms: tuple[str, ...]) -> re.Pattern[str]:
    return terms_pattern(terms)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
