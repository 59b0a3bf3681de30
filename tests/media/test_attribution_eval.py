"""Scoring found statements against brat attribution annotations."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchkeeper.evaluation.attribution import (
    Attribution,
    Score,
    evaluate_attribution,
    read_ann,
    score_article,
    spacy_extractor,
)

TEXT = "The mayor said that taxes will rise. “It is over,” she added. Rain fell."
ANN = """T1\tSource 0 9\tThe mayor
T2\tCue 10 14\tsaid
T3\tContent 20 35\ttaxes will rise
E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1
T4\tContent 38 48;49 50\tIt is over ,
T5\tSource 51 54\tshe
E2\tAttribution:T5 Content:T4 Source:T5
T6\tContent 55 60\tadded
E3\tAttribution:T6 Content:T6
"""


def test_read_ann_keeps_attributions_with_source_and_content(tmp_path: Path) -> None:
    path = tmp_path / "a.ann"
    path.write_text(ANN, "utf-8")
    gold = read_ann(path)
    assert gold == [
        Attribution(((0, 9),), ((20, 35),)),
        Attribution(((51, 54),), ((38, 48), (49, 50))),
    ]


def test_matching_needs_speaker_overlap_and_half_the_content() -> None:
    gold = [Attribution(((0, 9),), ((20, 35),))]
    score = Score()
    found = [
        Attribution(((4, 9),), ((15, 35),)),  # matches
        Attribution(((4, 9),), ((15, 35),)),  # duplicate: gold already used
        Attribution(((40, 45),), ((20, 35),)),  # wrong speaker
    ]
    score_article(found, gold, score)
    assert (score.matched_gold, score.matched_found, score.found) == (1, 1, 3)
    assert score.recall == 1.0 and score.precision == pytest.approx(1 / 3)


def test_the_extractor_scores_a_small_folder(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "story.txt").write_text(TEXT, "utf-8")
    (tmp_path / "attributions" / "story_ab12.ann").write_text(ANN, "utf-8")
    try:
        extract = spacy_extractor()
    except Exception as exc:  # the model is an optional extra
        pytest.skip(str(exc))
    score = evaluate_attribution(tmp_path, extract)
    assert score.articles == 1 and score.gold == 2
    assert score.recall == 1.0 and score.precision == 1.0
