"""Fixtures for article screening: a screener over two hand-written entries, and the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchkeeper.media.pipeline import ArticleScreener
from watchkeeper.model import Entity, EntityKind, Name, NameType

SOLEIMANI = Entity(
    id="ofac-sdn-10481",
    list_id="ofac-sdn",
    source_ref="10481",
    kind=EntityKind.PERSON,
    names=(
        Name("SOLEIMANI, Qasem", given="Qasem", family="SOLEIMANI"),
        Name("SOLEYMANI, Ghasem", NameType.AKA),
        Name("Haj Qasem", NameType.WEAK),
    ),
    programs=("SDGT", "IRGC"),
    nationalities=("IR",),
)
QODS_FORCE = Entity(
    id="ofac-sdn-10465",
    list_id="ofac-sdn",
    source_ref="10465",
    kind=EntityKind.ORGANIZATION,
    names=(
        Name("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE"),
        Name("IRGC-QF", NameType.AKA),
        Name("ISLAMIC REVOLUTIONARY GUARD CORPS-QODS FORCE", NameType.AKA),
        Name("QUDS FORCE", NameType.AKA),
    ),
    programs=("SDGT", "FTO"),
)
# An unrelated listed company whose alias is a common acronym and whose name is common words.
NATO_TRADING = Entity(
    id="test-nato",
    list_id="test",
    source_ref="1",
    kind=EntityKind.ORGANIZATION,
    names=(Name("NORTHERN TRADING COMPANY"), Name("NATO", NameType.AKA), Name("THE BEST")),
)
# One country's ministry: its generic name says nothing about which country an article means.
MINISTRY = Entity(
    id="test-ministry",
    list_id="test",
    source_ref="2",
    kind=EntityKind.ORGANIZATION,
    names=(Name("MINISTRY OF INTERIOR"),),
    countries=("IR",),
)
ENTITIES = (SOLEIMANI, QODS_FORCE, NATO_TRADING, MINISTRY)


@pytest.fixture(scope="session")
def lists_only() -> ArticleScreener:
    """The pipeline without the language model: what a minimal install does."""
    return ArticleScreener.from_entities(ENTITIES, use_nlp=False)


@pytest.fixture(scope="session")
def with_nlp() -> ArticleScreener:
    screener = ArticleScreener.from_entities(ENTITIES)
    if screener.nlp is None:
        pytest.skip("the English model is not installed (the 'nlp' extra)")
    return screener


@pytest.fixture(scope="session")
def seed_article(shared_data: Path) -> str:
    """The reference article, from ``seed/`` beside the shared data folder."""
    path = shared_data.parent / "seed" / "article.txt"
    if not path.is_file():
        pytest.skip(f"reference article not found at {path}")
    return path.read_text("utf-8")


@pytest.fixture(scope="session")
def real_screener(shared_data: Path) -> ArticleScreener:
    """The pipeline over every reference list (about 20 s to build; built once)."""
    from watchkeeper.reference import reference_lists

    entities = [e for parsed in reference_lists(shared_data) for e in parsed.entities]
    return ArticleScreener.from_entities(entities)
