"""One exception hierarchy for the project, so callers can catch ``WatchkeeperError`` and show
its message: every message names the file, URL or id at fault and what is wrong with it."""

from __future__ import annotations


class WatchkeeperError(Exception):
    """Base of every error watchkeeper raises on purpose."""


class ListFormatError(WatchkeeperError):
    """A list file is malformed, truncated, or not in the format it claims to be."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class UnknownFormatError(ListFormatError):
    """A file or folder is in none of the list formats watchkeeper reads."""


class DownloadError(WatchkeeperError):
    """A list could not be downloaded completely from its URL."""


class ValidationError(WatchkeeperError):
    """A parsed list is not fit to replace the active version (e.g. it shrank too much)."""


class StoreError(WatchkeeperError):
    """The embedded store is missing, locked or inconsistent."""


class NotFoundError(WatchkeeperError):
    """An entity, list or version that was asked for does not exist."""
