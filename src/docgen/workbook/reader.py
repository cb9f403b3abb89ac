"""Read an .xlsx workbook into plain rows that remember their sheet and cell.

This is the only module that reads workbooks with openpyxl. It first checks what the file
really is (an old .xls, a password-protected workbook, a Word file, an empty or corrupt file)
so that the user gets a clear message instead of a library's traceback.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from docgen.problems import InputError, Problems

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNCOMPRESSED = 512 * 1024 * 1024


@dataclass(frozen=True)
class RawRow:
    """One non-empty row: its number and its values by column letter, blanks included."""

    number: int
    cells: dict[str, object]

    def value(self, letter: str) -> object:
        """Return the value in column ``letter`` (None when blank)."""
        return self.cells.get(letter)


@dataclass(frozen=True)
class RawSheet:
    """A worksheet as read: its name in the workbook and its non-empty rows."""

    name: str
    rows: tuple[RawRow, ...]


@dataclass
class RawWorkbook:
    """Every worksheet of a workbook, and the warnings found while opening it."""

    path: Path
    sheets: dict[str, RawSheet]
    problems: Problems = field(default_factory=Problems)


def lock_file_candidates(path: Path) -> list[Path]:
    """Return the names Excel may give the ``~$`` owner file of an open workbook."""
    name = path.name
    stem_length = len(path.stem)
    names = {"~$" + name}
    if stem_length >= 7:
        names.add("~$" + name[1:])
    if stem_length >= 8:
        names.add("~$" + name[2:])
    return [path.with_name(candidate) for candidate in sorted(names)]


def open_lock_file(path: Path) -> Path | None:
    """Return Excel's owner file beside ``path`` when the workbook is open in Excel."""
    return next((p for p in lock_file_candidates(path) if p.exists()), None)


def read_workbook(path: Path) -> RawWorkbook:
    """Return the workbook's sheets as raw rows; raise InputError naming the file if unusable."""
    where = str(path)
    _check_file(path)
    problems = Problems()
    lock = open_lock_file(path)
    if lock is not None:
        problems.warning(
            where,
            f"工作簿似乎仍在 Excel 中開啟（有 {lock.name}），讀取的是最後一次存檔的內容；"
            "請先存檔再執行",
        )
    sheets = _load_sheets(path)
    return RawWorkbook(path=path, sheets=sheets, problems=problems)


def _check_file(path: Path) -> None:
    where = str(path)
    if not path.exists():
        raise InputError(f"找不到工作簿檔案「{path}」", where="")
    if path.is_dir():
        raise InputError("這是資料夾，不是 Excel 工作簿；請指定 .xlsx 檔案", where=where)
    with path.open("rb") as stream:
        head = stream.read(8)
    if not head:
        raise InputError("檔案是空的（0 位元組），不是 Excel 工作簿", where=where)
    if head.startswith(OLE_MAGIC):
        raise InputError(_ole_message(path), where=where)
    if not head.startswith(ZIP_MAGIC):
        raise InputError(
            "不是 Excel 工作簿（.xlsx）；若是其他格式改名而來，請在 Excel 開啟後另存為 .xlsx",
            where=where,
        )
    _check_zip(path)


def _ole_message(path: Path) -> str:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
                return (
                    "工作簿設有密碼保護，docgen 無法讀取；請在 Excel 以「檔案 > 資訊 > 保護活頁簿"
                    " > 以密碼加密」清除密碼後另存"
                )
            if ole.exists("Workbook") or ole.exists("Book"):
                return (
                    "這是舊版 Excel 97-2003 活頁簿（.xls）；"
                    "請在 Excel 另存為「Excel 活頁簿（.xlsx）」"
                )
            if ole.exists("WordDocument"):
                return "這是 Word 文件（.doc），不是 Excel 工作簿"
    except OSError:
        pass
    return "這是舊版 Office 格式的檔案，不是 .xlsx 工作簿；請在 Excel 另存為 .xlsx"


def _check_zip(path: Path) -> None:
    where = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise InputError(
            "檔案已損壞，無法以 .xlsx 開啟；請改用備份或重新存檔", where=where
        ) from None
    if "xl/workbook.xml" in names:
        if total > MAX_UNCOMPRESSED:
            raise InputError("工作簿解壓縮後過大，docgen 拒絕讀取", where=where)
        return
    if "word/document.xml" in names:
        raise InputError("這是 Word 文件（.docx），不是 Excel 工作簿", where=where)
    if "xl/workbook.bin" in names:
        raise InputError("這是 Excel 二進位活頁簿（.xlsb）；請另存為 .xlsx", where=where)
    if "content.xml" in names:
        raise InputError(
            "這是 ODF 試算表（.ods）；請在 Excel 或 LibreOffice 另存為 .xlsx", where=where
        )
    raise InputError("不是 Excel 工作簿（.xlsx）", where=where)


def _load_sheets(path: Path) -> dict[str, RawSheet]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # any failure of a third-party parser becomes one clear message
        raise InputError(
            f"無法讀取工作簿（{type(exc).__name__}）；請在 Excel 開啟後重新存檔", where=str(path)
        ) from None
    try:
        with zipfile.ZipFile(path) as archive:
            return {
                ws.title: _read_sheet(ws, _SheetExtras.read(archive, ws))
                for ws in workbook.worksheets
            }
    except Exception as exc:  # a corrupt sheet part
        raise InputError(
            f"工作簿內容損壞，無法讀取（{type(exc).__name__}）", where=str(path)
        ) from None
    finally:
        workbook.close()


class UncachedFormula:
    """Stands for a formula cell whose result was never computed (no Excel save yet)."""

    def __repr__(self) -> str:
        return "UNCACHED_FORMULA"


UNCACHED_FORMULA = UncachedFormula()

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?r=\"([A-Z]+\d+)\"[^>]*?(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")


@dataclass(frozen=True)
class _SheetExtras:
    """What read-only openpyxl does not tell: merged ranges and never-computed formulas."""

    merges: tuple[tuple[int, int, int, int], ...] = ()  # (first col, first row, last col, last row)
    uncached: frozenset[str] = frozenset()

    @classmethod
    def read(cls, archive: zipfile.ZipFile, worksheet: object) -> _SheetExtras:
        part = getattr(worksheet, "_worksheet_path", None)
        if not part or part not in archive.namelist():
            return cls()
        data = archive.read(part)
        return cls(_merged_ranges(data), _uncached_formulas(data))


def _merged_ranges(data: bytes) -> tuple[tuple[int, int, int, int], ...]:
    """Return each merged range of a sheet's XML as (first col, first row, last col, last row)."""
    if b"mergeCell" not in data:
        return ()
    found = _MERGE.findall(data)
    return tuple(
        (column_index_from_string(a.decode()), int(b), column_index_from_string(c.decode()), int(d))
        for a, b, c, d in found
    )


def _uncached_formulas(data: bytes) -> frozenset[str]:
    """Return the cells of a sheet's XML that hold a formula but no computed value."""
    if not _FORMULA.search(data):
        return frozenset()
    cells = _CELL.findall(data)
    return frozenset(
        ref.decode() for ref, body in cells if _FORMULA.search(body) and not _VALUE.search(body)
    )


def _read_sheet(worksheet: object, extras: _SheetExtras) -> RawSheet:
    worksheet.reset_dimensions()  # trust the cells, not a possibly stale <dimension>
    grid: dict[int, dict[str, object]] = {}
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if any(v is not None and v != "" for v in values) or extras.merges or extras.uncached:
            grid[number] = {get_column_letter(i): v for i, v in enumerate(values, start=1)}
    _fill_merges(grid, extras.merges)
    for ref in extras.uncached:
        letter, number = coordinate_from_string(ref)
        if grid.get(number, {}).get(letter) is None:
            grid.setdefault(number, {})[letter] = UNCACHED_FORMULA
    rows = tuple(
        RawRow(number=number, cells=cells)
        for number, cells in sorted(grid.items())
        if any(v is not None and v != "" for v in cells.values())
    )
    return RawSheet(name=worksheet.title, rows=rows)


def _fill_merges(
    grid: dict[int, dict[str, object]], merges: tuple[tuple[int, int, int, int], ...]
) -> None:
    """Give every cell of a merged range the value shown in it (its top-left cell's)."""
    for first_col, first_row, last_col, last_row in merges:
        value = grid.get(first_row, {}).get(get_column_letter(first_col))
        if value is None:
            continue
        for number in range(first_row, last_row + 1):
            row = grid.setdefault(number, {})
            for column in range(first_col, last_col + 1):
                row.setdefault(get_column_letter(column), None)
                if row[get_column_letter(column)] is None:
                    row[get_column_letter(column)] = value
