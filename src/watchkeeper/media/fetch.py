"""Fetch an article page over HTTP(S) with a size limit, for ``watchkeeper article URL``."""

from __future__ import annotations

import httpx

from watchkeeper.errors import WatchkeeperError

MAX_PAGE_BYTES = 10_000_000


class FetchError(WatchkeeperError):
    """A page that could not be fetched whole."""


def fetch_page(url: str, timeout: float = 30.0) -> bytes:
    """The body of ``url``; raises ``FetchError`` on an HTTP error or an oversized page."""
    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True) as response:
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_PAGE_BYTES:
                    raise FetchError(f"{url}: page larger than {MAX_PAGE_BYTES} bytes")
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {exc}") from None
    return b"".join(chunks)
