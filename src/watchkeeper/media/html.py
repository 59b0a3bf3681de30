"""Read an HTML article: its main text, title, publication date, and captions kept apart.

Pages carry their metadata in well-known places (Open Graph and ``article:`` meta tags,
``<time datetime>``, schema.org ``datePublished``) and their pictures in ``<figure>`` with a
``<figcaption>``. Navigation, scripts, forms and asides are not article text and are dropped.
"""

from __future__ import annotations

import re

from lxml import etree, html

from watchkeeper.errors import WatchkeeperError
from watchkeeper.media.document import Document, split_credits

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe")
_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li")
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dcterms.created",
)
_CREDIT_CLASS = re.compile(r"credit|copyright|byline-photo", re.IGNORECASE)


class HtmlError(WatchkeeperError):
    """An HTML page that cannot be read as an article."""


def _text(element: etree._Element) -> str:
    return " ".join("".join(str(t) for t in element.itertext()).split())


def _meta(root: html.HtmlElement, names: tuple[str, ...]) -> str | None:
    wanted = {name.lower() for name in names}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if key in wanted and content:
            return content
    return None


def _published(root: html.HtmlElement) -> str | None:
    found = _meta(root, _DATE_META)
    if found is None:
        for time in root.iter("time"):
            found = (time.get("datetime") or "").strip() or None
            if found:
                break
    if found is None:
        return None
    match = re.match(r"\d{4}-\d{2}-\d{2}", found)
    return match.group(0) if match else None


def _title(root: html.HtmlElement) -> str | None:
    found = _meta(root, ("og:title", "twitter:title"))
    if found:
        return found
    for tag in ("h1", "title"):
        for element in root.iter(tag):
            text = _text(element)
            if text:
                return text
    return None


def _figures(main: html.HtmlElement) -> tuple[list[str], list[str]]:
    """Captions and credits of every figure, which are then removed from the main text."""
    captions: list[str] = []
    credits: list[str] = []
    for element in list(main.iter()):
        if not isinstance(element.tag, str):
            continue
        classes = element.get("class") or ""
        if element.tag == "figure":
            for caption in element.iter("figcaption"):
                rest, found = split_credits(_text(caption))
                credits.extend(found)
                if rest:
                    captions.append(rest)
            _remove(element)
        elif _CREDIT_CLASS.search(classes):
            text = _text(element)
            if text:
                credits.extend(split_credits(text)[1] or [text.lstrip("© ").strip()])
            _remove(element)
    return captions, credits


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _main(root: html.HtmlElement) -> html.HtmlElement:
    for xpath in ("//article", "//main", "//*[@role='main']", "//body"):
        found = root.xpath(xpath)
        if found:
            return max(found, key=lambda e: len(_text(e)))
    return root


def decode_page(page: bytes) -> str:
    """The page as text: in the charset its ``<meta>`` declares, else UTF-8.

    Without this, a page with no declaration would be read as Latin-1 and "©" become "Â©".
    """
    declared = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", page[:4096])
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return page.decode(encoding, errors="replace")
    except LookupError:
        return page.decode("utf-8", errors="replace")


def html_document(page: str | bytes, url: str | None = None) -> Document:
    """Parse an article page; raises ``HtmlError`` if it has no readable text."""
    if isinstance(page, bytes):
        page = decode_page(page)
    page = re.sub(r"^\s*<\?xml[^>]*>", "", page)  # lxml refuses str input with a declaration
    try:
        root = html.fromstring(page)
    except (etree.ParserError, ValueError) as exc:
        raise HtmlError(f"{url or 'page'}: not readable as HTML ({exc})") from None
    for element in list(root.iter(*_DROP)):
        _remove(element)
    title = _title(root)
    published = _published(root)
    main = _main(root)
    captions, credits = _figures(main)
    blocks = [_text(block) for block in main.iter(*_BLOCKS)]
    paragraphs = []
    for block in blocks:
        if not block or block == title:
            continue
        rest, found = split_credits(block)
        if found:  # a "Photo: ..." line or a credit outside any <figure>
            credits.extend(found)
            if rest:
                captions.append(rest)
        else:
            paragraphs.append(block)
    if not paragraphs:
        text = _text(main)
        paragraphs = [text] if text else []
    if not paragraphs:
        raise HtmlError(f"{url or 'page'}: no article text found")
    return Document(
        body="\n\n".join(paragraphs),
        title=title,
        published=published,
        captions=tuple(captions),
        credits=tuple(dict.fromkeys(credits)),
        url=url,
    )


def looks_like_html(text: str) -> bool:
    """True if ``text`` starts like an HTML document rather than plain prose."""
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(body|p|article)\b", head)
    )
