"""The HTTP API (``watchkeeper serve``), speaking OpenSanctions yente's matching protocol.

Build an app with ``watchkeeper.api.app.create_app``; the web stack is only imported from
there, so ``watchkeeper.api.keys`` and the CLI work without the ``api`` extra.
"""
