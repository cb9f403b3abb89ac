"""Issue 11: every Word document of a build to PDF in ONE LibreOffice, against one per file.

Documents: ``docgen build`` plus ``docgen forms --force`` into a temporary folder, for the
bundled example and for a 60-case workbook (``bench_draft.big_workbook``). Baseline: one
``soffice --convert-to pdf`` process per file, one after another, sharing one profile (so only
the first pays LibreOffice's first start). Measured: docgen's batch,
``docgen.office.batch.convert_all(files, ["pdf"])`` in a fresh Python process, and the same
with ODT too. Whole processes, one run each; the ratio is baseline ÷ batch.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_draft import big_workbook
from docgen.files.paths import example_workbook
from docgen.office.soffice import environment, find_soffice
from timing import PYTHON

CASES = 60


def documents(workbook: Path, folder: Path) -> list[Path]:
    """Build every document of ``workbook`` into ``folder``; Return the .docx files."""
    for command in (["build"], ["forms", "--force"]):
        subprocess.run(
            [PYTHON, "-m", "docgen", *command, "-i", str(workbook), "-o", str(folder)],
            check=True,
            capture_output=True,
        )
    return sorted(folder.rglob("*.docx"))


def timed(argv: Sequence[str]) -> float:
    """Return the wall time in seconds of running ``argv`` to completion, once."""
    start = time.perf_counter()
    subprocess.run(list(argv), check=True, capture_output=True, env=environment())
    return time.perf_counter() - start


def one_per_file(files: list[Path], work: Path) -> float:
    """Return the seconds of one ``soffice --convert-to pdf`` process per file."""
    soffice = str(find_soffice())
    profile = (work / "baseline-profile").as_uri()
    start = time.perf_counter()
    for path in files:
        timed(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "baseline"),
                str(path),
            ]
        )
    return time.perf_counter() - start


def batch(files: list[Path], formats: list[str]) -> float:
    """Return the seconds of docgen's batch conversion, a whole Python process."""
    script = (
        "import sys; from pathlib import Path; from docgen.office.batch import convert_all; "
        "convert_all([Path(p) for p in sys.argv[2:]], sys.argv[1].split(','))"
    )
    return timed([PYTHON, "-c", script, ",".join(formats), *map(str, files)])


def measure(label: str, workbook: Path) -> None:
    """Print the figures for the documents of ``workbook``."""
    with tempfile.TemporaryDirectory(prefix="bench-office-") as work:
        files = documents(workbook, Path(work) / "out")
        pages = len(files)
        baseline = one_per_file(files, Path(work))
        pdf = batch(files, ["pdf"])
        both = batch(files, ["pdf", "odt"])
    print(f"\n{label}: {pages} Word documents")
    print(f"  baseline, one soffice --convert-to pdf per file: {baseline:.2f} s")
    print(f"  docgen batch, PDF: {pdf:.2f} s ({baseline / pdf:.2f}× faster)")
    print(f"  docgen batch, PDF and ODT: {both:.2f} s ({baseline / both:.2f}× faster)")


def main() -> None:
    """Measure the example, then a 60-case workbook."""
    measure("example", example_workbook())
    with tempfile.TemporaryDirectory(prefix="bench-office-wb-") as folder:
        workbook = big_workbook(Path(folder) / "big.xlsx", CASES)
        measure(f"{CASES}-case workbook", workbook)


if __name__ == "__main__":
    sys.exit(main())
