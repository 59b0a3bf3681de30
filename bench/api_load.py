"""Load test of ``POST /match`` over loopback: sustained requests/s and latency percentiles.

    python bench/api_load.py [--data DIR | --home WATCHKEEPER_HOME] [--seconds 10]
                             [--clients 4] [--workers 1] [--batch 1 --batch 20]

Loads every reference list into a temporary store (or uses ``--home``), starts
``watchkeeper serve`` on 127.0.0.1 in its own process, and drives it from ``--clients``
threads, each with a bare keep-alive connection, for ``--seconds`` per batch size after a short
warm-up. Queries are the screening benchmark's mix (unlisted names, damaged listed names,
original-script names), so the numbers compare with the in-process ones. Bounded: each run
stops at ``--seconds`` or ``--max-requests``, whichever comes first, and only talks to
loopback.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from watchkeeper.benchmarks.machine import describe_machine
from watchkeeper.benchmarks.screening import NEGATIVES, negative_names, percentile, query_set
from watchkeeper.config import Settings
from watchkeeper.model import Entity
from watchkeeper.reference import reference_lists, require_shared_data
from watchkeeper.store import Store
from watchkeeper.update import store_parsed

QUERY_NAMES = 10_000
WARMUP_S = 2.0
READY_TIMEOUT_S = 180.0


@dataclass(frozen=True)
class Run:
    """One load run: how many requests, in how long, and their latencies."""

    batch: int
    clients: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    server_cpu_s: float
    """CPU time the server processes used during the run (user + system)."""

    @property
    def requests_per_s(self) -> float:
        return len(self.latencies_ms) / self.seconds

    def row(self) -> str:
        lat = self.latencies_ms
        cpu_ms = self.server_cpu_s * 1000 / max(len(lat), 1)
        return (
            f"| {self.batch} | {self.clients} | {len(lat):,} | {self.requests_per_s:,.0f} | "
            f"{self.requests_per_s * self.batch:,.0f} | {percentile(lat, 50):.1f} | "
            f"{percentile(lat, 90):.1f} | {percentile(lat, 99):.1f} | {max(lat):.1f} | "
            f"{self.errors} | {cpu_ms:.2f} | {1000 / cpu_ms:,.0f} |"
        )


def load_home(data: Path, home: Path) -> list[Entity]:
    """Store every reference list in ``home``; the entities, for building queries."""
    settings = Settings(home=home)
    lists = reference_lists(data)
    with Store.open(settings.database) as store:
        for parsed in lists:
            store_parsed(store, parsed, settings, force=True)
    return [entity for parsed in lists for entity in parsed.entities]


def process_tree_cpu_s(root: int) -> float:
    """User + system CPU seconds of process ``root`` and its descendants (Linux ``/proc``).

    On a shared machine wall-clock rates depend on the neighbours; the CPU time the server
    spends per request does much less, and says what one core could sustain.
    """
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(cpu.get(pid, 0.0) for pid in tree)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def server(home: Path, workers: int) -> Iterator[tuple[str, float, int]]:
    """``watchkeeper serve`` in its own process; yields its URL, seconds until ready, pid."""
    port = free_port()
    command = [sys.executable, "-c", "from watchkeeper.cli.main import main; main()"]
    command += ["serve", "--port", str(port), "--workers", str(workers)]
    env = {**os.environ, "WATCHKEEPER_HOME": str(home)}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        ready_in_a_row = 0
        # Each worker builds its own index: only many fresh connections in a row, answered
        # by whichever worker accepts them, show that all of them are ready.
        while ready_in_a_row < 10 * workers:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            if time.perf_counter() - started > READY_TIMEOUT_S:
                raise RuntimeError("the server did not become ready in time")
            try:
                ready = httpx.get(f"{url}/readyz", headers={"Connection": "close"}).is_success
            except httpx.TransportError:
                ready = False
            ready_in_a_row = ready_in_a_row + 1 if ready else 0
            if not ready:
                time.sleep(0.2)
        yield url, time.perf_counter() - started, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def encoded_requests(names: Sequence[str], batch: int) -> list[bytes]:
    """Complete HTTP/1.1 requests of ``batch`` Person queries each, covering ``names``."""
    requests = []
    for start in range(0, len(names) - batch + 1, batch):
        queries = {
            f"q{i}": {"schema": "Person", "properties": {"name": [name]}}
            for i, name in enumerate(names[start : start + batch])
        }
        body = json.dumps({"queries": queries}).encode()
        head = (
            "POST /match/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        requests.append(head.encode() + body)
    return requests


class Connection:
    """A bare keep-alive HTTP/1.1 connection: the client must cost far less than the server.

    A full client library spends more CPU per request than the server does on a small
    request, which on a shared 2-core machine would measure the client; this one sends
    pre-encoded bytes and reads just the status line and ``Content-Length``.
    """

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def close(self) -> None:
        self.sock.close()

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk

    def request(self, raw: bytes) -> int:
        """Send one request; the response's status code once its body is read."""
        self.sock.sendall(raw)
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length = next(
            int(line.split(b":", 1)[1])
            for line in lines[1:]
            if line.lower().startswith(b"content-length:")
        )
        while len(self.buffer) < length:
            self._fill()
        self.buffer = self.buffer[length:]
        return status


def drive(
    server_pid: int,
    port: int,
    requests: Sequence[bytes],
    batch: int,
    clients: int,
    seconds: float,
    cap: int,
) -> Run:
    """Send ``requests`` round-robin from ``clients`` threads until time or count runs out."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    sent = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client_loop(index: int) -> None:
        connection = Connection(port)
        position = index * 997
        try:
            while time.perf_counter() < deadline:
                with lock:
                    if sent[0] >= cap:
                        return
                    sent[0] += 1
                raw = requests[position % len(requests)]
                position += 1
                started = time.perf_counter()
                status = connection.request(raw)
                latencies[index].append((time.perf_counter() - started) * 1000)
                errors[index] += status != 200
        finally:
            connection.close()

    cpu_before = process_tree_cpu_s(server_pid)
    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = process_tree_cpu_s(server_pid) - cpu_before
    merged = [value for values in latencies for value in values]
    return Run(batch, clients, elapsed, merged, sum(errors), cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="reference data folder")
    parser.add_argument("--home", type=Path, default=None, help="serve this store instead")
    parser.add_argument("--seconds", type=float, default=10.0, help="per batch size")
    parser.add_argument("--max-requests", type=int, default=50_000, help="per batch size")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--batch", type=int, action="append", help="queries per request")
    args = parser.parse_args()
    data = require_shared_data(args.data)
    batches = args.batch or [1, 20]
    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or Path(scratch)
        entities = (
            [e for parsed in reference_lists(data) for e in parsed.entities]
            if args.home
            else load_home(data, home)
        )
        negatives = negative_names(data / NEGATIVES, QUERY_NAMES)
        names = [q.query.name for q in query_set(entities, negatives, QUERY_NAMES)]
        with server(home, args.workers) as (url, ready_s, pid):
            runs = []
            for batch in batches:
                requests = encoded_requests(names, batch)
                port = int(url.rsplit(":", 1)[1])
                drive(pid, port, requests[::-1], batch, args.clients, WARMUP_S, args.max_requests)
                runs.append(
                    drive(pid, port, requests, batch, args.clients, args.seconds, args.max_requests)
                )
    print("## HTTP API load (`bench/api_load.py`)\n")
    print(describe_machine())
    print(
        f"- {len(entities):,} entities; server: `watchkeeper serve --workers {args.workers}` "
        f"(ready after {ready_s:.1f} s); {args.seconds:g} s per row after {WARMUP_S:g} s "
        f"warm-up; client threads on the same machine"
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"- Load average after the runs (1, 5, 15 min): {load} on {os.cpu_count()} cores; "
        "requests/s per core = 1000 / server CPU ms per request\n"
    )
    print(
        "| queries/request | clients | requests | requests/s | names/s | p50 ms | p90 ms "
        "| p99 ms | max ms | errors | server CPU ms/request | requests/s per core |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for run in runs:
        print(run.row())


if __name__ == "__main__":
    main()
