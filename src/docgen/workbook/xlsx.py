"""Read the cells of an .xlsx workbook: one bounded, streaming lxml pass per sheet.

The cells come out as openpyxl's reader gives them with ``data_only=True`` (the rules below are
its rules), without importing openpyxl, whose import alone costs more than reading a typical
workbook; openpyxl still writes workbooks (:mod:`.writer`).

* numbers: whole numbers as ``int``, others as ``float``; a number in a date or time format
  (built-in or custom, the 1900 or the 1904 calendar) as ``datetime``, ``time`` or, in an
  elapsed-time format (``[h]:mm``), ``timedelta``; a serial outside the calendar as the error
  text ``#VALUE!``;
* text: shared strings and inline strings as stored, Excel's ``_xHHHH_`` escapes still in them
  for :func:`~docgen.workbook.values.clean_text` to decode exactly once, phonetic guides
  (``rPh``) left out; a formula's text result as text; booleans as ``bool``; error results as
  their text (``#N/A``); ISO dates (``t="d"``) as dates;
* a formula never computed (no Excel save yet) as
  :data:`~docgen.workbook.reader.UNCACHED_FORMULA`; merged ranges fill the cells they cover in
  the rows that hold values;
* the work follows the values: a sheet of a million formatted but empty rows is first cut to
  its rows holding a value (:func:`without_empty_rows`).

Nothing from the file is trusted: parts are inflated within caps (a zip bomb is refused), XML
is parsed without entities, DTDs or network (a DOCTYPE is refused), and a damaged part raises
:class:`ValueError`-like errors that the caller turns into one message naming the file.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from docgen.ooxml.zip import has_doctype, iterparse_untrusted, parse_xml, read_part
from docgen.problems import InputError, Problems, RejectedFile
from docgen.workbook.coordinates import column_index, column_letter, split_reference

if TYPE_CHECKING:
    from docgen.workbook.reader import RawSheet

MAX_PART_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024

SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
WORKBOOK_PART = "xl/workbook.xml"
STYLES_PART = "xl/styles.xml"


def s(tag: str) -> str:
    """Return the Clark name of a SpreadsheetML element."""
    return f"{{{SPREADSHEET}}}{tag}"


_ROW, _CELL_TAG, _VALUE_TAG, _INLINE = s("row"), s("c"), s("v"), s("is")


@dataclass(frozen=True)
class Sheet:
    """A worksheet listed in the workbook: its name, state (visible, hidden…) and part."""

    name: str
    state: str
    part: str


class Package:
    """An open .xlsx: its parts read on demand, each within the caps."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())
        self.inflated = 0

    def read(self, name: str) -> bytes | None:
        """Return the part ``name`` inflated (None when absent); refuse one past the caps."""
        data = read_part(self.archive, name, MAX_PART_BYTES)
        if data is not None:
            self.inflated += len(data)
            if self.inflated > MAX_TOTAL_BYTES:
                raise ValueError("the workbook inflates past the total cap")
        return data

    def xml(self, name: str) -> etree._Element | None:
        """Return the root of the XML part ``name`` (None when absent)."""
        data = self.read(name)
        return None if data is None else parse_xml(data, name)


# --- the workbook: sheets, calendar, date formats, shared strings --------------------------------


def workbook_root(package: Package) -> etree._Element:
    """Return the root of the workbook part (sheets, calendar); raise if it is missing."""
    root = package.xml(WORKBOOK_PART)
    if root is None:
        raise ValueError("the workbook part is missing")
    return root


def sheets(package: Package, root: etree._Element) -> list[Sheet]:
    """Return the workbook's worksheets in order (chart sheets and missing parts left out)."""
    targets = _relationship_targets(package, WORKBOOK_PART)
    found = []
    for sheet in root.iter(s("sheet")):
        identifier = sheet.get(f"{{{RELATIONSHIPS}}}id")
        if not identifier:
            continue
        kind, part = targets[identifier]  # an unknown relationship: a damaged workbook
        if "chartsheet" in kind or part not in package.names:
            continue
        found.append(Sheet(sheet.get("name", ""), sheet.get("state", "visible"), part))
    return found


def _relationship_targets(package: Package, part: str) -> dict[str, tuple[str, str]]:
    """Return the internal relationships of ``part``: id → (type, target part name)."""
    folder, name = posixpath.split(part)
    root = package.xml(posixpath.join(folder, "_rels", f"{name}.rels"))
    targets: dict[str, tuple[str, str]] = {}
    if root is None:
        return targets
    for relation in root.iter(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship"):
        target = relation.get("Target", "")
        if relation.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join(folder, target))
        targets[relation.get("Id", "")] = (relation.get("Type", ""), target)
    return targets


WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)


def epoch(root: etree._Element) -> datetime:
    """Return the day a serial counts from: the 1900 calendar's, or the 1904 one's."""
    properties = root.find(s("workbookPr"))
    flag = properties.get("date1904") if properties is not None else None
    return MAC_EPOCH if flag and flag not in ("false", "f", "0") else WINDOWS_EPOCH


@dataclass(frozen=True)
class Formats:
    """The cell styles (their index in ``cellXfs``) that show a number as a date or time."""

    dates: frozenset[int] = frozenset()
    durations: frozenset[int] = frozenset()


def formats(package: Package) -> Formats:
    """Return which cell styles show dates and elapsed times, as openpyxl tells them."""
    root = package.xml(STYLES_PART)
    if root is None:
        return Formats()
    custom = {
        int(item.get("numFmtId", "")): item.get("formatCode", "")
        for item in root.iterfind(f"{s('numFmts')}/{s('numFmt')}")
    }
    dates, durations = set(), set()
    styles = root.find(s("cellXfs"))
    for index, style in enumerate(styles.iterchildren(s("xf")) if styles is not None else ()):
        number = int(style.get("numFmtId", "0"))
        code = custom[number] if number in custom else BUILTIN_FORMATS.get(number)
        if is_date_format(code):
            dates.add(index)
        if is_duration_format(code):
            durations.add(index)
    return Formats(frozenset(dates), frozenset(durations))


# The built-in number formats that matter here: the dates, times and elapsed times (ECMA-376
# 18.8.30); the others are numbers.
BUILTIN_FORMATS = {
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
}
# Quoted literals and bracketed parts other than elapsed hours, minutes or seconds.
_NOT_DATE_PARTS = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION_CODE = re.compile(
    r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE
)


def is_date_format(code: str | None) -> bool:
    """Return True when number format ``code`` shows a date or a time (its first section)."""
    if code is None:
        return False
    first = _NOT_DATE_PARTS.sub("", code.split(";")[0])
    return _DATE_LETTER.search(first) is not None


def is_duration_format(code: str | None) -> bool:
    """Return True when number format ``code`` shows elapsed time (``[h]:mm``)."""
    return code is not None and _DURATION_CODE.search(code.split(";")[0]) is not None


def shared_strings(package: Package) -> list[str]:
    """Return the shared strings as stored (escapes kept, phonetic guides left out)."""
    part = shared_strings_part(package.archive)
    if part is None:
        return []
    root = package.xml(part)
    if root is None:
        return []
    return [string_item_text(item) for item in root.iterchildren(s("si"))]


def stored_shared_strings(archive: zipfile.ZipFile) -> list[str] | None:
    """Return the shared strings table as stored, or None when there is none to read."""
    try:
        if shared_strings_part(archive) is None:
            return None
        return shared_strings(Package(archive))
    except Exception:  # a damaged table: nothing to offer
        return None


def string_item_text(item: etree._Element) -> str:
    """Return the text of a shared or inline string: its ``t`` and rich-text runs, not ``rPh``."""
    parts = []
    for child in item:
        if child.tag == s("t"):
            parts.append(child.text or "")
        elif child.tag == s("r"):
            parts.extend(t.text or "" for t in child.iterchildren(s("t")))
    return "".join(parts)


def shared_strings_part(archive: zipfile.ZipFile) -> str | None:
    """Return the name of the shared strings part, as the package's content types give it."""
    try:
        types = parse_xml(read_part(archive, "[Content_Types].xml") or b"", "[Content_Types].xml")
    except Exception:  # no readable content types: no shared strings found
        return None
    for override in types.iterchildren(f"{{{CONTENT_TYPES}}}Override"):
        if override.get("ContentType") == SHARED_STRINGS_TYPE:
            name = override.get("PartName", "").lstrip("/")
            return name if name in archive.namelist() else None
    return None


# --- a sheet's cells -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Book:
    """What reading a sheet's cells needs from the workbook."""

    strings: list[str]
    formats: Formats
    epoch: datetime


def stored_rows(data: bytes, book: Book) -> Iterator[tuple[int, int, dict[int, object]]]:
    """Yield (row number, width, {column: value}) for each row stored in the sheet XML ``data``.

    Rows come in their stored order, each number once (the first of rows stored twice, as
    openpyxl reads them). ``width`` is the last column stored, valued or not (a formatted
    empty cell counts); a cell without a value is left out of the values.
    """
    if has_doctype(data):
        raise ValueError("a sheet with a DOCTYPE")
    events = iterparse_untrusted(data, ("end",), _ROW)
    last = number = 0
    for _, row in events:
        number = _row_number(row, number)
        if number > last:
            last = number
            yield number, *_row_cells(row, book)
        row.clear()
        while row.getprevious() is not None:
            del row.getparent()[0]


def _row_number(row: etree._Element, previous: int) -> int:
    stored = row.get("r")
    if stored is None:
        return previous + 1
    try:
        return int(stored)
    except ValueError:
        number = float(stored)  # 「3.0」 is row 3; anything else is a damaged sheet
        if not number.is_integer():
            raise ValueError(f"{stored} is not a row number") from None
        return int(number)


def _row_cells(row: etree._Element, book: Book) -> tuple[int, dict[int, object]]:
    cells: dict[int, object] = {}
    column = width = 0
    for cell in row:
        if cell.tag != _CELL_TAG:
            continue
        reference = cell.get("r")
        column = column_of(reference) if reference else column + 1
        width = max(width, column)
        value = cell_value(cell, book)
        if value is not None:
            cells[column] = value
    return width, cells


def column_of(reference: str) -> int:
    """Return the column index of a cell reference such as ``B12`` (2); refuse anything else."""
    letters = reference.rstrip(_DIGITS)
    if len(letters) == len(reference) or not reference[len(letters) :].isdecimal():
        raise ValueError(f"invalid cell reference {reference!r}")
    return column_index(letters)


_DIGITS = "0123456789"


def cell_value(cell: etree._Element, book: Book) -> object:
    """Return the value a cell shows (None when it holds none), by its type ``t``."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        return string_item_text(inline) if inline is not None else None
    text = cell.findtext(_VALUE_TAG) or None
    if text is None:
        return None
    if kind == "n":
        return _number(text, cell.get("s"), book)
    if kind == "s":
        return book.strings[int(text)]
    if kind == "b":
        return bool(int(text))
    if kind == "d":
        return iso_date(text)
    return text  # "str" (a formula's text), "e" (an error such as #N/A)


def _number(text: str, style: str | None, book: Book) -> object:
    number: int | float = float(text) if "." in text or "e" in text.lower() else int(text)
    index = int(style) if style else 0
    if index not in book.formats.dates:
        return number
    try:
        return from_serial(number, book.epoch, index in book.formats.durations)
    except (OverflowError, ValueError):
        return "#VALUE!"  # a serial outside the calendar, as Excel shows it


SECONDS_PER_DAY = 86400


def from_serial(value: float, start: datetime, duration: bool = False) -> object:
    """Return the date, time, datetime or timedelta an Excel serial stands for."""
    if duration:
        span = timedelta(days=value)
        if span.microseconds:  # to the millisecond, as Excel keeps it
            span = timedelta(
                seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3)
            )
        return span
    day, fraction = divmod(value, 1)
    part = timedelta(milliseconds=round(fraction * SECONDS_PER_DAY * 1000))
    if 0 <= value < 1 and part.days == 0:
        minutes, seconds = divmod(part.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, part.microseconds)
    if 0 < value < 60 and start == WINDOWS_EPOCH:
        day += 1  # Excel's 1900 calendar counts a 29 February 1900 that never was
    return start + timedelta(days=day) + part


_ISO = re.compile(
    r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<fraction>\.\d{1,3})?)?)?Z?"
)


def iso_date(text: str) -> object:
    """Return an ISO 8601 cell value (``t="d"``) as a date, time or datetime (else the text)."""
    match = _ISO.match(text)
    if match is None or not any(match.groups()):
        return text
    parts = {k: int(v) for k, v in match.groupdict().items() if v and k not in _NOT_NUMBERS}
    micro = int(float(match.group("fraction")) * 1_000_000) if match.group("fraction") else 0
    clock = (parts.get("hour", 0), parts.get("minute", 0), parts.get("second", 0), micro)
    if not match.group("date"):
        return time(*clock)
    day = date(parts["year"], parts["month"], parts["day"])
    return datetime(day.year, day.month, day.day, *clock) if match.group("time") else day


_NOT_NUMBERS = frozenset({"date", "time", "fraction"})


def by_letter(width: int, cells: dict[int, object]) -> dict[str, object]:
    """Return a row's cells by column letter, blanks (None) up to column ``width``."""
    return {column_letter(i): cells.get(i) for i in range(1, width + 1)}


# --- a whole sheet -------------------------------------------------------------------------------


def read_sheets(path: Path, problems: Problems) -> dict[str, RawSheet]:
    """Return the .xlsx workbook's sheets chosen to be read, by name, in workbook order.

    Raise :class:`InputError` naming the file when it is damaged or too large to read.
    """
    from docgen.workbook.reader import choose_sheets

    try:
        with zipfile.ZipFile(path) as archive:
            package = Package(archive)
            root = workbook_root(package)
            listed = sheets(package, root)
            chosen = set(choose_sheets([(x.name, x.state) for x in listed], problems))
            book = Book(shared_strings(package), formats(package), epoch(root))
            return {
                x.name: raw_sheet(x.name, package.read(x.part) or b"", book)
                for x in listed
                if x.name in chosen
            }
    except RejectedFile as error:
        reason = "；".join(problem.message for problem in error.problems)
        raise InputError(f"無法讀取工作簿：{reason}", where=str(path)) from None
    except Exception as error:  # a damaged part, whatever fails in it: one message
        raise InputError(
            f"工作簿內容損壞，無法讀取（{type(error).__name__}）；請在 Excel 開啟後重新存檔",
            where=str(path),
        ) from None


def raw_sheet(name: str, data: bytes, book: Book) -> RawSheet:
    """Return the sheet XML ``data`` as raw rows: the rows holding a value, merges filled."""
    from docgen.workbook.reader import UNCACHED_FORMULA, RawRow, RawSheet, fill_merges

    compact = without_empty_rows(data)
    kept = compact if compact is not None else data
    grid: dict[int, dict[str, object]] = {}
    for number, width, cells in stored_rows(kept, book):
        if any(value != "" for value in cells.values()):
            grid[number] = by_letter(width, cells)
    for reference in uncached_formulas(kept):
        letter, number = split_reference(reference)
        if grid.get(number, {}).get(letter) is None:
            grid.setdefault(number, {})[letter] = UNCACHED_FORMULA
    fill_merges(grid, merged_ranges(kept))
    rows = tuple(
        RawRow(number=number, cells=cells)
        for number, cells in sorted(grid.items())
        if any(v is not None and v != "" for v in cells.values())
    )
    return RawSheet(name=name, rows=rows)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?r=\"([A-Z]+\d+)\"[^>]*?(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")


MANY_ROWS = 5000
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*>")
_HOLDS_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is|f)[\s>/]")
_ROW_NUMBER = re.compile(rb"[^>]*?\sr=\"\d+\"")


def without_empty_rows(data: bytes) -> bytes | None:
    """Return ``data`` keeping only the rows that hold a value, when it has very many rows.

    The work follows the values: each value found is widened to the row around it, and only
    those rows are kept (they are numbered by their ``r`` attribute, so no other row moves).
    Return None for an ordinary sheet, and for one whose layout this cannot be sure of.
    """
    if data.count(b"<row") + data.count(b":row") < MANY_ROWS:
        return None
    opening = _SHEET_DATA.search(data)
    if opening is None:
        return None
    prefix = opening.group(1) or b""
    row_open, row_close = b"<" + prefix + b"row", b"</" + prefix + b"row>"
    start = opening.end()
    end = data.find(b"</" + prefix + b"sheetData>", start)
    if end < 0:
        return None
    kept: list[tuple[int, int]] = []
    for found in _HOLDS_VALUE.finditer(data, start, end):
        if kept and found.start() < kept[-1][1]:
            continue  # another value of a row already kept
        first = data.rfind(row_open, start, found.start())
        last = data.find(row_close, found.start(), end)
        if first < 0 or last < 0 or not _ROW_NUMBER.match(data, first + len(row_open)):
            return None
        kept.append((first, last + len(row_close)))
    rows = b"".join(data[first:last] for first, last in kept)
    return data[:start] + rows + data[end:]


def merged_ranges(data: bytes) -> tuple[tuple[int, int, int, int], ...]:
    """Return each merged range of a sheet's XML as (first col, first row, last col, last row)."""
    if b"mergeCell" not in data:
        return ()
    found = _MERGE.findall(data)
    return tuple(
        (column_index(a.decode()), int(b), column_index(c.decode()), int(d)) for a, b, c, d in found
    )


def uncached_formulas(data: bytes) -> frozenset[str]:
    """Return the cells of a sheet's XML that hold a formula but no computed value."""
    if not _FORMULA.search(data):
        return frozenset()
    cells = _CELL.findall(data)
    return frozenset(
        ref.decode() for ref, body in cells if _FORMULA.search(body) and not _VALUE.search(body)
    )
