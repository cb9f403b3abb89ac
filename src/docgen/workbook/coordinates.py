"""Spreadsheet cell names: column letters (A, B, …, XFD) and references such as ``B12``.

Small and dependency-free, so that reading a workbook never has to import openpyxl (whose
import alone costs a quarter of a second).
"""

from __future__ import annotations

import functools
import re

MAX_COLUMN = 18278  # ZZZ, the last three-letter column
_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@functools.lru_cache(maxsize=4096)
def column_letter(index: int) -> str:
    """Return the letters of column ``index`` (1 → A, 27 → AA); refuse 0 and beyond ZZZ."""
    if not 1 <= index <= MAX_COLUMN:
        raise ValueError(f"invalid column index {index}")
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@functools.lru_cache(maxsize=4096)
def column_index(letters: str) -> int:
    """Return the index of column ``letters`` (A → 1, case ignored); refuse anything else."""
    if not 1 <= len(letters) <= 3 or not letters.isascii() or not letters.isalpha():
        raise ValueError(f"invalid column letters {letters!r}")
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def split_reference(reference: str) -> tuple[str, int]:
    """Return ``B12`` as (``"B"``, 12), the letters upper-cased; refuse anything else."""
    match = _REFERENCE.match(reference)
    if match is None or int(match.group(2)) == 0:
        raise ValueError(f"invalid cell reference {reference!r}")
    return match.group(1).upper(), int(match.group(2))
