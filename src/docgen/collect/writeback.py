"""Append opinions to the workbook's 修正意見 sheet without touching anything else.

The workbook is edited as a zip, surgically: only the 修正意見 worksheet part is rewritten
(its existing rows, styles, drop-downs and comments kept; new cells as inline strings styled
like the row above), and every other entry is copied unchanged, so other sheets keep values,
formulas, drop-downs and formatting that a load-and-save through a library could lose. When the
workbook has no 修正意見 sheet, one is added at the end (workbook.xml, its relationships and
[Content_Types].xml gain one entry each).

Writing never loses anyone's work:

* :func:`workbook_lock` is an exclusive lock (a ``.NAME.docgen-lock`` file beside the workbook)
  that ``docgen collect`` holds from reading the workbook to replacing it, so two collects run
  one after the other and neither loses the other's opinions;
* the workbook must not be open in Excel (``~$`` owner file) or LibreOffice (``.~lock.…#``),
  nor read-only, nor changed since it was read: checked before anything is written and again
  just before the new file is renamed into place;
* a workbook reached through a symbolic link is written through to the real file;
* a backup of exactly the bytes that were read is made beside it first, never through a link,
  and removed again when the write does not happen; the result is read back and validated
  before it replaces the workbook, atomically, keeping the workbook's permissions.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from lxml import etree

from docgen.files import atomic
from docgen.model.project import Opinion
from docgen.ooxml import zipcopy
from docgen.ooxml.namespaces import RELS, SPREADSHEET, TYPES, R
from docgen.ooxml.zip import copy_zip
from docgen.problems import InputError, OutputError
from docgen.workbook import schema
from docgen.workbook.reader import chosen_sheet, office_lock
from docgen.workbook.values import normalize_header
from docgen.workbook.xlsx import string_item_text

WORKSHEET_REL = f"{R}/worksheet"
SHARED_STRINGS_REL = f"{R}/sharedStrings"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

SHEET = schema.OPINIONS.name
WRITTEN_FIELDS = ("id", "unit", "case_id", "measure_id", "kind", "proposal", "reason", "decision")
# A proposed new measure's fields (schema.NEW_MEASURE_FIELDS) are written when an opinion has
# them; an older workbook whose sheet lacks their columns gets the header cells then, and is
# left as it is otherwise.

CELL_LIMIT = 32767  # characters an Excel cell holds
MAX_ROWS = 1048576  # the last row of a worksheet in Excel and LibreOffice
LOCK_TIMEOUT = 120.0  # seconds a collect waits for another one on the same workbook
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")

_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def column_letter(number: int) -> str:
    """Return the column letters of column ``number`` (1 → A, 27 → AA)."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_number(letters: str) -> int:
    """Return the number of the column ``letters`` (A → 1, AA → 27)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def s(tag: str) -> str:
    """Return the Clark name of a SpreadsheetML tag."""
    return f"{{{SPREADSHEET}}}{tag}"


# --- may the workbook be written? ------------------------------------------------------------


def refuse_if_open(path: Path) -> None:
    """Raise InputError when Excel or LibreOffice has the workbook open (its lock file exists)."""
    lock = office_lock(path)
    if lock is not None:
        raise InputError(
            f"工作簿正在 {lock.holder()} 中開啟（有 {lock.path.name}）；"
            f"請先存檔並關閉 {lock.program} 後再執行 collect，以免寫回的意見與您的修改互相覆蓋"
            f"（若確定沒有開啟，可能是 {lock.program} 當掉後留下的，請刪除「{lock.path.name}」"
            "後再試）",
            where=str(path),
        )


def refuse_if_unwritable(path: Path) -> Path:
    """Return the real file behind ``path``; raise InputError when collect must not write it.

    Refused: a missing file, a folder, a read-only workbook (no write permission bit, or no
    access for this user) and a folder in which no new file can be made.
    """
    where = str(path)
    real = _real(path)
    if not real.exists():
        raise InputError(f"找不到工作簿檔案「{path}」；請以 -i 指定要寫回的工作簿", where="")
    if not real.is_file():
        raise InputError("這不是檔案，不是 Excel 工作簿；請以 -i 指定 .xlsx 工作簿", where=where)
    mode = stat.S_IMODE(real.stat().st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(real, os.W_OK):
        raise InputError(
            f"工作簿設為唯讀（權限 {mode:04o}），docgen 不會改寫它；"
            "請取消唯讀（或向檔案擁有者取得寫入權限）後再執行 collect",
            where=where,
        )
    if not os.access(real.parent, os.W_OK | os.X_OK):
        raise InputError(
            f"無法在工作簿所在的資料夾「{real.parent}」建立檔案（沒有寫入權限）；"
            "collect 須在同一資料夾寫入備份與更新後的工作簿；"
            "請取得權限，或將工作簿複製到可寫入的資料夾",
            where=where,
        )
    return real


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def lock_path(path: Path) -> Path:
    """Return the lock file docgen uses for the workbook ``path``: ``.NAME.docgen-lock``."""
    real = _real(path)
    return real.with_name(f".{real.name}.docgen-lock")


@contextmanager
def workbook_lock(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the exclusive lock on the workbook ``path`` (reentrant within one process).

    Raise InputError when another docgen still holds it after ``timeout`` seconds, and
    OutputError when the lock file cannot be made.
    """
    from filelock import FileLock, Timeout

    where = lock_path(path)
    if where in _HELD:  # collect holds it and append_opinions asks again
        yield
        return
    lock = FileLock(where, timeout=LOCK_TIMEOUT if timeout is None else timeout)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(
            "另一個 docgen collect 正在寫入此工作簿，等候逾時；請等它完成後再執行",
            where=str(path),
        ) from None
    except OSError as error:
        raise OutputError(
            f"無法建立鎖定檔「{where}」：{atomic.os_reason(error, where)}", where=str(path)
        ) from None
    _HELD.add(where)
    try:
        yield
    finally:
        _HELD.discard(where)
        lock.release()


_HELD: set[Path] = set()  # the workbook locks this process holds


class FileState(NamedTuple):
    """What tells whether a file changed since it was read: time, size, inode and content."""

    mtime_ns: int
    size: int
    inode: int = 0
    digest: str = ""  # SHA-256 of the content, when it was read

    def same_file(self, other: FileState) -> bool:
        """Return True when ``other`` describes the same, unchanged file."""
        if (self.mtime_ns, self.size, self.inode) != (other.mtime_ns, other.size, other.inode):
            return False
        return not (self.digest and other.digest) or self.digest == other.digest


def file_state(path: Path, data: bytes | None = None) -> FileState:
    """Return the state of the file at ``path`` (with the digest of ``data`` when given)."""
    status = path.stat()
    digest = hashlib.sha256(data).hexdigest() if data is not None else ""
    return FileState(status.st_mtime_ns, status.st_size, status.st_ino, digest)


def _current_state(path: Path) -> FileState:
    try:
        return file_state(path, path.read_bytes())
    except OSError:
        return FileState(-1, -1, -1, "")


def append_opinions(
    path: Path, opinions: Sequence[Opinion], read_state: FileState | None = None
) -> Path:
    """Append ``opinions`` to the 修正意見 sheet of the workbook at ``path``; return the backup.

    ``read_state`` is :func:`file_state` when the workbook was read to decide what is new.
    Raise InputError when the workbook is open, read-only or changed since, and OutputError when
    the result would not read back as a valid workbook or cannot be written; in every case the
    workbook is left as it was and no backup or temporary file stays behind.
    """
    real = refuse_if_unwritable(path)
    with workbook_lock(real):
        refuse_if_open(path)
        original = real.read_bytes()
        state = file_state(real, original)
        if read_state is not None and not read_state.same_file(state):
            _changed(path)
        updated = patched_workbook(original, opinions)
        _validate(updated, path, opinions)

        def still_unchanged() -> None:
            refuse_if_open(path)
            if not state.same_file(_current_state(real)):
                _changed(path)

        still_unchanged()
        backup = atomic.backup(real, data=original)
        try:
            atomic.write_bytes(real, updated, check=still_unchanged)
        except BaseException:
            backup.unlink(missing_ok=True)
            raise
    return backup


def _changed(path: Path) -> None:
    raise InputError(
        "工作簿在 collect 讀取後又被修改過，為免覆蓋您的修改已停止寫入；請存檔關閉後重新執行",
        where=str(path),
    )


def _validate(data: bytes, path: Path, opinions: Sequence[Opinion]) -> None:
    """Refuse to write a workbook that would not load with every new opinion in it."""
    from docgen.workbook.loader import load_project

    try:
        with tempfile.TemporaryDirectory(prefix="docgen-collect-") as folder:
            candidate = Path(folder) / path.name
            candidate.write_bytes(data)
            project = load_project(candidate).project
    except InputError as error:
        details = "；".join(p.message for p in error.problems if p.is_error)[:300]
        raise OutputError(
            f"寫回後的工作簿無法通過檢查，已停止寫入（{details}）", where=str(path)
        ) from None
    except OSError as error:
        raise OutputError(
            f"無法在暫存資料夾檢查寫回後的工作簿：{atomic.os_reason(error)}", where=str(path)
        ) from None
    ids = {o.id for o in project.opinions}
    missing = [o.id for o in opinions if o.id not in ids]
    if missing:
        raise OutputError(f"寫回後讀不到意見 {'、'.join(missing[:5])}，已停止寫入", where=str(path))


# --- the zip ------------------------------------------------------------------------------------


def patched_workbook(data: bytes, opinions: Sequence[Opinion]) -> bytes:
    """Return the workbook ``data`` with ``opinions`` appended to its 修正意見 sheet."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        book = _Book(source)
        part = book.sheet_part(SHEET)
        if part is None:
            replaced = book.add_sheet(SHEET, _new_sheet(opinions))
        else:
            sheet = _parse(source.read(part))
            _append_rows(sheet, book.shared_strings(), opinions)
            replaced = {part: _serialize(sheet)}
    try:
        return zipcopy.rewrite(data, replaced)
    except ValueError:  # ZIP64 or an unusual layout: copy the entries' content instead
        return copy_zip(data, replaced)


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, _SAFE_PARSER)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class _Book:
    """The workbook part, its relationships and content types, read from the zip."""

    def __init__(self, source: zipfile.ZipFile) -> None:
        self.source = source
        self.names = set(source.namelist())
        self.workbook_part = self._workbook_part()
        folder = PurePosixPath(self.workbook_part).parent
        self.rels_part = str(folder / "_rels" / (PurePosixPath(self.workbook_part).name + ".rels"))
        self.workbook = _parse(source.read(self.workbook_part))
        self.rels = _parse(source.read(self.rels_part))

    def _workbook_part(self) -> str:
        root = _parse(self.source.read("_rels/.rels"))
        for relationship in root:
            if relationship.get("Type", "").endswith("/officeDocument"):
                return relationship.get("Target", "").lstrip("/")
        return "xl/workbook.xml"

    def target(self, relationship_id: str) -> str | None:
        """Return the part a workbook relationship points to, as a zip entry name."""
        for relationship in self.rels:
            if relationship.get("Id") == relationship_id:
                return self._resolve(relationship.get("Target", ""))
        return None

    def _resolve(self, target: str) -> str:
        if target.startswith("/"):
            return target.lstrip("/")
        parts: list[str] = []
        for piece in (*PurePosixPath(self.workbook_part).parent.parts, *target.split("/")):
            if piece == "..":
                parts.pop()
            elif piece not in ("", "."):
                parts.append(piece)
        return "/".join(parts)

    def sheets(self) -> etree._Element:
        """Return the workbook's <sheets> element."""
        return self.workbook.find(s("sheets"))

    def sheet_part(self, name: str) -> str | None:
        """Return the zip entry of the worksheet read as ``name`` (chosen as the reader does)."""
        entries = list(self.sheets().iterchildren(s("sheet")))
        states = [(e.get("name", ""), e.get("state", "visible")) for e in entries]
        chosen = chosen_sheet(states, name)
        for entry in entries:
            if entry.get("name", "") == chosen:
                return self.target(entry.get(f"{{{R}}}id", ""))
        return None

    def shared_strings(self) -> list[str]:
        """Return the shared strings table (empty when the workbook has none)."""
        for relationship in self.rels:
            if relationship.get("Type") == SHARED_STRINGS_REL:
                part = self._resolve(relationship.get("Target", ""))
                if part in self.names:
                    root = _parse(self.source.read(part))
                    return [string_item_text(si) for si in root.iterchildren(s("si"))]
        return []

    def add_sheet(self, name: str, sheet: bytes) -> dict[str, bytes]:
        """Return the parts that add worksheet ``name`` (content ``sheet``) at the end."""
        number = 1
        while f"xl/worksheets/sheet{number}.xml" in self.names:
            number += 1
        part = f"xl/worksheets/sheet{number}.xml"
        ids = {r.get("Id") for r in self.rels}
        rel_number = 1
        while f"rId{rel_number}" in ids:
            rel_number += 1
        relationship = etree.SubElement(self.rels, f"{{{RELS}}}Relationship")
        relationship.set("Id", f"rId{rel_number}")
        relationship.set("Type", WORKSHEET_REL)
        relationship.set("Target", f"/{part}")
        sheets = self.sheets()
        sheet_ids = [int(x.get("sheetId", "0")) for x in sheets]
        entry = etree.SubElement(sheets, s("sheet"))
        entry.set("name", name)
        entry.set("sheetId", str(max(sheet_ids, default=0) + 1))
        entry.set(f"{{{R}}}id", f"rId{rel_number}")
        types = _parse(self.source.read("[Content_Types].xml"))
        override = etree.SubElement(types, f"{{{TYPES}}}Override")
        override.set("PartName", f"/{part}")
        override.set("ContentType", WORKSHEET_TYPE)
        return {
            self.workbook_part: _serialize(self.workbook),
            self.rels_part: _serialize(self.rels),
            "[Content_Types].xml": _serialize(types),
            part: sheet,
        }


# --- the worksheet ------------------------------------------------------------------------------


@dataclass
class _Layout:
    """Where the 修正意見 sheet keeps things: its header row and each field's column."""

    header_row: int
    columns: dict[str, int]  # field -> column number (1-based)
    last_row: int  # the last row holding any value


def _cell_column(cell: etree._Element, fallback: int) -> int:
    match = _CELL_REF.fullmatch(cell.get("r", ""))
    return column_number(match.group(1)) if match else fallback


def _rows(sheet_data: etree._Element) -> dict[int, etree._Element]:
    rows, number = {}, 0
    for row in sheet_data.findall(s("row")):
        number = int(row.get("r", number + 1))
        rows[number] = row
    return rows


def _cells(row: etree._Element) -> dict[int, etree._Element]:
    cells, column = {}, 0
    for cell in row.findall(s("c")):
        column = _cell_column(cell, column + 1)
        cells[column] = cell
    return cells


def _has_value(cell: etree._Element) -> bool:
    value = cell.find(s("v"))
    return (
        (value is not None and bool(value.text))
        or cell.find(s("is")) is not None
        or cell.find(s("f")) is not None
    )


def _cell_text(cell: etree._Element, strings: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        inline = cell.find(s("is"))
        return string_item_text(inline) if inline is not None else ""
    value = cell.find(s("v"))
    text = value.text if value is not None and value.text else ""
    if kind == "s" and text.isdigit() and int(text) < len(strings):
        return strings[int(text)]
    return text


def _layout(rows: dict[int, etree._Element], strings: list[str]) -> _Layout:
    names = {normalize_header(c.name): c.field for c in schema.OPINIONS.columns}
    best: tuple[int, int, dict[str, int]] | None = None
    for number in sorted(rows)[:10]:
        found: dict[str, int] = {}
        for column, cell in _cells(rows[number]).items():
            field = names.get(normalize_header(_cell_text(cell, strings)))
            if field is not None and field not in found:
                found[field] = column
        if found and (best is None or len(found) > best[1]):
            best = (number, len(found), found)
    used = [n for n, row in rows.items() if any(_has_value(c) for c in row.findall(s("c")))]
    if best is None:
        return _Layout(header_row=0, columns={}, last_row=max(used, default=0))
    return _Layout(header_row=best[0], columns=best[2], last_row=max(used, default=best[0]))


def _append_rows(sheet: etree._Element, strings: list[str], opinions: Sequence[Opinion]) -> None:
    sheet_data = sheet.find(s("sheetData"))
    rows = _rows(sheet_data)
    layout = _layout(rows, strings)
    if layout.header_row == 0:
        layout = _add_header(sheet_data, rows, layout)
    _add_missing_columns(sheet_data, rows, layout, _fields_used(opinions))
    _refuse_without_room(rows, layout, len(opinions))
    styles = _styles_of(rows.get(layout.last_row), layout)
    for offset, opinion in enumerate(opinions, start=1):
        number = layout.last_row + offset
        row = rows.get(number)
        if row is None:
            row = _insert_row(sheet_data, rows, number)
        for field, column in layout.columns.items():
            if field in WRITTEN_FIELDS or field in schema.NEW_MEASURE_FIELDS:
                _set_cell(row, number, column, _value(opinion, field), styles.get(column))
    _update_dimension(sheet, layout.last_row + len(opinions), max(layout.columns.values()))


def _refuse_without_room(rows: dict[int, etree._Element], layout: _Layout, count: int) -> None:
    """Raise InputError naming the lowest cell in use when ``count`` rows no longer fit below."""
    if layout.last_row + count <= MAX_ROWS:
        return
    row = rows.get(layout.last_row)
    cells = [c for c in _cells(row).items() if _has_value(c[1])] if row is not None else []
    ref = f"{column_letter(cells[0][0])}{layout.last_row}" if cells else f"第{layout.last_row}列"
    raise InputError(
        f"此儲存格有資料，其下已沒有空列可寫入 {count} 則新意見（工作表最多 {MAX_ROWS} 列）；"
        "請刪除此儲存格的內容（可能是誤填）後再執行 collect",
        where=f"{SHEET}!{ref}",
    )


def _fields_used(opinions: Sequence[Opinion]) -> tuple[str, ...]:
    """Return the fields to write: the usual ones, and a new measure's that any opinion has."""
    extra = [name for name in schema.NEW_MEASURE_FIELDS if any(getattr(o, name) for o in opinions)]
    return (*WRITTEN_FIELDS, *extra)


def _value(opinion: Opinion, field: str) -> str:
    """Return the cell text of ``field``: units joined with 、, a date as 106/10/31.

    Raise InputError, before anything is written, when the text is over what an Excel cell
    holds (:data:`CELL_LIMIT` characters): Excel would refuse to open the workbook.
    """
    if field == "decision":
        return ""
    value = getattr(opinion, field)
    if isinstance(value, tuple):
        text = "、".join(value)
    elif isinstance(value, date):
        text = f"{value.year - 1911}/{value.month}/{value.day}"
    else:
        text = "" if value is None else str(value)
    if len(text) > CELL_LIMIT:
        name = schema.OPINIONS.column(field).name
        raise InputError(
            f"意見「{opinion.id}」（{opinion.unit}）的{name}有 {len(text):,} 字，超過 Excel 儲存格"
            f"上限 {CELL_LIMIT:,} 字，沒有寫入任何意見；請縮短後再執行 collect",
            where=SHEET,
        )
    return text


def _add_header(
    sheet_data: etree._Element, rows: dict[int, etree._Element], layout: _Layout
) -> _Layout:
    """Write the header row above everything (an empty sheet, or one whose header is gone)."""
    number = 1 if 1 not in rows else layout.last_row + 1
    row = rows.get(number)
    if row is None:
        row = _insert_row(sheet_data, rows, number)
    columns = {}
    for index, column in enumerate(schema.OPINIONS.columns, start=1):
        _set_cell(row, number, index, column.name, None)
        columns[column.field] = index
    return _Layout(header_row=number, columns=columns, last_row=number)


def _add_missing_columns(
    sheet_data: etree._Element,
    rows: dict[int, etree._Element],
    layout: _Layout,
    fields: Sequence[str] = WRITTEN_FIELDS,
) -> None:
    """Give each of ``fields`` a column, adding headers after the last one used."""
    header = rows.get(layout.header_row)
    if header is None:
        header = _insert_row(sheet_data, rows, layout.header_row)
    used = set(_cells(header)) | set(layout.columns.values())
    next_column = max(used, default=0) + 1
    for column in schema.OPINIONS.columns:
        if column.field in fields and column.field not in layout.columns:
            _set_cell(header, layout.header_row, next_column, column.name, None)
            layout.columns[column.field] = next_column
            next_column += 1


def _styles_of(row: etree._Element | None, layout: _Layout) -> dict[int, str]:
    """Return the style of each column's cell in the last data row, for the new rows."""
    if row is None or int(row.get("r", "0")) <= layout.header_row:
        return {}
    return {column: cell.get("s") for column, cell in _cells(row).items() if cell.get("s")}


def _insert_row(
    sheet_data: etree._Element, rows: dict[int, etree._Element], number: int
) -> etree._Element:
    row = etree.Element(s("row"))
    row.set("r", str(number))
    later = [n for n in rows if n > number]
    if later:
        rows[min(later)].addprevious(row)
    else:
        sheet_data.append(row)
    rows[number] = row
    return row


def _set_cell(row: etree._Element, number: int, column: int, text: str, style: str | None) -> None:
    """Put ``text`` as an inline string into the row's cell at ``column`` (kept in order)."""
    row.attrib.pop("spans", None)
    cells = _cells(row)
    existing = cells.get(column)
    cell = etree.Element(s("c"))
    cell.set("r", f"{column_letter(column)}{number}")
    kept_style = existing.get("s") if existing is not None else None
    if kept_style or style:
        cell.set("s", kept_style or style)
    if text:
        cell.set("t", "inlineStr")
        inline = etree.SubElement(cell, s("is"))
        node = etree.SubElement(inline, s("t"))
        node.text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
        if text != text.strip() or "\n" in text:
            node.set(XML_SPACE, "preserve")
    if existing is not None:
        existing.addprevious(cell)
        row.remove(existing)
        return
    later = [c for c in cells if c > column]
    if later:
        cells[min(later)].addprevious(cell)
    else:
        row.append(cell)


def _update_dimension(sheet: etree._Element, last_row: int, last_column: int) -> None:
    dimension = sheet.find(s("dimension"))
    if dimension is None:
        return
    ref = dimension.get("ref", "A1")
    start = ref.split(":", 1)[0]
    end = ref.split(":", 1)[-1]
    match = _CELL_REF.fullmatch(end)
    if match:
        last_column = max(last_column, column_number(match.group(1)))
        last_row = max(last_row, int(match.group(2)))
    dimension.set("ref", f"{start}:{column_letter(last_column)}{last_row}")


# --- a new sheet ----------------------------------------------------------------------------------


def _new_sheet(opinions: Sequence[Opinion]) -> bytes:
    """Return a 修正意見 worksheet: header, widths, the kind and decision drop-downs, rows."""
    columns = schema.OPINIONS.columns
    last = column_letter(len(columns))
    root = etree.Element(s("worksheet"), nsmap={None: SPREADSHEET, "r": R})
    etree.SubElement(root, s("dimension")).set("ref", f"A1:{last}{len(opinions) + 1}")
    views = etree.SubElement(etree.SubElement(root, s("sheetViews")), s("sheetView"))
    views.set("workbookViewId", "0")
    pane = etree.SubElement(views, s("pane"))
    pane.attrib.update({"ySplit": "1", "topLeftCell": "A2", "activePane": "bottomLeft"})
    pane.set("state", "frozen")
    cols = etree.SubElement(root, s("cols"))
    for index, column in enumerate(columns, start=1):
        col = etree.SubElement(cols, s("col"))
        col.attrib.update({"min": str(index), "max": str(index), "customWidth": "1"})
        col.set("width", str(column.width))
    sheet_data = etree.SubElement(root, s("sheetData"))
    rows: dict[int, etree._Element] = {}
    layout = _add_header(sheet_data, rows, _Layout(0, {}, 0))
    for offset, opinion in enumerate(opinions, start=1):
        number = layout.header_row + offset
        row = _insert_row(sheet_data, rows, number)
        for field, column in layout.columns.items():
            if field in WRITTEN_FIELDS or field in schema.NEW_MEASURE_FIELDS:
                _set_cell(row, number, column, _value(opinion, field), None)
    _add_choice_lists(root, layout)
    margins = etree.SubElement(root, s("pageMargins"))
    margins.attrib.update(
        {
            "left": "0.75",
            "right": "0.75",
            "top": "1",
            "bottom": "1",
            "header": "0.5",
            "footer": "0.5",
        }
    )
    return _serialize(root)


def _add_choice_lists(root: etree._Element, layout: _Layout) -> None:
    validations = etree.SubElement(root, s("dataValidations"))
    for field in ("kind", "decision", "meeting_decision"):
        column = schema.OPINIONS.column(field)
        letter = column_letter(layout.columns[field])
        validation = etree.SubElement(validations, s("dataValidation"))
        validation.attrib.update({"type": "list", "allowBlank": "1", "showErrorMessage": "1"})
        validation.set("sqref", f"{letter}2:{letter}1000")
        etree.SubElement(validation, s("formula1")).text = '"' + ",".join(column.choices) + '"'
    validations.set("count", str(len(validations)))
