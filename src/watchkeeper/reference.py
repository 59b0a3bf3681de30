"""The reference copies of the official lists that evaluation and benchmarks run on.

``watchkeeper eval`` and ``watchkeeper bench`` need "all lists, loaded together" from a folder
laid out like the project's shared data (``WATCHKEEPER_SHARED_DATA``, default
``../shared/data``). This module names the files that make up each list there, so the
evaluation, the benchmarks and the tests agree on what "all lists" means.
"""

from __future__ import annotations

import os
from pathlib import Path

from watchkeeper.errors import WatchkeeperError
from watchkeeper.model import ParsedList
from watchkeeper.sources.ofac_csv import parse_set
from watchkeeper.sources.registry import parse_path

# Each list from the newest complete copy. The 2024 SDN file is joined with the closest later
# alias/address files; parties designated after May 2024 have no row in it and are skipped.
OFAC_SDN = "ofac/sdn_2024-05-03/sdn.csv"
OFAC_SDN_AUX = "ofac/aux_2025-12-24"
REFERENCE_PATHS = (
    "ofac/consolidated_xml_2026-01-08/ofac.xml",
    "un/UN_consolidated.xml",
    "eu/eu_journal_sanctions_consolidated",
    "uk/ofsi_conlist_2025-04-10/UK_Sanctions_List.xlsx",
    "uk/uksl_derived_2026-05",
    "opensanctions/yente_fixture_t1",
    "opensanctions/yente_fixture_zala",
    "opensanctions/sa_wiki_peps_2024-03",
)


def shared_data_dir() -> Path:
    """``WATCHKEEPER_SHARED_DATA``, else ``../shared/data`` from the working directory."""
    return Path(os.environ.get("WATCHKEEPER_SHARED_DATA", "../shared/data"))


def require_shared_data(path: Path | None = None) -> Path:
    path = path or shared_data_dir()
    if not (path / "SOURCES.md").is_file():
        raise WatchkeeperError(
            f"{path}: not a reference data folder (no SOURCES.md); "
            "set WATCHKEEPER_SHARED_DATA or pass --data"
        )
    return path


def reference_lists(data: Path | None = None) -> list[ParsedList]:
    """Parse every reference list (about 36,000 entities)."""
    data = require_shared_data(data)
    aux = data / OFAC_SDN_AUX
    sdn, _ = parse_set(
        data / OFAC_SDN,
        alt=aux / "alt.csv",
        add=aux / "add.csv",
        comments=aux / "sdn_comments.csv",
        list_id="ofac-sdn",
    )
    lists = [sdn]
    for relative in REFERENCE_PATHS:
        lists.extend(parse_path(data / relative))
    return lists
