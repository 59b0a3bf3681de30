"""A real HTTP server on 127.0.0.1 for download tests, with routes that misbehave on purpose."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ListServer:
    """Serves ``files`` by path; ``/short/<path>`` cuts the body in half, ``/status/<n>`` fails."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:
                return

            def do_GET(self) -> None:
                server.requests.append(self.path)
                if self.path.startswith("/status/"):
                    self.send_response(int(self.path.split("/")[2]))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                short = self.path.startswith("/short/")
                key = self.path.removeprefix("/short")
                body = server.files.get(key)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2] if short else body)
                if short:
                    self.wfile.flush()
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serve(files: dict[str, bytes]) -> Iterator[ListServer]:
    server = ListServer(files)
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
