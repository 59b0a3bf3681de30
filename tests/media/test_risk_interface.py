"""A risk model plugs in through ``risk_for`` and sees each party's sentences and the article."""

from __future__ import annotations

from watchkeeper.media.pipeline import ArticleScreener
from watchkeeper.media.risk_interface import (
    NO_RISK_MODEL,
    Risk,
    RiskAssessor,
    RiskFinding,
    default_risk_model,
)

from .conftest import ENTITIES

ARTICLE = "Qassem Soleimani exported terrorism. The weather was fine.\n\nSoleimani travelled."


class KeywordRisk:
    """A tiny real model: flags sentences that mention terrorism."""

    name = "keyword"

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], str]] = []

    def risk_for(self, party_sentences: list[str], article: str) -> RiskFinding:
        self.calls.append((party_sentences, article))
        flagged = tuple(s for s in party_sentences if "terror" in s)
        return RiskFinding(
            1.0 if flagged else 0.0, (Risk("terrorism", 1.0, flagged),) * bool(flagged)
        )


def test_the_risk_model_receives_the_party_sentences_and_its_risks_are_reported() -> None:
    model = KeywordRisk()
    assert isinstance(model, RiskAssessor)
    screener = ArticleScreener.from_entities(ENTITIES, use_nlp=False, risk_model=model)
    result = screener.analyse_text(ARTICLE)
    (party,) = result.parties
    assert result.risk_model == "keyword"
    [(sentences, article)] = model.calls
    assert sentences == ["Qassem Soleimani exported terrorism.", "Soleimani travelled."]
    assert "The weather was fine." in article
    assert party.adverse_probability == 1.0
    assert [r.evidence for r in party.risks] == [("Qassem Soleimani exported terrorism.",)]


def test_without_a_model_the_result_says_so_instead_of_reporting_no_risk() -> None:
    screener = ArticleScreener.from_entities(ENTITIES, use_nlp=False, risk_model=NO_RISK_MODEL)
    result = screener.analyse_text(ARTICLE)
    assert result.risk_model == "no risk model loaded"
    assert result.parties[0].adverse_probability is None and not result.parties[0].risks


def test_the_shipped_classifier_judges_each_party_on_its_own_sentences() -> None:
    model = default_risk_model()
    screener = ArticleScreener.from_entities(ENTITIES, use_nlp=False, risk_model=model)
    result = screener.analyse_text(
        "Qassem Soleimani was convicted of fraud and money laundering, prosecutors said. "
        "Soleimani bribed officials and embezzled public funds.\n\nThe weather was mild."
    )
    assert result.risk_model == model.name
    (party,) = [p for p in result.parties if p.name.endswith("Soleimani")]
    assert party.adverse_probability is not None and party.adverse_probability > 0.5
    assert "corruption_fraud" in {r.category for r in party.risks}
    for found in party.risks:
        assert found.evidence
        assert all("Soleimani" in sentence for sentence in found.evidence)
