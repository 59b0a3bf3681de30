"""The embedded, versioned list store and what can be derived from its versions."""

from watchkeeper.store.sqlite import ListVersion, Store

__all__ = ["ListVersion", "Store"]
