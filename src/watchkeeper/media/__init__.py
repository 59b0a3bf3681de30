"""Adverse-media screening of news articles: parties, statements, dates, captions apart.

``ArticleScreener`` (``pipeline.py``) is the entry point; ``schema.py`` is the output;
``risk.py`` is the adverse-media classifier, plugged in through ``risk_interface.py``.
"""

from watchkeeper.media.pipeline import ArticleError, ArticleScreener
from watchkeeper.media.risk_interface import NO_RISK_MODEL, Risk, RiskAssessor, RiskFinding
from watchkeeper.media.schema import ArticleResult, ListedMatch, Mention, Party, Statement

__all__ = [
    "NO_RISK_MODEL",
    "ArticleError",
    "ArticleResult",
    "ArticleScreener",
    "ListedMatch",
    "Mention",
    "Party",
    "Risk",
    "RiskAssessor",
    "RiskFinding",
    "Statement",
]
