"""The shipped model on the real adverse-media data (``WATCHKEEPER_SHARED_DATA``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from watchkeeper.media.risk import assess
from watchkeeper.media.risk_eval import adverse_scores
from watchkeeper.media.risk_model import shipped_model
from watchkeeper.media.risk_train import train

pytestmark = pytest.mark.shared_data


def test_shipped_model_roc_auc_on_the_public_test(shared_data: Path) -> None:
    scores = adverse_scores(shared_data, shipped_model())
    assert scores.articles == 159
    # Measured 0.979 (docs/risk.md); the margin allows a retrain on another platform.
    assert scores.roc_auc > 0.97
    assert scores.precision > 0.95 and scores.recall > 0.83


def test_shipped_model_is_what_training_produces(shared_data: Path) -> None:
    shipped = shipped_model()
    trained = train(shared_data)
    assert trained.vocabulary == shipped.vocabulary
    assert trained.info["training_examples"] == shipped.info["training_examples"]
    assert trained.info["examples_by_source"] == shipped.info["examples_by_source"]
    np.testing.assert_allclose(trained.focus_weights, shipped.focus_weights, atol=1e-6)
    np.testing.assert_allclose(trained.context_weights, shipped.context_weights, atol=1e-6)
    for name, head in trained.category_heads.items():
        np.testing.assert_allclose(head.weights, shipped.category_heads[name].weights, atol=1e-6)


def test_the_reference_article_is_adverse_media_about_soleimani_and_the_qods_force(
    seed_article: str,
) -> None:
    """The reference article is not in the training data: it is the acceptance test."""
    parties = ["Qassem Soleimani", "Islamic Revolutionary Guard Corps", "Quds Force"]
    bystanders = ["Mike Pompeo", "Donald Trump"]
    results = {r.party: r for r in assess(parties + bystanders, seed_article)}
    for party in parties:
        found = results[party]
        assert found.adverse, (party, found.adverse_probability)
        top = {c.category for c in found.categories[:2]}
        assert top & {"terrorism", "violence"}, (party, found.categories)
    # They are quoted condemning him, which is not adverse media about them.
    for party in bystanders:
        assert results[party].mentioned and not results[party].adverse
