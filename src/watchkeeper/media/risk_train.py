"""Train the risk classifier from the adverse-media data set and write the model file.

Needs scikit-learn (the ``media-train`` extra); running the model does not. Two things are
learned:

* Adverse vs not, per (party, article): a logistic regression over two TF-IDF blocks sharing
  one vocabulary, the sentences that name the party and the whole article. Its scores are
  calibrated by Platt scaling fitted on out-of-fold scores of a stratified 5-fold
  cross-validation, which also gives the cross-validated ROC-AUC recorded in the model.
  "Bystander" rows (see ``_bystanders``) teach it that an adverse article is not enough.
* One sentence classifier per risk category, learned from weak labels: a training sentence is
  a positive for a category when a seed term of ``risk_categories.yml`` occurs in it. The seed
  words themselves are hidden from the classifier in half of the positive sentences, so it
  must also learn the words that accompany them (a form of weak supervision).

Besides the adverse-media articles, the adverse classifier learns from designation narratives
(adverse) and political reporting (not adverse), see ``risk_sources``. They are weighted so
that each source as a whole counts for a set share of the adverse articles, and the
calibration and the recorded cross-validated ROC-AUC use the adverse-media rows only, so they
still describe news articles.

Everything is seeded, so training twice on the same data gives the same model.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from watchkeeper.media.risk_dataset import ADVERSE_MEDIA, Example, training_examples
from watchkeeper.media.risk_lexicon import categories, weak_labels
from watchkeeper.media.risk_model import CategoryHead, RiskModel
from watchkeeper.media.risk_sources import (
    DESIGNATION,
    PER_REGIME,
    POLITICAL,
    designation_examples,
    has_designation_lists,
    has_political_news,
    political_examples,
)
from watchkeeper.media.risk_text import TOKEN_PATTERN, party_views, split_sentences

SEED = 20240611


@dataclass(frozen=True)
class TrainingSettings:
    """The knobs of training; the defaults are the ones the shipped model was trained with."""

    max_features: int = 20_000
    min_df: int = 2
    adverse_c: float = 10.0
    category_c: float = 2.0
    folds: int = 5
    # Negative sentences sampled per positive for a category classifier.
    negatives_per_positive: int = 8
    evidence_threshold: float = 0.5
    # Above 1 - evidence_threshold, so a seed term alone makes a sentence evidence.
    lexicon_weight: float = 0.6
    # Bystander examples added, as a share of the adverse articles (see _bystanders).
    bystanders: float = 0.5
    # Share of positive sentences whose seed terms are hidden from the category classifier.
    masked_share: float = 0.5
    # Total training weight of each extra source, as a share of the adverse-media articles
    # that are adverse (0 leaves the source out).
    designation_share: float = 1.0
    political_share: float = 0.15
    # Designation narratives kept per sanctions regime.
    per_regime: int = PER_REGIME
    # Blank the party's name out of the extra sources' texts (see _views).
    mask_extra_names: bool = True

    def source_share(self, source: str) -> float | None:
        """The weight share of an extra source; None for the adverse-media articles."""
        return {DESIGNATION: self.designation_share, POLITICAL: self.political_share}.get(source)


def train(data: Path, settings: TrainingSettings | None = None) -> RiskModel:
    """Train on the two training files under ``data/media/adverse_media`` and on the extra
    sources of ``risk_sources`` that the data folder holds (a folder with the adverse-media
    files only trains as before; ``info["examples_by_source"]`` says what was used)."""
    settings = settings or TrainingSettings()
    examples = training_examples(data)
    if settings.designation_share > 0 and has_designation_lists(data):
        examples += designation_examples(data, settings.per_regime)
    if settings.political_share > 0 and has_political_news(data):
        examples += political_examples(data)
    return train_on(examples, settings)


def train_on(examples: Sequence[Example], settings: TrainingSettings) -> RiskModel:
    """Train on labelled examples (the unit tests use a handful written by hand)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    sentences = [split_sentences(e.article) for e in examples]
    views = [
        _views(s, e, settings.mask_extra_names) for s, e in zip(sentences, examples, strict=True)
    ]
    labels = np.array([e.adverse for e in examples])
    original = np.array([e.source == ADVERSE_MEDIA for e in examples])
    if not original.any():
        raise ValueError("training needs adverse-media examples")
    weights = _weights(examples, labels, original, settings)
    vectorizer = TfidfVectorizer(
        token_pattern=TOKEN_PATTERN,
        ngram_range=(1, 2),
        min_df=settings.min_df,
        max_features=settings.max_features,
        sublinear_tf=True,
        dtype=np.float64,
    )
    vectorizer.fit([context for _, context in views])
    focus = vectorizer.transform([focus for focus, _ in views]).tocsr()
    context = vectorizer.transform([context for _, context in views]).tocsr()
    pairs = _bystanders(views, labels, settings)
    everything = np.arange(len(labels))
    adverse = _fit_adverse(focus, context, labels, weights, everything, pairs, settings.adverse_c)
    out_of_fold = _out_of_fold_scores(focus, context, labels, weights, original, pairs, settings)
    news = np.flatnonzero(original)
    platt = LogisticRegression(C=1e6, max_iter=5000).fit(
        out_of_fold[news].reshape(-1, 1), labels[news]
    )
    size = len(vectorizer.vocabulary_)
    coefficients = adverse.coef_[0]

    heads, head_info = _category_heads(vectorizer, sentences, labels, settings)
    sources = sorted({e.source for e in examples})
    info: dict[str, Any] = {
        "training_examples": len(examples),
        "examples_by_source": {s: sum(e.source == s for e in examples) for s in sources},
        "weight_by_source": {
            s: round(float(weights[[e.source == s for e in examples]].sum()), 3) for s in sources
        },
        "bystander_examples": len(pairs),
        "adverse_examples": int(labels.sum()),
        "features": size,
        # On the adverse-media rows, as before the extra sources were added.
        "cross_validated_roc_auc": _roc_auc(labels[news], out_of_fold[news]),
        "cross_validated_roc_auc_all_sources": _roc_auc(labels, out_of_fold),
        "folds": settings.folds,
        "categories": head_info,
    }
    vocabulary = {str(t): int(i) for t, i in vectorizer.vocabulary_.items()}
    return RiskModel(
        vocabulary=vocabulary,
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        focus_weights=np.asarray(coefficients[:size], dtype=np.float64),
        context_weights=np.asarray(coefficients[size:], dtype=np.float64),
        intercept=float(adverse.intercept_[0]),
        calibration=(float(platt.coef_[0][0]), float(platt.intercept_[0])),
        category_heads=heads,
        evidence_threshold=settings.evidence_threshold,
        lexicon_weight=settings.lexicon_weight,
        info=info,
    )


def _views(sentences: Sequence[str], example: Example, mask_names: bool) -> tuple[str, str]:
    """The example's (focus, context). In the extra sources the party's name is blanked out
    after the focus is chosen: they should teach how adverse media reads, not that "Trump" is
    a harmless name or the name of a listed party an adverse one."""
    party = None if example.about_party else example.party or None
    focus, context = party_views(sentences, party)
    if not mask_names or example.source == ADVERSE_MEDIA or not example.party:
        return focus, context
    words = [re.escape(w) for w in re.findall(r"\w{3,}", example.party)]
    if not words:
        return focus, context
    name = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
    return name.sub(" ", focus), name.sub(" ", context)


def _weights(
    examples: Sequence[Example], labels: Any, original: Any, settings: TrainingSettings
) -> Any:
    """Weight 1 per adverse-media row; each extra source shares out its set total weight, so
    a few hundred narratives count as much as the settings say, not as many rows as they are."""
    weights = np.ones(len(examples))
    adverse_articles = int(labels[original].sum())
    counts = Counter(e.source for e in examples)
    for i, example in enumerate(examples):
        share = settings.source_share(example.source)
        if share is not None:
            weights[i] = share * adverse_articles / counts[example.source]
    return weights


def _bystanders(
    views: Sequence[tuple[str, str]], labels: Any, settings: TrainingSettings
) -> list[tuple[int, int]]:
    """Bystanders: a party described as in a non-adverse article, inside an adverse article.

    Every training article is about one party, so without these the whole-article block alone
    would decide, and anyone named in an adverse article would be adverse. A bystander pairs
    the sentences about the party of a non-adverse article (its focus) with the text of an
    adverse article (its context), labelled not adverse. Returned as (neutral row, adverse
    row) pairs, so cross-validation can keep both rows on the training side of a fold.
    Rows of every source are paired, so the focus of a political article inside a designation
    narrative also teaches that an adverse context alone is not enough: pairing adverse-media
    rows only was measured to leave bystanders such as a quoted minister near 0.35.
    """
    rng = random.Random(SEED)
    neutral = [
        i for i, ((focus, _), y) in enumerate(zip(views, labels, strict=True)) if not y and focus
    ]
    adverse = [i for i, y in enumerate(labels) if y]
    count = min(int(settings.bystanders * len(adverse)), len(adverse))
    if not neutral or count <= 0:
        return []
    return [(rng.choice(neutral), row) for row in rng.sample(adverse, count)]


def _fit_adverse(
    focus: Any,
    context: Any,
    labels: Any,
    weights: Any,
    rows: Any,
    pairs: Sequence[tuple[int, int]],
    c: float,
) -> Any:
    """Weighted logistic regression on the given rows plus the bystander pairs (weight 1)."""
    from scipy.sparse import hstack, vstack
    from sklearn.linear_model import LogisticRegression

    blocks = [hstack([focus[rows], context[rows]])]
    target = [labels[rows]]
    sample_weight = [weights[rows]]
    if pairs:
        neutral = [n for n, _ in pairs]
        adverse = [a for _, a in pairs]
        blocks.append(hstack([focus[neutral], context[adverse]]))
        target.append(np.zeros(len(pairs), dtype=labels.dtype))
        sample_weight.append(np.ones(len(pairs)))
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(
        vstack(blocks).tocsr(), np.concatenate(target), sample_weight=np.concatenate(sample_weight)
    )
    return model


def _out_of_fold_scores(
    focus: Any,
    context: Any,
    labels: Any,
    weights: Any,
    original: Any,
    pairs: Sequence[tuple[int, int]],
    settings: TrainingSettings,
) -> Any:
    """Decision scores of every row from a model that did not see it; folds are stratified by
    label and by whether the row is an adverse-media article."""
    from scipy.sparse import hstack
    from sklearn.model_selection import StratifiedKFold

    scores = np.zeros(len(labels))
    strata = labels.astype(int) + 2 * original.astype(int)
    folds = StratifiedKFold(n_splits=settings.folds, shuffle=True, random_state=SEED)
    for train_rows, held_out in folds.split(np.zeros(len(labels)), strata):
        inside = set(train_rows.tolist())
        kept = [(n, a) for n, a in pairs if n in inside and a in inside]
        model = _fit_adverse(focus, context, labels, weights, train_rows, kept, settings.adverse_c)
        scores[held_out] = model.decision_function(
            hstack([focus[held_out], context[held_out]]).tocsr()
        )
    return scores


def _category_heads(
    vectorizer: Any,
    sentences: Sequence[Sequence[str]],
    labels: Any,
    settings: TrainingSettings,
) -> tuple[dict[str, CategoryHead], dict[str, int]]:
    """One logistic regression per category over weakly labelled sentences.

    Positives: sentences with a seed term of the category. Negatives: sentences of adverse
    articles about other categories or none, and a sample of sentences of non-adverse
    articles. A share of the positives have their seed terms blanked out.
    """
    from sklearn.linear_model import LogisticRegression

    rng = random.Random(SEED)
    pool: dict[str, int] = {}  # sentence -> adverse label of (one of) its articles
    for article, adverse in zip(sentences, labels, strict=True):
        for sentence in article:
            if len(sentence) >= 20:
                pool[sentence] = max(pool.get(sentence, 0), int(adverse))
    ordered = sorted(pool)
    tags = {s: weak_labels(s) for s in ordered}
    heads: dict[str, CategoryHead] = {}
    info: dict[str, int] = {}
    for category in categories():
        positives = [s for s in ordered if category.name in tags[s]]
        others = [s for s in ordered if category.name not in tags[s]]
        limit = settings.negatives_per_positive * max(len(positives), 1)
        negatives = rng.sample(others, min(limit, len(others)))
        masked = [
            category.pattern.sub(" ", s.lower()) if rng.random() < settings.masked_share else s
            for s in positives
        ]
        texts = masked + negatives
        target = np.array([1] * len(masked) + [0] * len(negatives))
        info[category.name] = len(positives)
        if len(positives) < 2:
            raise ValueError(f"category {category.name!r}: fewer than 2 weakly labelled sentences")
        model = LogisticRegression(
            C=settings.category_c, solver="liblinear", class_weight="balanced"
        )
        model.fit(vectorizer.transform(texts), target)
        heads[category.name] = CategoryHead(
            np.asarray(model.coef_[0], dtype=np.float64),
            float(model.intercept_[0]),
            category.terms,
        )
    return heads, info


def _roc_auc(labels: Any, scores: Any) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def sklearn_probability(model: RiskModel, focus: str, context: str) -> float:
    """The probability computed with scikit-learn's own TF-IDF transform from the model's
    vocabulary and idf: a reference the numpy transform is checked against."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        token_pattern=TOKEN_PATTERN,
        ngram_range=(1, 2),
        sublinear_tf=True,
        vocabulary=model.vocabulary,
        dtype=np.float64,
    )
    vectorizer.idf_ = model.idf
    matrix = vectorizer.transform([focus, context])
    focus_part = (matrix[0] @ model.focus_weights)[0]
    context_part = (matrix[1] @ model.context_weights)[0]
    score = float(focus_part) + float(context_part) + model.intercept
    slope, offset = model.calibration
    return float(1.0 / (1.0 + np.exp(-(slope * score + offset))))
