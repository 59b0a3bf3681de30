"""Download official list files completely, or fail loudly.

A list file cut short by a dropped connection can still be valid CSV, so completeness is checked
at the transport level (status, ``Content-Length``) before any parser sees the file; parsers then
check their own end markers (OFAC's 0x1A, closing XML tags, record counts).
"""

from __future__ import annotations

from pathlib import Path

import httpx

from watchkeeper import __version__
from watchkeeper.errors import DownloadError

USER_AGENT = f"watchkeeper/{__version__} (sanctions screening; +https://github.com/watchkeeper)"
CHUNK = 1 << 16


def download(url: str, target: Path, *, timeout: float = 120.0, retries: int = 2) -> Path:
    """Fetch ``url`` into ``target``; raise ``DownloadError`` naming the URL on any failure.

    The body goes to a ``.part`` file that is renamed only once complete, so an interrupted
    download never leaves something that looks like a list file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    transport = httpx.HTTPTransport(retries=retries)
    try:
        with (
            httpx.Client(
                transport=transport,
                timeout=timeout,
                follow_redirects=True,
                headers={"User-Agent": USER_AGENT},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise DownloadError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
            expected = response.headers.get("Content-Length")
            received = 0
            with partial.open("wb") as handle:
                for chunk in response.iter_raw(CHUNK):
                    handle.write(chunk)
                    received += len(chunk)
            if expected is not None and received != int(expected):
                raise DownloadError(
                    f"{url}: incomplete download, received {received} of {expected} bytes"
                )
            if received == 0:
                raise DownloadError(f"{url}: the server sent an empty file")
    except httpx.HTTPError as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(f"{url}: download failed: {exc or type(exc).__name__}") from exc
    except DownloadError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target
