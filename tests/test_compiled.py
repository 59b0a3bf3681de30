"""The compiled screening engine must behave exactly as its Python source.

An install built with a C compiler runs mypyc-compiled copies of the engine modules (see
setup.py); ``WATCHKEEPER_PURE_PYTHON=1`` runs the source. Both must give the same matches,
scores and explanations, and a compiled copy must never be older than the source beside it
(an editable install left stale after an edit would test old code).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import watchkeeper.scoring.alignment
from tests.conftest import FIXTURES
from watchkeeper.screening import Query, Screener
from watchkeeper.sources.registry import parse_path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "Qasem Soleimani",
    "SOLEIMANI, Ghasem",
    "قاسم سلیمانی",
    "Kasim Sulaimani",
    "IRGC-QF",
    "Islamic Revolutionary Guard Corps Qods Force",
    "Hajji Qassem Suleimani",
    "Muammar Qadhafi",
    "Abdul Rahman al Masri",
    "Jane Smith",
    "Ali",
    "Касем Сулеймани",
]


def screened() -> list[list[object]]:
    """Every query's matches as plain data: entity, score, name score and explanation."""
    entities = [
        entity
        for path in ("un_xml/consolidated.xml", "ofac_xml/SDN.XML")
        for parsed in parse_path(FIXTURES / path)
        for entity in parsed.entities
    ]
    screener = Screener.from_entities(entities)
    return [
        [[m.entity_id, m.score, m.name_score, m.explanation] for m in screener.screen(Query(q))]
        for q in QUERIES
    ]


def compiled_modules() -> list[Path]:
    """The files of the watchkeeper modules this interpreter loaded as C extensions."""
    return [
        Path(module.__file__)
        for name, module in list(sys.modules.items())
        if name.startswith("watchkeeper")
        and getattr(module, "__file__", None)
        and str(module.__file__).endswith(tuple(EXTENSION_SUFFIXES))
    ]


compiled = pytest.mark.skipif(
    not compiled_modules(), reason="this install runs the engine as pure Python"
)


def shared_library() -> Path | None:
    """mypyc puts the code of all compiled modules in one shared library beside the package;
    each module's own extension only points into it."""
    for name, module in list(sys.modules.items()):
        if name.endswith("__mypyc") and getattr(module, "__file__", None):
            return Path(str(module.__file__))
    return None


@compiled
def test_compiled_copies_are_not_older_than_their_source() -> None:
    library = shared_library()
    assert library is not None, "compiled modules without mypyc's shared library"
    built = max(library.stat().st_mtime, *(e.stat().st_mtime for e in compiled_modules()))
    for extension in compiled_modules():
        source = extension.parent / (extension.name.split(".", 1)[0] + ".py")
        assert source.stat().st_mtime <= built, (
            f"{source.name} changed after the engine was compiled: rebuild with `pip install -e .`"
        )


@compiled
def test_source_scores_exactly_as_the_compiled_engine() -> None:
    script = (
        "import json, watchkeeper.scoring.alignment as a; "
        "from tests.test_compiled import screened; "
        "print(json.dumps({'file': a.__file__, 'results': screened()}))"
    )
    env = {**os.environ, "WATCHKEEPER_PURE_PYTHON": "1"}
    command = [sys.executable, "-c", script]
    out = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    source = json.loads(out.stdout)
    assert source["file"].endswith(".py")
    assert str(watchkeeper.scoring.alignment.__file__).endswith(tuple(EXTENSION_SUFFIXES))
    here = json.loads(json.dumps(screened()))
    assert here == source["results"]
    # Not a vacuous comparison: the queries do find their listed parties.
    assert {m[0] for m in here[0]} >= {"ofac-sdn-10481", "un-IRi.039"}
    assert here[4][0][0] == "ofac-sdn-10465"
