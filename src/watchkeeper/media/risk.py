"""The interface to a risk model: what a party is accused of, from the sentences naming it.

The article pipeline collects, for each party, the sentences that mention it and hands them to
a ``RiskModel``. A classifier (adverse-media categories such as terrorism, fraud, corruption)
implements it; until one is loaded, ``NO_RISK_MODEL`` answers with no risks at all, and the
result says "no risk model loaded" so an empty list is never read as "no risk found".
"""

from __future__ import annotations

import importlib
from typing import Protocol, runtime_checkable

import msgspec


class Risk(msgspec.Struct, frozen=True, omit_defaults=True):
    """One risk a model sees for a party: a category, its confidence, and the sentence behind it."""

    category: str
    score: float
    evidence: str | None = None


@runtime_checkable
class RiskModel(Protocol):
    """Anything with a name and ``risk_for(sentences) -> risks``."""

    name: str

    def risk_for(self, party_sentences: list[str]) -> list[Risk]: ...


class NoRiskModel:
    """Stands in when no risk model is installed: it reports nothing, and says so by its name."""

    name = "no risk model loaded"

    def risk_for(self, party_sentences: list[str]) -> list[Risk]:
        return []


NO_RISK_MODEL = NoRiskModel()
RISK_MODULE = "watchkeeper.risk"


def default_risk_model() -> RiskModel:
    """The risk model of ``watchkeeper.risk`` (its ``load_model()``) if installed, else none."""
    try:
        module = importlib.import_module(RISK_MODULE)
    except ImportError:
        return NO_RISK_MODEL
    loader = getattr(module, "load_model", None)
    if loader is None:
        return NO_RISK_MODEL
    model = loader()
    return model if isinstance(model, RiskModel) else NO_RISK_MODEL
