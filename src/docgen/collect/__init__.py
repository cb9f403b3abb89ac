"""Read returned 修正意見表 back into the workbook's 修正意見 sheet (``docgen collect``).

``collect_forms(workbook, sources)`` reads every form among ``sources`` (files or folders),
turns its rows into opinions, appends the new ones to the workbook and returns a
:class:`CollectReport`: problems naming each file, what was skipped, and a per-unit table.
The modules: :mod:`.reader` (safe .docx reading), :mod:`.convert` (.odt through LibreOffice),
:mod:`.identity` and :mod:`.embed` (the hidden identity), :mod:`.opinions` (rows to opinions),
:mod:`.writeback` (the surgical edit of the workbook), :mod:`.collector` (the whole run).
"""

from __future__ import annotations

from pathlib import Path

from docgen.collect.report import CollectReport, UnitLine


def collect_forms(workbook: Path, sources: list[Path]) -> CollectReport:
    """Collect the forms in ``sources`` into ``workbook``; return what happened.

    Raise :class:`~docgen.problems.InputError` when the workbook cannot be used (open in
    Excel, invalid); a file that cannot be read is skipped and named in the report instead.
    """
    from docgen.collect.collector import collect

    return collect(workbook, sources)


__all__ = ["CollectReport", "UnitLine", "collect_forms"]
