"""A risk model plugs in through ``risk_for`` and sees each party's sentences."""

from __future__ import annotations

from watchkeeper.media.pipeline import ArticleScreener
from watchkeeper.media.risk import Risk, RiskModel

from .conftest import ENTITIES


class KeywordRisk:
    """A tiny real model: flags sentences that mention terrorism."""

    name = "keyword"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def risk_for(self, party_sentences: list[str]) -> list[Risk]:
        self.calls.append(party_sentences)
        return [Risk("terrorism", 1.0, s) for s in party_sentences if "terror" in s]


def test_the_risk_model_receives_the_party_sentences_and_its_risks_are_reported() -> None:
    model = KeywordRisk()
    assert isinstance(model, RiskModel)
    screener = ArticleScreener.from_entities(ENTITIES, use_nlp=False, risk_model=model)
    result = screener.analyse_text(
        "Qassem Soleimani exported terrorism. The weather was fine.\n\nSoleimani travelled."
    )
    (party,) = result.parties
    assert result.risk_model == "keyword"
    assert model.calls == [["Qassem Soleimani exported terrorism.", "Soleimani travelled."]]
    assert [r.evidence for r in party.risks] == ["Qassem Soleimani exported terrorism."]
