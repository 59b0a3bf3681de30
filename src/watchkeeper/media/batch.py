"""Screen many articles: a folder of .txt/.html files or a JSONL file, in parallel processes.

Each JSONL line is an object with ``text`` or ``html`` and optionally ``id``, ``published``
and ``url``. One result line is written per article, in input order; an article that cannot
be read gives a line with ``error`` set instead of stopping the run.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec

from watchkeeper.errors import WatchkeeperError
from watchkeeper.media.html import html_document
from watchkeeper.media.pipeline import ArticleScreener
from watchkeeper.media.schema import ArticleResult

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


class ArticleInput(msgspec.Struct, frozen=True):
    """One article to screen, as read from a folder or a JSONL line."""

    source: str
    text: str | None = None
    html: str | None = None
    published: str | None = None
    url: str | None = None


def read_articles(path: Path, published: str | None = None) -> Iterator[ArticleInput]:
    """The articles of a folder (by file name) or of a JSONL file (by line)."""
    if path.is_dir():
        for file in sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES):
            content = file.read_text("utf-8", errors="replace")
            is_html = file.suffix.lower() != ".txt"
            yield ArticleInput(
                source=str(file),
                text=None if is_html else content,
                html=content if is_html else None,
                published=published,
            )
        return
    decoder = msgspec.json.Decoder(dict[str, Any])
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = decoder.decode(line)
            except msgspec.DecodeError as exc:
                raise WatchkeeperError(f"{path}:{number}: not a JSON object ({exc})") from None
            text, page = record.get("text"), record.get("html")
            if not isinstance(text, str) and not isinstance(page, str):
                raise WatchkeeperError(f"{path}:{number}: needs a 'text' or 'html' string")
            yield ArticleInput(
                source=str(record.get("id") or f"{path}:{number}"),
                text=text if isinstance(text, str) else None,
                html=page if isinstance(page, str) else None,
                published=str(record.get("published") or published or "") or None,
                url=record.get("url") if isinstance(record.get("url"), str) else None,
            )


def screen_one(screener: ArticleScreener, article: ArticleInput) -> ArticleResult:
    """Screen one input; a problem with it becomes the result's ``error``."""
    try:
        if article.html is not None:
            document = html_document(article.html, article.url)
            return screener.analyse_document(
                document, published=article.published, source=article.source
            )
        return screener.analyse_text(
            article.text or "", published=article.published, source=article.source
        )
    except WatchkeeperError as exc:
        return ArticleResult(
            source=article.source,
            title=None,
            published=article.published,
            body="",
            parties=[],
            statements=[],
            dates=[],
            captions=[],
            credits=[],
            nlp=None,
            risk_model=screener.risk_model.name,
            seconds=0.0,
            error=str(exc),
        )


_WORKER: ArticleScreener | None = None


def _in_worker(article: ArticleInput) -> bytes:
    assert _WORKER is not None, "worker started without a screener"
    return msgspec.json.encode(screen_one(_WORKER, article))


def screen_articles(
    screener: ArticleScreener,
    articles: Iterator[ArticleInput],
    workers: int = 1,
    progress: Callable[[], None] | None = None,
) -> Iterator[bytes]:
    """JSON lines of results in input order; ``workers`` > 1 forks that many processes, which
    share the screener and the language model copy-on-write."""
    global _WORKER
    if workers <= 1:
        for article in articles:
            yield msgspec.json.encode(screen_one(screener, article))
            if progress:
                progress()
        return
    if "fork" not in multiprocessing.get_all_start_methods():
        raise WatchkeeperError("several workers need the 'fork' start method (Linux, macOS)")
    _WORKER = screener
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for line in pool.imap(_in_worker, articles, chunksize=2):
                yield line
                if progress:
                    progress()
    finally:
        _WORKER = None
