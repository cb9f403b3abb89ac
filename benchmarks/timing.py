"""Shared helpers for the benchmark scripts: time whole processes, print ratio tables."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

PYTHON = sys.executable


def time_process(argv: Sequence[str], repeat: int = 3) -> float:
    """Return the median wall time in seconds of running ``argv`` to completion."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(list(argv), check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_call(function: object, repeat: int = 3) -> float:
    """Return the median wall time in seconds of calling ``function()``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def print_table(title: str, baseline: tuple[str, float], rows: list[tuple[str, float]]) -> None:
    """Print each row's seconds and its ratio to the baseline."""
    name, base = baseline
    print(f"\n{title}")
    print(f"  baseline: {name}: {base:.3f} s")
    for label, seconds in rows:
        print(f"  {label}: {seconds:.3f} s  ({seconds / base:.2f}× baseline)")
