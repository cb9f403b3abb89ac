"""Regenerate the bundled example workbook from docgen.workbook.example_data.

Run from the repository root: ``python -m tools.make_example``. A test checks that the shipped
workbook reads back to the same project as the data module.
"""

from __future__ import annotations

from docgen.files.paths import example_workbook
from docgen.workbook.example import example_content
from docgen.workbook.writer import write_workbook


def main() -> None:
    """Write src/docgen/data/廉政細工專案_範例.xlsx afresh."""
    target = example_workbook()
    target.unlink(missing_ok=True)
    write_workbook(target, example_content(), keyed=False)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
