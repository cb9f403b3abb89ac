"""What a workbook holds as docgen writes it: rows of values by header, and each cell's value.

Kept apart from :mod:`.writer` (which needs openpyxl) so that reading a workbook, which
compares cells with the blank workbook's example rows, never imports openpyxl.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time

from docgen.model.dates import roc_short
from docgen.workbook import schema

Content = Mapping[str, Sequence[object]]
NO_CONTENT: Content = {}


def example_row(row: object) -> dict[str, object]:
    """Return an example row with its first cell starting with 「範例：」."""
    assert isinstance(row, Mapping)
    first = next(iter(row))
    return {**row, first: f"{schema.EXAMPLE_MARK}{row[first]}"}


def cell_value(value: object) -> object:
    """Return what to put in a cell: dates as ROC text the way staff type them."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return roc_short(value, "/")
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return value
