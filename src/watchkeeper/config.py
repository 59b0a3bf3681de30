"""Where watchkeeper keeps its data and how updates behave.

Defaults suit a laptop; ``WATCHKEEPER_HOME`` moves everything (tests and CI point it at a
temporary folder), and an optional ``config.toml`` in that folder overrides download URLs and
update policy without touching code.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from watchkeeper.errors import WatchkeeperError
from watchkeeper.sources.catalog import catalog

CONFIG_FILE = "config.toml"
DATABASE_FILE = "watchkeeper.db"


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build them with ``Settings.load()``.

    ``max_shrink`` is the share of entities a list may lose between two versions before an
    update is refused: a list that suddenly halves is far more often a broken export than a
    mass delisting, and screening against it would silently miss parties.
    """

    home: Path
    keep_versions: int = 3
    max_shrink: float = 0.2
    download_timeout: float = 120.0
    list_files: dict[str, dict[str, str]] = field(default_factory=dict)
    disabled_lists: frozenset[str] = frozenset()

    @property
    def database(self) -> Path:
        return self.home / DATABASE_FILE

    @property
    def archive(self) -> Path:
        """Source files of stored versions, kept for audit."""
        return self.home / "archive"

    @property
    def rejected(self) -> Path:
        """Files that failed to load, kept so that nothing is lost and the failure can be shown."""
        return self.home / "rejected"

    def download_lists(self) -> dict[str, dict[str, str]]:
        """List id -> {file name: URL} for every list ``watchkeeper update`` downloads."""
        lists: dict[str, dict[str, str]] = {}
        for list_id, entry in catalog().items():
            if not entry.download or list_id in self.disabled_lists:
                continue
            lists[list_id] = self.list_files.get(list_id, dict(entry.files))
        for list_id, files in self.list_files.items():
            if list_id not in lists and list_id not in self.disabled_lists:
                lists[list_id] = files
        return lists

    @classmethod
    def load(cls, home: Path | None = None) -> Settings:
        """Settings from ``home`` (else ``WATCHKEEPER_HOME``, else the user data dir)."""
        if home is None:
            env = os.environ.get("WATCHKEEPER_HOME")
            home = Path(env) if env else Path(platformdirs.user_data_dir("watchkeeper"))
        home = home.expanduser()
        config: dict[str, object] = {}
        path = home / CONFIG_FILE
        if path.is_file():
            try:
                config = tomllib.loads(path.read_text("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise WatchkeeperError(f"{path}: not valid TOML: {exc}") from exc
        lists = config.get("lists", {})
        if not isinstance(lists, dict):
            raise WatchkeeperError(f"{path}: [lists] must be a table")
        list_files: dict[str, dict[str, str]] = {}
        disabled: set[str] = set()
        for list_id, table in lists.items():
            if not isinstance(table, dict):
                raise WatchkeeperError(f"{path}: [lists.{list_id}] must be a table")
            if table.get("enabled") is False:
                disabled.add(list_id)
            files = table.get("files")
            if isinstance(files, dict):
                list_files[list_id] = {str(k): str(v) for k, v in files.items()}
        return cls(
            home=home,
            keep_versions=int(_setting("WATCHKEEPER_KEEP_VERSIONS", config, "keep_versions", 3)),
            max_shrink=_setting("WATCHKEEPER_MAX_SHRINK", config, "max_shrink", 0.2),
            download_timeout=_setting("", config, "download_timeout", 120.0),
            list_files=list_files,
            disabled_lists=frozenset(disabled),
        )


def _setting(env: str, config: dict[str, object], key: str, default: float) -> float:
    """A number from the environment, else the config file, else the default."""
    raw = os.environ.get(env) if env else None
    value = raw if raw is not None else config.get(key, default)
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise WatchkeeperError(f"setting {key} must be a number, not {value!r}") from None
