"""Which risks a news article attaches to each party it names.

``assess(parties, article)`` gives, per party, the probability that the article is adverse
media about it and the risk categories (terrorism, violence, sanctions, weapons, protest,
corruption_fraud, organised_crime, other), each with a confidence and the sentences naming the
party that support it. ``risk_for(sentences)`` does the same for sentences already selected by
the caller (the article pipeline passes the sentences that mention one party).

The adverse probability is learned from labelled articles; category confidences come from
sentence classifiers learned from weak labels (see ``risk_train.py`` and docs/risk.md). Only
numpy is needed at run time: the model ships inside the package.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from watchkeeper.errors import WatchkeeperError
from watchkeeper.media.risk_lexicon import OTHER
from watchkeeper.media.risk_model import RiskModel, shipped_model
from watchkeeper.media.risk_text import (
    MAX_TEXT_CHARS,
    clean,
    join,
    party_views,
    sentences_mentioning,
    split_sentences,
)

# Adverse probability at or above which a party is reported as adverse (see docs/risk.md).
ADVERSE_THRESHOLD = 0.5
# Evidence sentences reported per category.
MAX_EVIDENCE = 3


class RiskInputError(WatchkeeperError):
    """An article or party name the classifier cannot assess (empty name, oversized text)."""


@dataclass(frozen=True)
class CategoryRisk:
    """One risk category attached to a party: how confident, and the sentences behind it."""

    category: str
    confidence: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class RiskAssessment:
    """What a set of sentences says: adverse or not, and which risk categories."""

    adverse_probability: float
    adverse: bool
    categories: tuple[CategoryRisk, ...]


@dataclass(frozen=True)
class PartyRisk:
    """The risk an article attaches to one party it names.

    ``sentences`` are the sentences naming the party; when there are none, the party is not
    mentioned, ``adverse`` is false and there are no categories (the article may be adverse,
    but not demonstrably about this party).
    """

    party: str
    adverse_probability: float
    adverse: bool
    categories: tuple[CategoryRisk, ...]
    sentences: tuple[str, ...]

    @property
    def mentioned(self) -> bool:
        return bool(self.sentences)


def assess(
    party_names: Sequence[str],
    article_text: str,
    *,
    model: RiskModel | None = None,
    threshold: float = ADVERSE_THRESHOLD,
) -> list[PartyRisk]:
    """The risk the article attaches to each party, in the order the parties were given."""
    _check_text(article_text)
    return assess_sentences(
        party_names, split_sentences(article_text), model=model, threshold=threshold
    )


def assess_sentences(
    party_names: Sequence[str],
    sentences: Sequence[str],
    *,
    model: RiskModel | None = None,
    threshold: float = ADVERSE_THRESHOLD,
) -> list[PartyRisk]:
    """As ``assess``, for an article already split into sentences."""
    model = model or shipped_model()
    cleaned = [clean(s) for s in sentences]
    results = []
    for party in party_names:
        if not isinstance(party, str) or not party.split():
            raise RiskInputError(f"party name {party!r} is empty")
        named = sentences_mentioning(cleaned, party)
        if not named:
            focus, context = party_views(cleaned, party)
            probability = model.adverse_probability(focus, context)
            results.append(PartyRisk(party, probability, False, (), ()))
            continue
        found = _assess(model, named, join(cleaned), threshold)
        results.append(
            PartyRisk(
                party, found.adverse_probability, found.adverse, found.categories, tuple(named)
            )
        )
    return results


def risk_for(
    sentences: Sequence[str],
    context: str | None = None,
    *,
    model: RiskModel | None = None,
    threshold: float = ADVERSE_THRESHOLD,
) -> RiskAssessment:
    """The risk that sentences about one party attach to it.

    ``sentences`` are the sentences that mention the party (their evidence is drawn from them);
    ``context`` is the whole article, which also informs the adverse probability. Without a
    context the sentences are their own context; with no sentences nothing is adverse.
    """
    cleaned = [clean(s) for s in sentences if s.strip()]
    if context is not None:
        _check_text(context)
    whole = clean(context) if context is not None else join(cleaned)
    model = model or shipped_model()
    if not cleaned:
        # As in ``assess``: a party no sentence mentions is not shown to be at risk.
        return RiskAssessment(model.adverse_probability("", whole), False, ())
    return _assess(model, cleaned, whole, threshold)


def article_probability(article_text: str, *, model: RiskModel | None = None) -> float:
    """Probability that an article is adverse media about its subject, whoever that is (how the
    public test set is scored: it names no party)."""
    _check_text(article_text)
    focus, context = party_views(split_sentences(article_text), None)
    return (model or shipped_model()).adverse_probability(focus, context)


def _assess(
    model: RiskModel, sentences: Sequence[str], context: str, threshold: float
) -> RiskAssessment:
    probability = model.adverse_probability(join(sentences), context)
    adverse = probability >= threshold
    if not adverse:
        # Categories describe adverse media; a sentence about football that a category
        # classifier half-recognises is not a risk.
        return RiskAssessment(probability, adverse, ())
    scores = [model.category_probabilities(s) for s in sentences]
    found: list[CategoryRisk] = []
    for category in model.category_heads:
        ranked = sorted(
            ((row[category], i) for i, row in enumerate(scores)), key=lambda x: (-x[0], x[1])
        )
        evidence = [sentences[i] for p, i in ranked if p >= model.evidence_threshold]
        if evidence:
            confidence = probability * ranked[0][0]
            found.append(CategoryRisk(category, confidence, tuple(evidence[:MAX_EVIDENCE])))
    if not found and sentences:
        found.append(_other(model, sentences, probability, scores))
    found.sort(key=lambda c: (-c.confidence, c.category))
    return RiskAssessment(probability, adverse, tuple(found))


def _other(
    model: RiskModel,
    sentences: Sequence[str],
    probability: float,
    scores: Sequence[dict[str, float]],
) -> CategoryRisk:
    """An adverse party no category fits: the evidence is the sentences that pushed the
    adverse classifier up most."""
    pushes = [model.vectorize(s).dot(model.focus_weights) for s in sentences]
    order = sorted(range(len(sentences)), key=lambda i: (-pushes[i], i))
    best_category = max((max(row.values(), default=0.0) for row in scores), default=0.0)
    evidence = tuple(sentences[i] for i in order[:MAX_EVIDENCE] if pushes[i] > 0)
    return CategoryRisk(OTHER, probability * (1.0 - best_category), evidence or (sentences[0],))


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise RiskInputError(f"article text must be a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise RiskInputError(
            f"article text has {len(text):,} characters, more than the {MAX_TEXT_CHARS:,} allowed"
        )
