"""The catalog of official lists: ids, titles, publishers and default download URLs.

Kept as data (``catalog.yml``) so that adding a URL or a list is a one-line change that a
compliance engineer can review without reading code.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import msgspec
import yaml

from watchkeeper.errors import NotFoundError
from watchkeeper.model import ListInfo


class CatalogEntry(msgspec.Struct, frozen=True):
    """One list: what it is called and which official files make it up."""

    id: str
    title: str
    publisher: str
    files: dict[str, str] = {}
    download: bool = True

    @property
    def info(self) -> ListInfo:
        return ListInfo(id=self.id, title=self.title, publisher=self.publisher)


@cache
def catalog() -> dict[str, CatalogEntry]:
    """All known lists by id, in the order the catalog gives them."""
    text = resources.files("watchkeeper.sources").joinpath("catalog.yml").read_text("utf-8")
    raw: dict[str, dict[str, object]] = yaml.safe_load(text)
    return {
        list_id: msgspec.convert({"id": list_id, **fields}, CatalogEntry)
        for list_id, fields in raw.items()
    }


def list_info(list_id: str) -> ListInfo:
    """``ListInfo`` for a catalogued list id; parsers use this so titles live in one place."""
    try:
        return catalog()[list_id].info
    except KeyError:
        raise NotFoundError(f"unknown list id {list_id!r}; known: {', '.join(catalog())}") from None
