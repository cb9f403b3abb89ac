"""Filling a 修正意見表 the way a unit does in Word: pick a type, type a proposal, add a measure."""

from __future__ import annotations

from docx.oxml.ns import qn

HEADERS = ["措施編號", "現行內容", "意見類型", "建議內容", "理由"]
NEW_HEADERS = ["新增措施內容", "對應風險", "權責單位", "協辦單位", "完成期限", "理由"]


def opinion_tables(document) -> list:
    """Return the form's tables of drafted measures, in case order."""
    return [t for t in document.tables if [c.text for c in t.rows[0].cells] == HEADERS]


def new_measure_tables(document) -> list:
    """Return the form's 新增措施 tables, in case order."""
    return [t for t in document.tables if [c.text for c in t.rows[0].cells] == NEW_HEADERS]


def measure_row(document, measure_id: str):
    """Return the row of ``measure_id`` in whichever case table lists it."""
    for table in opinion_tables(document):
        for row in table.rows[1:]:
            if row.cells[0].text.strip() == measure_id:
                return row
    raise LookupError(measure_id)


def choose(cell, word: str) -> None:
    """Pick ``word`` in the cell's drop-down by replacing its text, as Word does."""
    texts = list(cell._tc.iter(qn("w:t")))
    texts[0].text = word
    for extra in texts[1:]:
        extra.text = ""


def write(cell, *paragraphs: str) -> None:
    """Type ``paragraphs`` into ``cell``, one paragraph each."""
    cell.text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def fill_row(row, *values: str) -> None:
    """Type one value into each cell of ``row``."""
    for cell, value in zip(row.cells, values, strict=True):
        cell.text = value
