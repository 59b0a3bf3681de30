"""Run the Python source of watchkeeper's compiled modules instead of their C extensions.

An installed watchkeeper may carry mypyc-compiled copies of its screening modules, which
Python imports ahead of the ``.py`` files beside them. ``WATCHKEEPER_PURE_PYTHON=1`` (read
when the package is first imported) makes every ``watchkeeper`` module load from source:
for profiling with cProfile, for stepping through in a debugger, and for checking that the
compiled engine scores exactly as its source does.
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

ENV = "WATCHKEEPER_PURE_PYTHON"
PACKAGE = "watchkeeper"


def requested() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


class SourceFinder:
    """Finds ``watchkeeper.*`` modules among ``.py`` files only (packages included)."""

    @staticmethod
    def find_spec(
        fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not fullname.startswith(PACKAGE + ".") or not path:
            return None
        loader = (importlib.machinery.SourceFileLoader, importlib.machinery.SOURCE_SUFFIXES)
        for directory in path:
            spec = importlib.machinery.FileFinder(directory, loader).find_spec(fullname)
            if spec is not None:
                return spec
        return None


def install() -> None:
    """Put the source finder ahead of Python's own (once)."""
    if not any(isinstance(finder, SourceFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, SourceFinder())
