"""Read an ODF spreadsheet (.ods, saved by LibreOffice Calc) into the same raw rows as an .xlsx.

One bounded, streaming pass over ``content.xml`` (lxml, no entities, no network) reads the
cells. python-calamine was tried and left out: its 0.6.1 ODS reader puts the cells of a sheet
whose data does not start in column A in the wrong columns and rows, drops line breaks and tabs
inside a cell, reads Calc's booleans as 1.0 and error results as empty, and aborts the whole
process (no exception) when a tiny file repeats one value over millions of cells.

* safety first: the package is read with capped inflation (a zip bomb, a password-protected
  (encrypted) file, a DOCTYPE, too many entries are refused with a message naming the file),
  repeats are counted, never expanded, and a used area beyond :data:`MAX_AREA` cells is
  refused before any grid is made; a cell whose text would pass :data:`MAX_CELL_TEXT`
  characters (``<text:s text:c="2000000000"/>``) is refused naming the cell, before the text is
  made; merged ranges are cut to the sheet's size and filled only where values are;
* the cells as openpyxl gives them: whole numbers as ``int``, dates as ``datetime``,
  booleans (Calc stores them as 1/0 numbers) as ``bool``, durations (``[HH]:MM``) as
  ``timedelta``, error results as their text (``#DIV/0!``), a formula without a result as
  :data:`~docgen.workbook.reader.UNCACHED_FORMULA`, line breaks and tabs inside a paragraph
  kept, merged ranges filled as in an .xlsx;
* text as typed: an ODF cell holds no Excel ``_xHHHH_`` escapes, so its literal ``_x0041_`` is
  escaped here for :func:`~docgen.workbook.values.clean_text` to give back exactly.

:func:`form_key_material` reads the same key material as the .xlsx path (the ``docgen.form_key``
property, else the creation moment), so forms made from a workbook stay valid after it is saved
in the other format.
"""

from __future__ import annotations

import bisect
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from docgen.ooxml.zip import (
    ENCRYPTED_FLAG,
    MAX_ENTRIES,
    has_doctype,
    iterparse_untrusted,
    parse_xml,
    read_part,
)
from docgen.problems import InputError, Problems, RejectedFile
from docgen.workbook.coordinates import column_letter

if TYPE_CHECKING:
    from docgen.workbook.reader import RawSheet

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ODF_MIMETYPE_PREFIX = b"application/vnd.oasis.opendocument."
MAX_PART_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_AREA = 2_000_000  # cells held at once, summed over the sheets' used areas
MAX_CELL_TEXT = 32767  # characters an Excel cell holds: nothing longer is made from a cell
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384  # a sheet's size, in Calc as in Excel
READ_PARTS = ("content.xml", "styles.xml")

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_EXCEL_ESCAPE_START = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_DURATION = re.compile(
    r"^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$", re.IGNORECASE
)


def t(namespace: str, tag: str) -> str:
    """Return the Clark name ``{namespace}tag``."""
    return f"{{{namespace}}}{tag}"


# --- what the file is ---------------------------------------------------------------------------


def odf_mimetype(path: Path) -> bytes | None:
    """Return the ODF ``mimetype`` of the zip at ``path`` (None when it is not an ODF package)."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size > 200:
                return None
            data = archive.read(info).strip()
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None
    return data if data.startswith(ODF_MIMETYPE_PREFIX) else None


def is_ods(path: Path) -> bool:
    """Return True when ``path`` is an ODF spreadsheet, by its content (not its name)."""
    mimetype = odf_mimetype(path)
    if mimetype is not None:
        return mimetype.startswith(ODS_MIMETYPE)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return False
    return "content.xml" in names and "xl/workbook.xml" not in names


# --- reading the package safely -------------------------------------------------------------


def _checked_parts(path: Path) -> dict[str, bytes]:
    """Return the parts docgen reads, each inflated within its cap; raise InputError if unsafe."""
    where = str(path)
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except PermissionError:
        raise InputError("無法讀取工作簿（沒有讀取此檔案的權限）", where=where) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError(
            "檔案已損壞，無法以 .ods 開啟；請改用備份或在 LibreOffice Calc 重新存檔", where=where
        ) from None
    with archive:
        if len(infos) > MAX_ENTRIES:
            raise InputError(
                f"壓縮內容超過 {MAX_ENTRIES} 個項目，不像試算表，docgen 拒絕讀取", where=where
            )
        if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
            raise InputError("工作簿解壓縮後過大，docgen 拒絕讀取", where=where)
        if _encrypted(archive):
            raise InputError(
                "工作簿設有密碼保護（已加密），docgen 無法讀取；請在 LibreOffice Calc 以"
                "「檔案 > 另存新檔」取消勾選「以密碼儲存」後另存，再執行",
                where=where,
            )
        parts: dict[str, bytes] = {}
        try:
            for name in READ_PARTS:
                data = read_part(archive, name, MAX_PART_BYTES)
                if data is not None:
                    parts[name] = data
        except RejectedFile as error:
            raise InputError(
                f"{_reason(error)}；請在 LibreOffice Calc 重新存檔", where=where
            ) from None
    if "content.xml" not in parts:
        raise InputError("ODF 試算表缺少內容（content.xml），檔案可能已損壞", where=where)
    for name, data in parts.items():
        if name.endswith(".xml") and has_doctype(data):
            raise InputError(f"「{name}」含有 DOCTYPE 宣告（可能引用外部實體），已拒絕讀取", where)
    return parts


def _reason(error: RejectedFile) -> str:
    return "；".join(problem.message for problem in error.problems)


def _encrypted(archive: zipfile.ZipFile) -> bool:
    """Return True for zip-level encryption or ODF encryption (declared in the manifest)."""
    if any(info.flag_bits & ENCRYPTED_FLAG for info in archive.infolist()):
        return True
    try:
        manifest = read_part(archive, "META-INF/manifest.xml", 4 * 1024 * 1024)
    except RejectedFile:
        return False
    return manifest is not None and b"encryption-data" in manifest


_TABLE = t(TABLE, "table")
_ROW = t(TABLE, "table-row")
_CELL = t(TABLE, "table-cell")
_COVERED = t(TABLE, "covered-table-cell")
_COLUMN = t(TABLE, "table-column")
_AUTOMATIC_STYLES = t(OFFICE, "automatic-styles")
_COLUMNS_REPEATED = t(TABLE, "number-columns-repeated")
_ROWS_REPEATED = t(TABLE, "number-rows-repeated")
_COLUMNS_SPANNED = t(TABLE, "number-columns-spanned")
_ROWS_SPANNED = t(TABLE, "number-rows-spanned")
_STYLE_NAME = t(TABLE, "style-name")
_FORMULA = t(TABLE, "formula")
_VALUE_TYPE = t(OFFICE, "value-type")
_VALUE = t(OFFICE, "value")
_STRING_VALUE = t(OFFICE, "string-value")
_BOOLEAN_VALUE = t(OFFICE, "boolean-value")
_DATE_VALUE = t(OFFICE, "date-value")
_TIME_VALUE = t(OFFICE, "time-value")
_CALC_VALUE_TYPE = t(CALCEXT, "value-type")
_P = t(TEXT, "p")
_SPACE = t(TEXT, "s")
_TAB = t(TEXT, "tab")
_LINE_BREAK = t(TEXT, "line-break")
_SPACE_COUNT = t(TEXT, "c")
_ANNOTATION = t(OFFICE, "annotation")


# --- the pass over content.xml --------------------------------------------------------------


@dataclass
class _Block:
    """One cell element's value over the cells it repeats to (0-based, ends inclusive)."""

    rows: tuple[int, int]
    cols: tuple[int, int]
    value: object


@dataclass
class _SheetNotes:
    """What the pass found in one sheet: its state, used area, values and merged ranges."""

    name: str
    state: str = "visible"
    first: tuple[int, int] | None = None  # (row, col), 0-based
    last: tuple[int, int] | None = None
    blocks: list[_Block] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 1-based, as .xlsx

    def area(self) -> int:
        """Return how many cells the sheet's used area holds."""
        if self.first is None or self.last is None:
            return 0
        return (self.last[0] - self.first[0] + 1) * (self.last[1] - self.first[1] + 1)

    def include(self, rows: tuple[int, int], cols: tuple[int, int]) -> None:
        """Widen the used area to hold the block ``rows`` × ``cols``."""
        if self.first is None or self.last is None:
            self.first, self.last = (rows[0], cols[0]), (rows[1], cols[1])
            return
        self.first = (min(self.first[0], rows[0]), min(self.first[1], cols[0]))
        self.last = (max(self.last[0], rows[1]), max(self.last[1], cols[1]))


@dataclass
class _Styles:
    """Which cell styles show a boolean or a duration (``[HH]:MM``), which sheets are hidden."""

    cell_data: dict[str, str] = field(default_factory=dict)  # cell style -> data style
    kinds: dict[str, str] = field(default_factory=dict)  # data style -> "boolean"/"duration"
    hidden_tables: set[str] = field(default_factory=set)  # table styles with display="false"

    def add(self, root: etree._Element) -> None:
        """Record the data styles, cell styles and table styles declared under ``root``."""
        for element in root.iter(t(NUMBER, "boolean-style")):
            self.kinds[element.get(t(STYLE, "name"), "")] = "boolean"
        for element in root.iter(t(NUMBER, "time-style")):
            if element.get(t(NUMBER, "truncate-on-overflow")) == "false":
                self.kinds[element.get(t(STYLE, "name"), "")] = "duration"
        for element in root.iter(t(STYLE, "style")):
            name = element.get(t(STYLE, "name"), "")
            data_style = element.get(t(STYLE, "data-style-name"))
            if data_style:
                self.cell_data[name] = data_style
            for properties in element.iter(t(STYLE, "table-properties")):
                if properties.get(t(TABLE, "display")) == "false":
                    self.hidden_tables.add(name)

    def kind(self, cell_style: str | None) -> str:
        """Return "boolean", "duration" or "" for a cell of style ``cell_style``."""
        if not cell_style:
            return ""
        return self.kinds.get(self.cell_data.get(cell_style, ""), "")


def _int_attribute(element: etree._Element, name: str) -> int:
    value = element.get(name)
    if value is None:
        return 1
    try:
        return max(1, int(value))
    except ValueError:
        return 1


class _Pass:
    """Walks content.xml once, counting repeats arithmetically, never cell by cell."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.sheets: list[_SheetNotes] = []
        self.sheet: _SheetNotes | None = None
        self.depth = 0  # tables open (a table inside a cell is not a sheet)
        self.row = 0
        self.row_repeat = 1
        self.col = 0
        self.column_styles: list[tuple[int, int, str]] = []  # (first, last, default style)
        self.column_count = 0

    def run(self, data: bytes) -> list[_SheetNotes]:
        """Return the notes of every sheet of ``data`` (content.xml)."""
        events = iterparse_untrusted(
            data,
            ("start", "end"),
            (_TABLE, _ROW, _CELL, _COVERED, _COLUMN, _AUTOMATIC_STYLES),
        )
        for event, element in events:
            tag = element.tag
            if event == "start":
                self._start(tag, element)
            elif tag == _TABLE:
                self.depth -= 1
            elif tag == _AUTOMATIC_STYLES:
                self.styles.add(element)
            elif self.depth != 1:
                continue
            elif tag in (_CELL, _COVERED):
                self._cell(element)
                element.clear()
            elif tag == _ROW:
                self.row += self.row_repeat
                _drop(element)
        return self.sheets

    def _start(self, tag: str, element: etree._Element) -> None:
        if tag == _TABLE:
            self.depth += 1
            if self.depth == 1:
                self._open_sheet(element)
        elif self.depth != 1:
            return
        elif tag == _COLUMN:
            repeat = _int_attribute(element, _COLUMNS_REPEATED)
            style = element.get(t(TABLE, "default-cell-style-name"), "")
            if style:
                self.column_styles.append(
                    (self.column_count, self.column_count + repeat - 1, style)
                )
            self.column_count += repeat
        elif tag == _ROW:
            self.row_repeat = _int_attribute(element, _ROWS_REPEATED)
            self.col = 0

    def _open_sheet(self, element: etree._Element) -> None:
        style = element.get(_STYLE_NAME, "")
        state = "hidden" if style in self.styles.hidden_tables else "visible"
        self.sheet = _SheetNotes(element.get(t(TABLE, "name"), ""), state)
        self.sheets.append(self.sheet)
        self.row, self.column_styles, self.column_count = 0, [], 0

    def _style_kind(self, element: etree._Element, col: int) -> str:
        """Return what the cell's data style shows: "boolean", "duration" or ""."""
        style = element.get(_STYLE_NAME) or next(
            (s for first, last, s in self.column_styles if first <= col <= last), ""
        )
        return self.styles.kind(style)

    def _cell(self, element: etree._Element) -> None:
        repeat = _int_attribute(element, _COLUMNS_REPEATED)
        first_col = self.col
        self.col += repeat
        if self.sheet is None or element.tag == _COVERED:
            return
        try:
            value = _value(element, lambda: self._style_kind(element, first_col))
        except _TooLong:
            raise CellTooLong(self.sheet.name, _cell_name(self.row, first_col)) from None
        if value is None:
            return
        rows = (self.row, self.row + self.row_repeat - 1)
        cols = (first_col, first_col + repeat - 1)
        self.sheet.include(rows, cols)
        self.sheet.blocks.append(_Block(rows, cols, value))
        spanned = (  # cut to the sheet: a merge never reaches past its last row or column
            min(_int_attribute(element, _COLUMNS_SPANNED), max(1, MAX_COLUMNS - first_col)),
            min(_int_attribute(element, _ROWS_SPANNED), max(1, MAX_ROWS - self.row)),
        )
        if spanned != (1, 1):
            # its columns count in the used area: the grid stores them (blank) on every row
            self.sheet.include(rows, (first_col, first_col + spanned[0] - 1))
            self.sheet.merges.append(
                (first_col + 1, self.row + 1, first_col + spanned[0], self.row + spanned[1])
            )


def _drop(row: etree._Element) -> None:
    """Free a row read to the end, and the rows before it (the memory stays one row's)."""
    row.clear()
    parent = row.getparent()
    while parent is not None and row.getprevious() is not None:
        del parent[0]


def _value(element: etree._Element, style_kind: Callable[[], str]) -> object:
    """Return a cell's value as openpyxl gives the same cell of an .xlsx (None when empty).

    ``style_kind`` tells, when asked, whether the cell's style shows a boolean or a duration.
    """
    from docgen.workbook.reader import UNCACHED_FORMULA

    value_type = element.get(_VALUE_TYPE)
    formula = element.get(_FORMULA)
    paragraphs = [p for p in element if p.tag == _P]
    text = _Text()
    for number, paragraph in enumerate(paragraphs):
        text.add("\n" if number else "")
        _paragraph_text(paragraph, text)
    shown = str(text)
    if value_type is None:
        if formula is not None:
            return UNCACHED_FORMULA
        return _escape(shown) if shown else None
    if element.get(_CALC_VALUE_TYPE) == "error":
        return shown  # as openpyxl gives a cached error: its text, #DIV/0!
    if value_type == "string":
        string = element.get(_STRING_VALUE)
        if string is not None and len(string) > MAX_CELL_TEXT:
            raise _TooLong
        string = shown if string is None else string
        return _escape(string) if string else None
    if value_type == "boolean":
        return element.get(_BOOLEAN_VALUE, "").strip().lower() == "true"
    if value_type == "date":
        return _date_value(element.get(_DATE_VALUE, ""), shown)
    if value_type == "time":
        return _time_value(element.get(_TIME_VALUE, ""), style_kind() == "duration", shown)
    return _number(element.get(_VALUE, ""), style_kind, formula, shown)


def _number(text: str, style_kind: Callable[[], str], formula: str | None, shown: str) -> object:
    """Return a float, percentage or currency cell: an int when whole, a bool when shown so."""
    try:
        number = float(text)
    except ValueError:
        return _escape(shown) if shown else None
    if number in (0, 1) and (
        (formula is not None and shown.strip().upper() in ("TRUE", "FALSE"))
        or style_kind() == "boolean"
    ):
        return number == 1  # Calc keeps TRUE and FALSE as 1 and 0 shown as a boolean
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _date_value(text: str, shown: str) -> object:
    """Return an ODF date (``2017-08-15`` or ``2017-08-15T14:30:00``) as a datetime."""
    try:
        return datetime.fromisoformat(text.strip().removesuffix("Z"))
    except ValueError:
        return _escape(shown) if shown else None


class _TooLong(Exception):
    """A cell's text passed :data:`MAX_CELL_TEXT` characters while it was being read."""


class CellTooLong(Exception):
    """A cell (``sheet``, ``cell`` as 「B7」) whose text is longer than a cell holds."""

    def __init__(self, sheet: str, cell: str) -> None:
        super().__init__(sheet, cell)
        self.sheet, self.cell = sheet, cell


class _Text:
    """A cell's text as it is read, refused (:class:`_TooLong`) once over the cell limit."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> None:
        """Append ``piece``; raise :class:`_TooLong` when the text would pass the limit."""
        self.length += len(piece)
        if self.length > MAX_CELL_TEXT:
            raise _TooLong
        self.parts.append(piece)

    def __str__(self) -> str:
        return "".join(self.parts)


def _paragraph_text(element: etree._Element, text: _Text) -> None:
    """Add a paragraph's text as shown to ``text``: spaces, tabs and line breaks, no notes.

    A run of spaces (``<text:s text:c="…"/>``) is counted before it is made, so a huge count
    is refused without making it.
    """
    text.add(element.text or "")
    for child in element:
        if child.tag == _ANNOTATION:
            pass
        elif child.tag == _SPACE:
            text.add(" " * min(_int_attribute(child, _SPACE_COUNT), MAX_CELL_TEXT + 1))
        elif child.tag == _TAB:
            text.add("\t")
        elif child.tag == _LINE_BREAK:
            text.add("\n")
        else:
            _paragraph_text(child, text)
        text.add(child.tail or "")


def _cell_name(row: int, col: int) -> str:
    """Return a cell's name (0-based ``row`` and ``col``): 「B7」, or 「第 20000 欄第 7 列」."""
    if col < 18278:  # the columns a letter name reaches (ZZZ)
        return f"{column_letter(col + 1)}{row + 1}"
    return f"第 {col + 1} 欄第 {row + 1} 列"


def _time_value(text: str, duration: bool, shown: str) -> object:
    """Return an ODF time value (``PT14H00M00S``) as openpyxl would: a time, or a timedelta."""
    match = _DURATION.match(text.strip())
    if match is None:
        return _escape(shown) if shown else None
    sign, days, hours, minutes, seconds = match.groups()
    span = timedelta(
        days=int(days or 0),
        hours=int(hours or 0),
        minutes=int(minutes or 0),
        seconds=float(seconds or 0),
    )
    if sign:
        span = -span
    if duration or not timedelta(0) <= span < timedelta(days=1):
        return span
    return (datetime.min + span).time()


def _escape(text: str) -> str:
    """Return ``text`` with each ``_`` that would start an Excel escape written ``_x005F_``."""
    return _EXCEL_ESCAPE_START.sub("_x005F_", text) if "_x" in text else text


# --- the sheets ---------------------------------------------------------------------------------


def read_sheets(path: Path, problems: Problems) -> dict[str, RawSheet]:
    """Return the .ods workbook's sheets chosen to be read, by name, in workbook order.

    Raise InputError naming the file when it is damaged, encrypted or too large to read.
    """
    from docgen.workbook.reader import choose_sheets

    where = str(path)
    parts = _checked_parts(path)
    styles = _Styles()
    if "styles.xml" in parts:
        try:
            styles.add(parse_xml(parts["styles.xml"], "styles.xml"))
        except RejectedFile as error:
            raise InputError(_reason(error), where=where) from None
    try:
        notes = _Pass(styles).run(parts["content.xml"])
    except etree.XMLSyntaxError:
        raise InputError(
            "工作簿內容（content.xml）不是正確的 XML，檔案可能已損壞", where=where
        ) from None
    except CellTooLong as error:
        raise InputError(
            f"工作表「{error.sheet}」儲存格 {error.cell} 的文字超過 {MAX_CELL_TEXT:,} 字"
            "（Excel 儲存格上限；可能是大量重複的空格），docgen 拒絕讀取；"
            "請在 LibreOffice Calc 縮短該儲存格的內容後重新存檔",
            where=where,
        ) from None
    _check_area(notes, where)
    chosen = set(choose_sheets([(n.name, n.state) for n in notes], problems))
    return {n.name: _raw_sheet(n) for n in notes if n.name in chosen}


def _check_area(notes: list[_SheetNotes], where: str) -> None:
    total = 0
    for sheet in notes:
        total += sheet.area()
        if total > MAX_AREA:
            last = sheet.last or (0, 0)
            raise InputError(
                f"工作表「{sheet.name}」的資料範圍過大（至 {_cell_name(last[0], last[1])}"
                f"，合計超過 {MAX_AREA:,} 格），docgen 拒絕讀取；"
                "請刪除遠處或大量重複的儲存格後在 LibreOffice Calc 重新存檔",
                where=where,
            )


def _raw_sheet(notes: _SheetNotes) -> RawSheet:
    """Return the sheet's rows as the .xlsx path gives them (blanks up to the last value)."""
    from docgen.workbook.reader import RawRow, RawSheet, fill_merges

    grid: dict[int, dict[int, object]] = {}
    for block in notes.blocks:
        for row in range(block.rows[0], block.rows[1] + 1):
            cells = grid.setdefault(row + 1, {})
            for col in range(block.cols[0], block.cols[1] + 1):
                cells[col + 1] = block.value
    numbers = sorted(grid)
    width = notes.last[1] + 1 if notes.last is not None else 0  # merges counted in it
    for _, first_row, last_col, last_row in notes.merges:
        start = bisect.bisect_left(numbers, first_row)
        for number in numbers[start : bisect.bisect_right(numbers, last_row)]:
            # a merged range's cells are stored, blank, as in an .xlsx (within the used width)
            grid[number].setdefault(min(last_col, width), None)
    rows = {
        number: {column_letter(c): cells.get(c) for c in range(1, max(cells) + 1)}
        for number, cells in grid.items()
    }
    fill_merges(rows, tuple(notes.merges))
    return RawSheet(
        name=notes.name,
        rows=tuple(RawRow(number=n, cells=cells) for n, cells in sorted(rows.items())),
    )


# --- the form key -------------------------------------------------------------------------------


def form_key_material(path: Path, property_name: str) -> str:
    """Return the .ods workbook's form key material, as the .xlsx path makes it ("" if none).

    The user-defined property ``property_name`` when set (Calc keeps Excel's custom properties
    as such), else ``meta:creation-date``: Calc writes the moment an .xlsx gave it (UTC)
    without the ``Z`` that Excel writes, so a moment without a zone gets it back.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            data = read_part(archive, "meta.xml", 1024 * 1024)
        root = parse_xml(data, "meta.xml") if data else None
    except (RejectedFile, zipfile.BadZipFile, OSError, ValueError, KeyError):
        return ""
    if root is None:
        return ""
    for item in root.iter(t(META, "user-defined")):
        if item.get(t(META, "name")) == property_name:
            stored = "".join(item.itertext()).strip()
            if stored:
                return f"stored:{stored}"
    created = root.find(f".//{t(META, 'creation-date')}")
    text = (created.text or "").strip() if created is not None else ""
    if text and not re.search(r"(Z|[+-]\d\d:?\d\d)$", text):
        text += "Z"
    return f"created:{text}" if text else ""
