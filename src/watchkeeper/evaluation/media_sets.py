"""The adverse-media measurements in ``watchkeeper eval``: the risk classifier and statements.

Both are measured by the media modules themselves (``media/risk_eval.py`` and
``evaluation/attribution.py``); these sets only put their numbers into the quality report
beside the screening measurements, so one command and one file say how good watchkeeper is.
"""

from __future__ import annotations

from watchkeeper.evaluation.attribution import POLNEAR_DEV, evaluate_attribution, spacy_extractor
from watchkeeper.evaluation.context import Context
from watchkeeper.evaluation.report import SetResult, num, table

# Published figures for textacy's quotation extractor on PolNeAR, quoted by the issue tracker
# for comparison; they were not measured under our matching rule (see docs/media.md).
TEXTACY_PUBLISHED = (0.86, 0.65)


class AdverseMediaResult(SetResult, kw_only=True):
    roc_auc: float
    threshold: float
    precision: float
    recall: float
    accuracy: float
    adverse: int
    cross_validated_roc_auc: float | None
    category_accuracy: float
    category_sentences: int

    def markdown(self) -> str:
        return "\n".join(
            [
                "The shipped adverse-media classifier (`media/risk.py`, trained as docs/risk.md "
                "describes) scores each article of `media/adverse_media/public_test.csv` "
                f"({self.queries} articles, {self.adverse} labelled adverse); "
                "`watchkeeper eval-risk` gives the details.",
                "",
                table(
                    ("measure", "value"),
                    [
                        ("ROC-AUC, adverse vs not (aim > 0.95)", num(self.roc_auc)),
                        (f"precision at {self.threshold:.2f}", num(self.precision)),
                        (f"recall at {self.threshold:.2f}", num(self.recall)),
                        (f"accuracy at {self.threshold:.2f}", num(self.accuracy)),
                        (
                            "cross-validated ROC-AUC on the training articles",
                            num(self.cross_validated_roc_auc),
                        ),
                        (
                            f"risk category, accuracy on {self.category_sentences} "
                            "hand-labelled sentences",
                            num(self.category_accuracy),
                        ),
                    ],
                ),
            ]
        )

    def summary(self) -> list[tuple[str, str]]:
        return [("ROC-AUC adverse vs not", num(self.roc_auc))]


def run_adverse_media(ctx: Context) -> AdverseMediaResult:
    from watchkeeper.media.risk_eval import evaluate

    found = evaluate(ctx.data)
    adverse, categories = found.adverse, found.categories
    return AdverseMediaResult(
        name="adverse-media",
        title="Adverse media: risk classifier",
        queries=adverse.articles,
        roc_auc=adverse.roc_auc,
        threshold=adverse.threshold,
        precision=adverse.precision,
        recall=adverse.recall,
        accuracy=adverse.accuracy,
        adverse=adverse.adverse,
        cross_validated_roc_auc=found.cross_validated_roc_auc,
        category_accuracy=categories.model_accuracy,
        category_sentences=categories.sentences,
    )


class AttributionResult(SetResult, kw_only=True):
    articles: int
    gold: int
    found: int
    precision: float
    recall: float
    f1: float

    def markdown(self) -> str:
        published_p, published_r = TEXTACY_PUBLISHED
        return "\n".join(
            [
                f"Statements the article pipeline attributes, on the {self.articles} PolNeAR dev "
                f"articles (`{POLNEAR_DEV}`, {self.gold:,} gold attributions with a written "
                "source). A found statement matches a gold one when the speaker spans overlap "
                "and the contents share at least half of the shorter; each gold attribution "
                "matches once (`watchkeeper eval-article`; docs/media.md).",
                "",
                table(
                    ("extractor", "precision", "recall", "F1"),
                    [
                        ("watchkeeper", num(self.precision), num(self.recall), num(self.f1)),
                        (
                            "textacy, published (another matching rule)",
                            num(published_p),
                            num(published_r),
                            "–",
                        ),
                    ],
                ),
                "",
                "Under this rule textacy's `direct_quotations` reaches precision 0.616 and "
                "recall 0.136 (`bench/textacy_attribution.py`, textacy installed apart).",
            ]
        )

    def summary(self) -> list[tuple[str, str]]:
        return [
            ("statements precision", num(self.precision)),
            ("statements recall", num(self.recall)),
        ]


def run_attribution(ctx: Context) -> AttributionResult:
    score = evaluate_attribution(ctx.data / POLNEAR_DEV, spacy_extractor())
    return AttributionResult(
        name="attribution",
        title="Adverse media: attributed statements",
        queries=score.found,
        articles=score.articles,
        gold=score.gold,
        found=score.found,
        precision=score.precision,
        recall=score.recall,
        f1=score.f1,
    )
