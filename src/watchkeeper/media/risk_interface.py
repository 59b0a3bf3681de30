"""How the article pipeline asks a risk model what a party is accused of.

The pipeline collects, for each party, the sentences that mention it and hands them, with the
whole article, to a ``RiskAssessor``. ``ShippedClassifier`` is the adverse-media classifier
that ships with watchkeeper (``media/risk.py``); ``NO_RISK_MODEL`` answers with nothing and
says so by its name, so that an empty list is never read as "no risk found".
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import msgspec

from watchkeeper.media import risk


class Risk(msgspec.Struct, frozen=True, omit_defaults=True):
    """One risk category attached to a party, its confidence, and the sentences behind it."""

    category: str
    score: float
    evidence: tuple[str, ...] = ()


class RiskFinding(msgspec.Struct, frozen=True, omit_defaults=True):
    """What a model says about one party: how likely the article is adverse about it (None
    when the model does not say), and the risk categories it attaches."""

    adverse_probability: float | None = None
    risks: tuple[Risk, ...] = ()


@runtime_checkable
class RiskAssessor(Protocol):
    """Anything with a name and ``risk_for(party sentences, article) -> finding``."""

    name: str

    def risk_for(self, party_sentences: list[str], article: str) -> RiskFinding: ...


class NoRiskModel:
    """Reports nothing, and says so by its name (``--no-risk``, or tests of other steps)."""

    name = "no risk model loaded"

    def risk_for(self, party_sentences: list[str], article: str) -> RiskFinding:
        return RiskFinding()


class ShippedClassifier:
    """The adverse-media classifier of ``media/risk.py``, trained on labelled news articles."""

    name = "adverse-media classifier"

    def risk_for(self, party_sentences: list[str], article: str) -> RiskFinding:
        found = risk.risk_for(party_sentences, context=article)
        return RiskFinding(
            round(found.adverse_probability, 4),
            tuple(Risk(c.category, round(c.confidence, 4), c.evidence) for c in found.categories),
        )


NO_RISK_MODEL = NoRiskModel()


def default_risk_model() -> RiskAssessor:
    """The classifier that ships with watchkeeper."""
    return ShippedClassifier()
