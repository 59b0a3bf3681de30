"""What machine and when: every benchmark report starts with this, since numbers mean nothing
without it."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "unknown"


def engine_build() -> str:
    """Whether the screening engine runs compiled (mypyc, see setup.py) or as Python source:
    the same code is about 1.5 times as fast compiled."""
    from watchkeeper.scoring import alignment

    if str(alignment.__file__).endswith(".py"):
        return "Python source (not compiled)"
    return "compiled with mypyc"


def describe_machine() -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"- Date: {now}\n"
        f"- Machine: {_cpu_model()}, {os.cpu_count()} cores, {_memory_gib()} RAM, "
        f"{platform.system()} {platform.release()}\n"
        f"- Python {platform.python_version()}; screening engine {engine_build()}"
    )
