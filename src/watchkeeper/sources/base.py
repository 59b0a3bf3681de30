"""What every list parser provides, and the small helpers they share.

A parser is one module per official format. It only reads files: downloading, validation and
storage are the update pipeline's job, so a parser can be tested on a fixture with nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from watchkeeper.errors import ListFormatError
from watchkeeper.model import Name, NameType, ParsedList
from watchkeeper.names.script import detect_script

SNIFF_BYTES = 4096


class ListParser(Protocol):
    """One official list format.

    ``detect`` looks at content (not file names alone) so that ``watchkeeper update --from``
    accepts a file however it was saved; it must be cheap and never raise. ``parse`` raises
    ``ListFormatError`` naming the file and the problem for anything malformed or truncated.
    """

    format_id: str
    description: str

    def detect(self, path: Path) -> bool: ...

    def parse(self, path: Path) -> list[ParsedList]: ...


def sniff(path: Path, size: int = SNIFF_BYTES) -> bytes:
    """The first bytes of a file, or ``b""`` if it cannot be read (detection must not raise)."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def clean(text: str | None) -> str | None:
    """Collapse whitespace; map OFAC's ``-0-`` and other empty markers to ``None``."""
    if text is None:
        return None
    value = " ".join(text.split())
    if value in ("", "-0-", "-", "n/a", "N/A", "NULL", "null", "None"):
        return None
    return value


def make_name(
    full: str,
    type: NameType = NameType.PRIMARY,
    *,
    given: str | None = None,
    middle: str | None = None,
    family: str | None = None,
    lang: str | None = None,
    note: str | None = None,
) -> Name:
    """A ``Name`` with its script detected, so no parser has to think about scripts."""
    full = " ".join(full.split())
    return Name(
        full=full,
        type=type,
        script=detect_script(full),
        lang=lang,
        given=clean(given),
        middle=clean(middle),
        family=clean(family),
        note=clean(note),
    )


def unique(values: Iterable[str | None]) -> tuple[str, ...]:
    """Distinct non-empty values in first-seen order (lists repeat themselves a lot)."""
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return tuple(seen)


def require(condition: bool, path: Path, problem: str) -> None:
    """Raise ``ListFormatError`` for ``path`` unless ``condition`` holds."""
    if not condition:
        raise ListFormatError(str(path), problem)


def identifier_type(label: str) -> str:
    """One spelling per identifier type across parsers: lower case, single spaces."""
    return " ".join(label.replace("_", " ").split()).casefold()


def decode_text(data: bytes) -> str:
    """Text of a list file published as UTF-8 (BOM or not) or, in older copies, Windows-1252.

    Raises ``UnicodeDecodeError`` when it is neither; each format decides whether that is fatal.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")
