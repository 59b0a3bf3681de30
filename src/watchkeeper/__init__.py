"""watchkeeper: screen names and news against official sanctions and terrorist-designation lists."""

__version__ = "0.1.0"
