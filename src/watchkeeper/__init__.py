"""watchkeeper: screen names and news against official sanctions and terrorist-designation lists."""

from watchkeeper import _source_only

if _source_only.requested():
    _source_only.install()

__version__ = "0.1.0"
