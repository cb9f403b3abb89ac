"""WordprocessingML written as text: paragraphs, tables, fields and bookmarks in named styles.

The 彙編 of thousands of cases is written as strings, never as an element tree: each function
returns the XML of one piece, its text escaped, characters XML cannot hold dropped. Every look
comes from a style of ``templates/compile.docx``; the only direct formatting is what a table
needs (column widths, borders, cell shading), as in the other templates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
BORDER = '<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
BORDERS = "".join(
    BORDER.format(edge=edge) for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
)
CELL_MARGIN = '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'


def text(value: str) -> str:
    """Return ``value`` escaped for element content, without characters XML cannot hold."""
    value = _NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(value: str) -> str:
    """Return ``value`` escaped for a double-quoted attribute."""
    return text(value).replace('"', "&quot;")


@functools.cache
def twips(cm: float) -> int:
    """Return ``cm`` centimetres in twentieths of a point."""
    return round(cm * 360000 / 635)


def run(value: str) -> str:
    """Return a run of ``value``; a line break in it becomes a w:br."""
    if "\n" not in value:
        return f'<w:r><w:t xml:space="preserve">{text(value)}</w:t></w:r>'
    lines = [f'<w:t xml:space="preserve">{text(line)}</w:t>' for line in value.split("\n")]
    return f"<w:r>{'<w:br/>'.join(lines)}</w:r>"


def bookmarked(content: str, name: str, number: int) -> str:
    """Return ``content`` (runs) inside the bookmark ``name`` with id ``number``."""
    return (
        f'<w:bookmarkStart w:id="{number}" w:name="{attribute(name)}"/>{content}'
        f'<w:bookmarkEnd w:id="{number}"/>'
    )


def paragraph(content: str, style: str, raw: bool = False, new_page: bool = False) -> str:
    """Return a paragraph in ``style`` holding ``content``: text, or runs when ``raw``.

    ``new_page`` starts it on a new page.
    """
    body = content if raw else (run(content) if content else "")
    start = "<w:pageBreakBefore/>" if new_page else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{start}</w:pPr>{body}</w:p>'


def paragraphs(value: str, style: str, empty: str = "無") -> str:
    """Return one paragraph in ``style`` per non-blank line of ``value`` (``empty`` if none)."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.strip() for line in lines if line.strip()] or [empty]
    if len(lines) == 1:
        return paragraph(lines[0], style)
    return "".join(paragraph(line, style) for line in lines)


def field(instruction: str, cached: str = "") -> str:
    """Return the runs of a complex field: ``instruction`` and its ``cached`` result."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {text(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(cached) if cached else ''}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def page_reference(bookmark: str) -> str:
    """Return a PAGEREF field showing the page of ``bookmark``."""
    return field(f"PAGEREF {bookmark} \\h", "–")


@dataclass(frozen=True)
class Cell:
    """One table cell: its text (or raw runs), style, shading and how many columns it spans."""

    content: str
    style: str
    fill: str | None = None
    span: int = 1
    raw: bool = False


def table_start(widths_cm: Sequence[float]) -> str:
    """Return the start of a bordered, fixed-width, centred table with these columns."""
    grid = "".join(f'<w:gridCol w:w="{twips(width)}"/>' for width in widths_cm)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(twips(width) for width in widths_cm)}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblBorders>{BORDERS}</w:tblBorders>'
        f'<w:tblLayout w:type="fixed"/>{CELL_MARGIN}</w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"'
        ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    )


TABLE_END = "</w:tbl>"
ROW_START = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"


def row(cells: Iterable[Cell], widths_cm: Sequence[float], header: bool = False) -> str:
    """Return a table row that never splits across pages (repeated on each page if ``header``)."""
    parts = ["<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else ROW_START]
    column = 0
    for cell in cells:
        width = twips(sum(widths_cm[column : column + cell.span]))
        column += cell.span
        span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
        shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.fill}"/>' if cell.fill else ""
        if cell.raw:
            content = paragraph(cell.content, cell.style, raw=True)
        else:
            content = paragraphs(cell.content, cell.style, empty="")
        parts.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{shading}'
            f'<w:vAlign w:val="center"/></w:tcPr>{content}</w:tc>'
        )
    parts.append("</w:tr>")
    return "".join(parts)


def header_row(titles: Sequence[str], widths_cm: Sequence[float], style: str, fill: str) -> str:
    """Return the shaded heading row of a table, repeated on every page."""
    return row((Cell(title, style, fill) for title in titles), widths_cm, header=True)


@functools.cache
def table_head(columns: tuple[tuple[str, float], ...], style: str, fill: str) -> str:
    """Return the start of a table of ``columns`` (title, width) with its heading row."""
    widths = [width for _, width in columns]
    return table_start(widths) + header_row([title for title, _ in columns], widths, style, fill)


def page_break() -> str:
    """Return an empty paragraph holding a page break."""
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
