"""Issue 8: start-up cost of the reshaped package against the layout before it.

Baseline: the same commands run from a checkout of ``BEFORE`` (the last commit with the flat
layout, put in a temporary git worktree), interleaved with runs of this checkout so that the
machine's load falls on both alike. Byte-compiled sources on both sides, as an install has.
Usage: ``python benchmarks/bench_layout.py [REV]``.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import PYTHON

BEFORE = "9e7497b"
ROOT = Path(__file__).resolve().parent.parent
ENTRY = {"before": "from docgen.cli import main", "after": "from docgen.cli.main import main"}


def once(source: Path, entry: str, args: list[str], cwd: Path) -> float:
    """Return the wall time of one ``docgen ARGS`` run from ``source``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(source)
    code = f"import sys; sys.argv = ['docgen', *sys.argv[1:]]; {entry}; main()"
    start = time.perf_counter()
    subprocess.run([PYTHON, "-c", code, *args], env=env, capture_output=True, cwd=cwd, check=True)
    return time.perf_counter() - start


def main(before: str) -> None:
    """Print before/after medians and their ratio for ``--help`` and ``build``."""
    with tempfile.TemporaryDirectory(prefix="docgen-layout-") as scratch:
        old = Path(scratch) / "before"
        subprocess.run(["git", "worktree", "add", "-q", str(old), before], cwd=ROOT, check=True)
        try:
            sources = {"before": old / "src", "after": ROOT / "src"}
            for source in sources.values():
                compileall.compile_dir(str(source), quiet=1)
            for label, args, repeat in (
                ("docgen --help", ["--help"], 40),
                ("docgen build (example)", ["build", "-o", "out"], 12),
            ):
                times: dict[str, list[float]] = {side: [] for side in sources}
                for _ in range(repeat):
                    for side, source in sources.items():
                        times[side].append(once(source, ENTRY[side], args, Path(scratch)))
                a, b = (statistics.median(times[side]) for side in sources)
                print(
                    f"{label}: before {a:.3f} s, after {b:.3f} s, {b / a:.2f}× (median of {repeat})"
                )
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else BEFORE)
