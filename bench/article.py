"""Article screening speed: ``python bench/article.py [--data DIR] [--workers 1 2]``.

Screens the PolNeAR dev articles and the reference article against every reference list and
prints the time per article and articles per second for each worker count. Building the
screener (lists, gazetteer, language model) is timed apart, since it happens once.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from watchkeeper.evaluation.attribution import POLNEAR_DEV, polnear_pairs
from watchkeeper.media.batch import ArticleInput, screen_articles
from watchkeeper.media.pipeline import ArticleScreener
from watchkeeper.reference import reference_lists, require_shared_data


def articles(data: Path) -> list[ArticleInput]:
    found = [
        ArticleInput(source=text.name, text=text.read_text("utf-8"), published="2016-10-01")
        for text, _ in polnear_pairs(data / POLNEAR_DEV)
    ]
    seed = data.parent / "seed" / "article.txt"
    if seed.is_file():
        found.append(ArticleInput(seed.name, text=seed.read_text("utf-8"), published="2020-01-04"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="reference data folder")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    data = require_shared_data(args.data)
    started = time.perf_counter()
    entities = [e for parsed in reference_lists(data) for e in parsed.entities]
    screener = ArticleScreener.from_entities(entities)
    print(f"build: {time.perf_counter() - started:.1f} s for {len(entities)} entities")
    inputs = articles(data)
    chars = sum(len(a.text or "") for a in inputs)
    print(f"{len(inputs)} articles, {chars / len(inputs):.0f} characters on average")
    print(f"cpus available: {len(os.sched_getaffinity(0))}, model: {screener.nlp is not None}")
    for workers in args.workers:
        started = time.perf_counter()
        lines = list(screen_articles(screener, iter(inputs), workers))
        seconds = time.perf_counter() - started
        print(
            f"workers {workers}: {seconds:.1f} s, {1000 * seconds / len(lines):.0f} ms per "
            f"article, {len(lines) / seconds:.1f} articles/s"
        )


if __name__ == "__main__":
    main()
