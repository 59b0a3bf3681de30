"""How much one request may ask for, so one client cannot starve the others.

Every limit is reported to the client as a sentence naming the limit and its value: a batch
job that hits one should know what to split, not guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from watchkeeper.screening import MAX_NAME_LENGTH


@dataclass(frozen=True)
class Limits:
    """Request limits; the defaults suit an interactive or batch screening client."""

    max_body_bytes: int = 1_000_000
    max_queries: int = 100
    max_names: int = 10
    """Names (``name``, ``alias``... values) screened for one query."""
    max_screenings: int = 40
    """Name x birth date x country combinations screened for one query."""
    max_name_length: int = MAX_NAME_LENGTH
    max_limit: int = 500
    """Largest ``limit`` a request may ask for."""


class RequestRejected(Exception):
    """A request the API refuses with ``status`` and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class LimitExceeded(RequestRejected):
    """A request asked for more than ``Limits`` allow; answered with 413 or 422."""
