"""Issue 13: speed of the everyday commands, whole process against the bare import.

Baseline: ``python -c "import docx, docxtpl, openpyxl"`` (the dependencies' own start-up),
timed in the same run, interleaved with the commands so that the machine's load falls on all
alike. Measured, each as a whole process with byte-compiled sources (as an install has):
``docgen --help`` and ``docgen build`` on the bundled example (medians of ``--repeat`` runs;
the build once with an empty compiled-template cache, then warm), and ``docgen build`` of
generated workbooks of 60, 600 and 2,000 cases (medians of ``--size-repeat`` runs, the sizes
interleaved): wall time, CPU time (user +
system, steadier than wall time on a shared machine) and peak resident memory of the process,
as GNU time (``/usr/bin/time``) reports them.

Usage: ``python benchmarks/bench_speed.py [--repeat N] [--source SRC]...``; each ``--source``
is a ``src`` folder to measure (default: this checkout's), e.g. an exported older commit's.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench_draft import big_workbook
from timing import PYTHON

ROOT = Path(__file__).resolve().parent.parent
BASELINE = [PYTHON, "-c", "import docx, docxtpl, openpyxl"]
GNU_TIME = "/usr/bin/time"
SIZES = (60, 600, 2000)
EPOCH = "1700000000"


@dataclass(frozen=True)
class Run:
    """One finished process: wall and CPU seconds, peak resident memory in MB."""

    wall: float
    cpu: float
    peak_mb: float


def run(argv: list[str], env: dict[str, str], cwd: Path) -> Run:
    """Run ``argv`` to completion under ``/usr/bin/time``; return its wall, CPU and peak memory.

    GNU time reports the process's own peak: a child's resource usage read by this (large)
    benchmark process would start from this process's size at the fork.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        timed = [GNU_TIME, "-f", "%e %U %S %M", "-o", report.name, *argv]
        done = subprocess.run(timed, env=env, cwd=cwd, capture_output=True, check=False)
        if done.returncode not in (0, 1):  # 1: built, with warnings (the example's own names)
            raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr[-500:]!r}")
        wall, user, system, peak_kb = report.read().split()[-4:]
    return Run(float(wall), float(user) + float(system), int(peak_kb) / 1024)


def median(runs: list[Run]) -> Run:
    """Return the run of median wall time, CPU time and peak memory (each on its own)."""
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        statistics.median(r.peak_mb for r in runs),
    )


def environment(source: Path, cache: Path) -> dict[str, str]:
    """Return the environment running docgen from ``source`` with its own template cache."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(source), SOURCE_DATE_EPOCH=EPOCH, DOCGEN_CACHE_DIR=str(cache))
    return env


def docgen(*args: str) -> list[str]:
    """Return the command line running ``docgen ARGS``."""
    return [PYTHON, "-m", "docgen", *args]


def example_rows(source: Path, scratch: Path, repeat: int) -> list[tuple[str, Run]]:
    """Return the baseline, ``--help`` and the example's build (cold and warm cache)."""
    cache = scratch / f"cache-{abs(hash(source))}"
    env = environment(source, cache)
    cold = run(docgen("build", "-o", str(scratch / "cold")), env, scratch)
    runs: dict[str, list[Run]] = {"import": [], "help": [], "build": []}
    for _ in range(repeat):
        runs["import"].append(run(BASELINE, env, scratch))
        runs["help"].append(run(docgen("--help"), env, scratch))
        runs["build"].append(run(docgen("build", "-o", str(scratch / "out")), env, scratch))
    return [
        ("import docx, docxtpl, openpyxl", median(runs["import"])),
        ("docgen --help", median(runs["help"])),
        ("docgen build (example), empty template cache, 1 run", cold),
        ("docgen build (example)", median(runs["build"])),
    ]


def size_rows(
    source: Path, scratch: Path, workbooks: dict[int, Path], repeat: int
) -> list[tuple[int, Run]]:
    """Return the median of ``repeat`` builds of each generated workbook, sizes interleaved."""
    env = environment(source, scratch / f"cache-{abs(hash(source))}")
    runs: dict[int, list[Run]] = {cases: [] for cases in workbooks}
    for _ in range(repeat):
        for cases, path in workbooks.items():
            out = scratch / f"out{cases}"
            runs[cases].append(run(docgen("build", "-i", str(path), "-o", str(out)), env, scratch))
    return [(cases, median(found)) for cases, found in runs.items()]


def print_example(source: Path, rows: list[tuple[str, Run]]) -> None:
    """Print the example's table: seconds and ratios to the bare import."""
    base = rows[0][1]
    print(f"\nsource: {source}")
    print("| command | wall s | × import | CPU s | × import | peak MB |")
    print("|---|---|---|---|---|---|")
    for label, r in rows:
        print(
            f"| {label} | {r.wall:.3f} | {r.wall / base.wall:.2f} | {r.cpu:.3f} | "
            f"{r.cpu / base.cpu:.2f} | {r.peak_mb:.0f} |"
        )


def print_sizes(rows: list[tuple[int, Run]]) -> None:
    """Print the generated workbooks' table and the 2,000 ÷ 600 ratios."""
    print("| cases | wall s | CPU s | peak MB | MB per case |")
    print("|---|---|---|---|---|")
    for cases, r in rows:
        per_case = r.peak_mb / cases
        print(f"| {cases:,} | {r.wall:.2f} | {r.cpu:.2f} | {r.peak_mb:.0f} | {per_case:.2f} |")
    found = dict(rows)
    if 600 in found and 2000 in found:
        big, small = found[2000], found[600]
        print(
            f"2,000 ÷ 600 cases: wall {big.wall / small.wall:.2f}×, CPU {big.cpu / small.cpu:.2f}×"
            " (linear would be 3.33×)"
        )


def main() -> None:
    """Measure every ``--source`` and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--source", type=Path, action="append")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--size-repeat", type=int, default=3)
    options = parser.parse_args()
    sources = options.source or [ROOT / "src"]
    with tempfile.TemporaryDirectory(prefix="docgen-speed-") as folder:
        scratch = Path(folder)
        workbooks = {n: big_workbook(scratch / f"{n}.xlsx", n) for n in options.sizes}
        for source in sources:
            compileall.compile_dir(str(source), quiet=1)
        for source in sources:
            print_example(source, example_rows(source, scratch, options.repeat))
            print_sizes(size_rows(source, scratch, workbooks, options.size_repeat))


if __name__ == "__main__":
    main()
