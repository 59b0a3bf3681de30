"""Every list format watchkeeper reads, and detection of which one a file or folder is in.

Detection is by content, tried in order from the most specific format to the most general, so a
file is accepted however it was named or saved."""

from __future__ import annotations

from pathlib import Path

import msgspec

from watchkeeper.errors import ListFormatError, UnknownFormatError
from watchkeeper.model import ParsedList
from watchkeeper.sources import (
    eu_fsf,
    eu_journal,
    ftm,
    ofac_csv,
    ofac_xml,
    uk_fcdo,
    uk_ofsi,
    un_xml,
)
from watchkeeper.sources.base import ListParser, identifier_type

PARSERS: tuple[ListParser, ...] = (
    ofac_xml.PARSER,
    ofac_csv.PARSER,
    un_xml.PARSER,
    eu_fsf.PARSER,
    eu_journal.PARSER,
    uk_ofsi.PARSER,
    uk_fcdo.PARSER,
    ftm.PARSER,
)


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
    return [_canonical(parsed) for parsed in lists]


def _canonical(parsed: ParsedList) -> ParsedList:
    """Identifier types in one vocabulary, whichever parser wrote them ("IMO", "imo")."""
    entities = tuple(
        msgspec.structs.replace(
            entity,
            identifiers=tuple(
                msgspec.structs.replace(i, type=identifier_type(i.type)) for i in entity.identifiers
            ),
        )
        if entity.identifiers
        else entity
        for entity in parsed.entities
    )
    return msgspec.structs.replace(parsed, entities=entities)
