"""Issue 2: whole-process `docgen check` and `docgen build` on the bundled example.

Baseline: the bare import of docgen's dependencies (openpyxl, docx, docxtpl, jinja2) in a fresh
interpreter, i.e. the least any Python tool using them must pay.
"""

from __future__ import annotations

import tempfile

from docgen.files.paths import example_workbook
from timing import PYTHON, print_table, time_process


def main() -> None:
    """Print the timings and ratios."""
    example = str(example_workbook())
    imports = [PYTHON, "-c", "import openpyxl, docx, docxtpl, jinja2"]
    baseline = ("import openpyxl, docx, docxtpl, jinja2", time_process(imports))
    rows = [
        ("python -c pass", time_process([PYTHON, "-c", "pass"])),
        ("docgen --help", time_process([PYTHON, "-m", "docgen", "--help"])),
        ("docgen check (example)", time_process([PYTHON, "-m", "docgen", "check", "-i", example])),
    ]
    with tempfile.TemporaryDirectory() as out:
        build = [PYTHON, "-m", "docgen", "build", "-i", example, "-o", out]
        rows.append(("docgen build (example)", time_process(build)))
    print_table("docgen check / build, whole process (median of 3)", baseline, rows)


if __name__ == "__main__":
    main()
