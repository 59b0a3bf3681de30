"""An article split into what it says and what merely surrounds it.

Image captions and photo credits ("(© AP Images)", "Photo: Reuters") describe pictures, not
events: they are kept apart from the body so the agencies and photographers they name are not
reported as parties, and so statements and dates come from the article itself.
"""

from __future__ import annotations

import re

import msgspec

# "(© AP Images)", "© Reuters", "Photo: John Smith/AFP", "Photograph by ...", "Credit: ..."
_CREDIT = re.compile(
    r"\(\s*(?:©|\(c\)|copyright)\s*(?P<paren>[^()]*(?:\([^()]*\)[^()]*)*)\)"
    r"|(?:^|\s)©\s*(?P<bare>[^\n]+)$"
    r"|^(?:photo(?:graph)?(?:\s+credit)?|image(?:\s+credit)?|credit|picture)\s*(?::|by)\s*"
    r"(?P<lead>[^\n]+)$",
    re.IGNORECASE | re.MULTILINE,
)


class Document(msgspec.Struct, frozen=True):
    """The parts of an article: ``body`` is what parties, statements and dates come from."""

    body: str
    title: str | None = None
    published: str | None = None
    captions: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    url: str | None = None


def split_credits(text: str) -> tuple[str, list[str]]:
    """``text`` without its photo credits, and the credits found (without the © sign)."""
    credits: list[str] = []

    def take(match: re.Match[str]) -> str:
        credit = match.group("paren") or match.group("bare") or match.group("lead") or ""
        if credit.strip():
            credits.append(credit.strip())
        return ""

    return _CREDIT.sub(take, text).strip(), credits


def text_document(text: str, *, title: str | None = None, published: str | None = None) -> Document:
    """Split a plain-text article: a line carrying a photo credit is a caption.

    Body paragraphs are joined with blank lines, so offsets into ``body`` stay stable whatever
    line endings the input had.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    body: list[str] = []
    captions: list[str] = []
    credits: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        rest, found = split_credits(line)
        if found:
            credits.extend(found)
            if rest:
                captions.append(rest)
        else:
            body.append(line)
    return Document(
        body="\n\n".join(body),
        title=title,
        published=published,
        captions=tuple(captions),
        credits=tuple(dict.fromkeys(credits)),
    )
