"""The model file: trained with scikit-learn, applied with numpy, the same probabilities."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from tests.media.articles import FRAUD_ARTICLE, SPORTS_ARTICLE, TERROR_ARTICLE, TRAINING
from watchkeeper.media.risk_model import RiskModel, RiskModelError, shipped_model
from watchkeeper.media.risk_text import party_views, split_sentences
from watchkeeper.media.risk_train import TrainingSettings, sklearn_probability, train_on

SMALL = TrainingSettings(min_df=1, folds=2, negatives_per_positive=4, bystanders=0.5)


@pytest.fixture(scope="module")
def small_model() -> RiskModel:
    return train_on(TRAINING, SMALL)


def _views(party: str | None, article: str) -> tuple[str, str]:
    return party_views(split_sentences(article), party)


def test_numpy_transform_gives_the_scikit_learn_probabilities(small_model: RiskModel) -> None:
    for party, article in [
        ("Karim Haddad", TERROR_ARTICLE),
        ("Karim Haddad", SPORTS_ARTICLE),
        (None, FRAUD_ARTICLE),
        ("Nobody", "Unrelated words: café, naïve, 東京, and odd\u00a0spacing."),
    ]:
        focus, context = _views(party, article)
        expected = sklearn_probability(small_model, focus, context)
        assert small_model.adverse_probability(focus, context) == pytest.approx(expected, abs=1e-9)


def test_shipped_model_gives_the_scikit_learn_probabilities() -> None:
    model = shipped_model()
    for party, article in [("Karim Haddad", TERROR_ARTICLE), ("Elena Petrova", FRAUD_ARTICLE)]:
        focus, context = _views(party, article)
        expected = sklearn_probability(model, focus, context)
        assert model.adverse_probability(focus, context) == pytest.approx(expected, abs=1e-6)


def test_saved_model_loads_back_identical(small_model: RiskModel, tmp_path: Path) -> None:
    path = tmp_path / "model.json.gz"
    small_model.save(path)
    loaded = RiskModel.load(path)
    focus, context = _views("Karim Haddad", TERROR_ARTICLE)
    assert loaded.adverse_probability(focus, context) == small_model.adverse_probability(
        focus, context
    )
    assert loaded.category_probabilities(TERROR_ARTICLE) == small_model.category_probabilities(
        TERROR_ARTICLE
    )
    again = tmp_path / "again.json.gz"
    loaded.save(again)
    assert again.read_bytes() == path.read_bytes()


def test_training_is_deterministic(small_model: RiskModel) -> None:
    again = train_on(TRAINING, SMALL)
    assert again.to_json() == small_model.to_json()


def test_even_a_tiny_model_ranks_its_training_articles(small_model: RiskModel) -> None:
    # Ten articles are too few to calibrate on, but the ranking must already be right.
    terror = small_model.adverse_score(*_views("Karim Haddad", TERROR_ARTICLE))
    sports = small_model.adverse_score(*_views("Karim Haddad", SPORTS_ARTICLE))
    assert terror > 0 > sports


def test_model_file_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json.gz"
    with pytest.raises(RiskModelError, match=r"missing\.json\.gz: no such"):
        RiskModel.load(missing)
    plain = tmp_path / "plain.json.gz"
    plain.write_text("{}")
    with pytest.raises(RiskModelError, match="not a gzipped JSON"):
        RiskModel.load(plain)
    other = tmp_path / "other.json.gz"
    other.write_bytes(gzip.compress(json.dumps({"format": "something else"}).encode()))
    with pytest.raises(RiskModelError, match="not a watchkeeper-risk-model"):
        RiskModel.load(other)


def test_a_truncated_weight_vector_is_refused(small_model: RiskModel, tmp_path: Path) -> None:
    data = small_model.to_json()
    data["adverse"]["focus_weights"] = data["adverse"]["focus_weights"][:-1]
    path = tmp_path / "short.json.gz"
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    with pytest.raises(RiskModelError, match="shape"):
        RiskModel.load(path)
    data = small_model.to_json()
    del data["categories"]
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    with pytest.raises(RiskModelError, match="malformed"):
        RiskModel.load(path)


def test_shipped_model_is_small_and_holds_every_category() -> None:
    model = shipped_model()
    assert len(model.vocabulary) <= 50_000
    assert set(model.category_heads) == {
        "terrorism",
        "violence",
        "sanctions",
        "weapons",
        "protest",
        "corruption_fraud",
        "organised_crime",
    }
    assert np.all(np.isfinite(model.idf))
    assert model.info["cross_validated_roc_auc"] > 0.95
