"""Who a screening or decision is recorded as."""

from __future__ import annotations

import getpass
import os

USER_ENV = "WATCHKEEPER_USER"


def current_user(explicit: str | None = None) -> str:
    """``explicit`` (``--user``), else ``WATCHKEEPER_USER``, else the operating-system user.

    A service account running scheduled jobs should set ``WATCHKEEPER_USER`` so that the
    trail names the job, not the account.
    """
    for candidate in (explicit, os.environ.get(USER_ENV)):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"
