"""Downloads are complete or fail with the URL and the reason; no partial file is left."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.httpserver import serve
from watchkeeper.download import download
from watchkeeper.errors import DownloadError

BODY = b"<CONSOLIDATED_LIST>" + b"x" * 200_000 + b"</CONSOLIDATED_LIST>"


def test_a_complete_download_lands_under_its_name(tmp_path: Path) -> None:
    with serve({"/consolidated.xml": BODY}) as server:
        path = download(server.url("/consolidated.xml"), tmp_path / "consolidated.xml")
    assert path.read_bytes() == BODY
    assert [p.name for p in tmp_path.iterdir()] == ["consolidated.xml"]


def test_a_transfer_cut_short_is_an_error_and_leaves_no_file(tmp_path: Path) -> None:
    with serve({"/consolidated.xml": BODY}) as server:
        url = server.url("/short/consolidated.xml")
        with pytest.raises(DownloadError, match=r"short/consolidated\.xml") as error:
            download(url, tmp_path / "consolidated.xml", retries=0)
    assert "incomplete" in str(error.value) or "closed" in str(error.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("status", [404, 500, 503])
def test_an_http_error_names_the_url_and_status(tmp_path: Path, status: int) -> None:
    with serve({}) as server:
        url = server.url(f"/status/{status}")
        with pytest.raises(DownloadError, match=f"{url}: HTTP {status}"):
            download(url, tmp_path / "list.xml")
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_server_is_a_download_error(tmp_path: Path) -> None:
    with serve({}) as server:
        url = server.url("/x")
    with pytest.raises(DownloadError, match="download failed"):
        download(url, tmp_path / "list.xml", timeout=2, retries=0)
