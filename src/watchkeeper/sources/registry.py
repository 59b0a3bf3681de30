"""Every list format watchkeeper reads, and detection of which one a file or folder is in.

Detection is by content, tried in order from the most specific format to the most general, so a
file is accepted however it was named or saved."""

from __future__ import annotations

from pathlib import Path

from watchkeeper.errors import ListFormatError, UnknownFormatError
from watchkeeper.model import ParsedList
from watchkeeper.sources.base import ListParser

import importlib
_mods = []
for _n in ("ofac_xml","ofac_csv","un_xml","eu_fsf","eu_journal","uk_ofsi","uk_fcdo","ftm"):
    try:
        _mods.append(importlib.import_module(f"watchkeeper.sources.{_n}").PARSER)
    except Exception:
        pass
PARSERS = tuple(_mods)


def detect_parser(path: Path) -> ListParser:
    """The parser for ``path`` (a file or folder), judged by content."""
    if not path.exists():
        raise ListFormatError(str(path), "no such file or folder")
    for parser in PARSERS:
        if parser.detect(path):
            return parser
    known = "; ".join(parser.description for parser in PARSERS)
    raise UnknownFormatError(str(path), f"not a list format watchkeeper reads (known: {known})")


def parse_path(path: Path) -> list[ParsedList]:
    """Detect the format of ``path`` and parse every list it holds."""
    parser = detect_parser(path)
    lists = parser.parse(path)
    if not lists:
        raise ListFormatError(str(path), f"no list found in this {parser.description}")
    return lists


