"""Sentence splitting, tokenisation and party mentions for the risk classifier.

The classifier must behave the same at training time (scikit-learn) and at run time (numpy
only), so the one tokeniser both use lives here: lower-cased runs of two or more word
characters, as scikit-learn's default ``token_pattern``, plus the word bigrams of that run.
Sentence splitting is a small regular expression: good enough to find the sentences that name
a party, with no language model to install.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

# scikit-learn's default token pattern; the training vectoriser is configured with it.
TOKEN_PATTERN = r"(?u)\b\w\w+\b"
_TOKEN = re.compile(TOKEN_PATTERN)

# A sentence ends at . ! or ? (optionally followed by closing quotes or brackets) before
# whitespace and a capital, digit or opening quote; or at a line break.
_BOUNDARY = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+(?=[\"'“‘(\[]?[A-Z0-9])|\s*\n\s*")
# Words whose trailing full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt"),
        *("gov", "sen", "rep", "rev", "inc", "ltd", "co", "corp", "no", "vs", "jan", "feb"),
        *("mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k"),
        *("u.n", "e.g", "i.e"),
    }
)
# Legal-form and generic words that do not identify a party on their own.
_GENERIC_PARTS = frozenset(
    {
        *("bank", "group", "company", "co", "corp", "corporation", "inc", "ltd", "llc", "plc"),
        *("sa", "ag", "gmbh", "holding", "holdings", "international", "limited", "foundation"),
        *("trust", "fund", "party", "ministry", "government", "council"),
    }
)
# Lower-case words that mark an organisation-style name ("Bank of China"), whose last word is
# often a place and does not identify the party; name particles ("bin", "de") do not.
_CONNECTIVES = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "&"})

MAX_TEXT_CHARS = 2_000_000


# Control characters other than tab and line feed, and invisible format characters
# (zero-width spaces and joiners, direction marks, byte-order marks).
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)


def clean(text: str) -> str:
    """NFC-normalise, turn a carriage return into a line feed and drop invisible characters."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE.sub("", text)


def split_sentences(text: str) -> list[str]:
    """The article's sentences, in order, stripped; empty pieces are dropped."""
    pieces = _BOUNDARY.split(clean(text))
    sentences: list[str] = []
    carry = ""
    for piece in pieces:
        piece = (carry + " " + piece).strip() if carry else piece.strip()
        carry = ""
        if not piece:
            continue
        last = piece.rsplit(None, 1)[-1].rstrip(".").lower()
        if piece.endswith(".") and (last in _ABBREVIATIONS or re.fullmatch(r"\w", last)):
            carry = piece  # "Mr." or an initial such as "J." does not end the sentence
            continue
        sentences.append(piece)
    if carry:
        sentences.append(carry)
    return sentences


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, exactly as the training vectoriser produces them."""
    return _TOKEN.findall(text.lower())


def ngrams(text: str) -> list[str]:
    """Unigrams then bigrams (joined by one space), the vectoriser's ``ngram_range=(1, 2)``."""
    words = tokens(text)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def mention_keys(party: str) -> tuple[str, str | None]:
    """How a party is recognised in a sentence: its full name (case-insensitive) and, for a
    name of several words, its last distinctive word (case-sensitive, e.g. a surname)."""
    full = " ".join(clean(party).split())
    if not full:
        raise ValueError("a party name must contain at least one visible character")
    words = re.findall(r"[\w&][\w'’-]*", full)
    short = None
    # "Bank of China" is not recognised by "China" alone.
    if len(words) > 1 and not any(w.lower() in _CONNECTIVES for w in words):
        last = words[-1]
        if "-" in last and last[0].islower():
            last = last.split("-", 1)[1]  # "al-Assad" is also written "Assad"
        if len(last) >= 3 and last.lower() not in _GENERIC_PARTS and last[0].isupper():
            short = last
    return full, short


def mentions(sentence: str, party: str) -> bool:
    """Whether a sentence names the party (full name, or surname-like last word)."""
    full, short = mention_keys(party)
    if _word_search(full, sentence, ignore_case=True):
        return True
    return short is not None and _word_search(short, sentence, ignore_case=False)


def sentences_mentioning(sentences: Iterable[str], party: str) -> list[str]:
    """The sentences that name the party, in order."""
    return [s for s in sentences if mentions(s, party)]


def _word_search(needle: str, haystack: str, *, ignore_case: bool) -> bool:
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in needle.split()) + r"(?!\w)"
    return re.search(pattern, haystack, re.IGNORECASE if ignore_case else 0) is not None


def join(sentences: Sequence[str]) -> str:
    """Sentences as one text, as the classifier sees a party's focus."""
    return "\n".join(sentences)


def party_views(sentences: Sequence[str], party: str | None) -> tuple[str, str]:
    """What the adverse classifier reads for a party: the sentences naming it (its focus) and
    the whole article (its context). With no party the whole article is the focus too, as it
    is for the training articles that name no entity."""
    context = join(sentences)
    if not party:
        return context, context
    return join(sentences_mentioning(sentences, party)), context
