"""Read a workbook into plain rows that remember their sheet and cell.

It first checks what the file really is (an old .xls, a password-protected workbook, a Word
file, an empty or corrupt file) so that the user gets a clear message instead of a library's
traceback. The cells of an .xlsx are read by :mod:`.xlsx` (without openpyxl, which only writes
workbooks), those of an ODF spreadsheet (.ods, saved by LibreOffice Calc, recognised by its
content) by :mod:`.ods`, into the same rows.

What it hands on is what a person sees in Excel, and the work stays bounded by the cells that
hold values:

* text is the cell's text as stored, Excel's ``_xHHHH_`` escapes still in it, for
  :func:`~docgen.workbook.values.clean_text` to decode exactly once; phonetic guides (``rPh``,
  注音 or furigana over a header) are not part of a cell's text;
* a merged range gives its value to the cells it covers in the rows that hold values, never to
  every one of a million empty rows;
* of sheets whose names differ only by spaces or width (「案 例」 and 「案例」), the visible
  one with the exact name is read and the others named in a warning.

It also tells who holds the workbook open (:func:`office_lock`: Excel's ``~$`` owner file or
LibreOffice's ``.~lock.…#``) and reads the workbook's form key material
(:func:`form_key_material`, see :mod:`docgen.model.identity`).
"""

from __future__ import annotations

import bisect
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from docgen.problems import InputError, Problems
from docgen.workbook import schema
from docgen.workbook.coordinates import column_letter
from docgen.workbook.values import normalize_key

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_PROPERTIES_BYTES = 1024 * 1024

CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
DCTERMS = "http://purl.org/dc/terms/"
FORM_KEY_PROPERTY = "docgen.form_key"
_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
)


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


def libreoffice_lock_file(path: Path) -> Path:
    """Return the name LibreOffice gives its lock file while ``path`` is open: ``.~lock.NAME#``."""
    return path.with_name(f".~lock.{path.name}#")


@dataclass(frozen=True)
class OfficeLock:
    """A lock file beside a workbook: which program holds it open, and who, when it says."""

    path: Path
    program: str  # 「Excel」 or 「LibreOffice」
    user: str = ""

    def holder(self) -> str:
        """Return 「Excel（使用者：王小華）」, or the program alone when the file names no one."""
        return f"{self.program}（使用者：{self.user}）" if self.user else self.program


def office_lock(path: Path) -> OfficeLock | None:
    """Return the lock file of Excel or LibreOffice beside ``path`` (or its real file), or None.

    For a symbolic link both folders are looked at: the program may have opened either name.
    """
    places = [path]
    real = _real_path(path)
    if real != path:
        places.append(real)
    for place in places:
        for candidate in lock_file_candidates(place):
            if _lexists(candidate):
                return OfficeLock(candidate, "Excel", _excel_owner(candidate))
        candidate = libreoffice_lock_file(place)
        if _lexists(candidate):
            return OfficeLock(candidate, "LibreOffice", _libreoffice_owner(candidate))
    return None


def open_lock_file(path: Path) -> Path | None:
    """Return the lock file of Excel or LibreOffice beside ``path`` when one holds it open."""
    lock = office_lock(path)
    return lock.path if lock is not None else None


def _real_path(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def _lexists(path: Path) -> bool:
    try:
        path.lstat()
    except OSError:
        return False
    return True


def _read_small(path: Path, limit: int = 4096) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(limit)
    except OSError:
        return b""


def _excel_owner(path: Path) -> str:
    """Return the user named in Excel's ``~$`` owner file ("" when it cannot be told).

    The file starts with the name's length and the name in the system code page, padded to 54
    bytes; then the length again and the name in UTF-16.
    """
    data = _read_small(path)
    if len(data) >= 56 and 0 < data[54] <= 54 and len(data) >= 56 + 2 * data[54]:
        name = data[56 : 56 + 2 * data[54]].decode("utf-16-le", errors="replace")
        if name.isprintable() and "\ufffd" not in name:
            return name.strip()
    if data and 0 < data[0] < len(data):
        for encoding in ("cp950", "latin-1"):
            try:
                name = data[1 : 1 + data[0]].decode(encoding)
            except UnicodeDecodeError:
                continue
            if name.strip() and name.isprintable():
                return name.strip()
    return ""


def _libreoffice_owner(path: Path) -> str:
    """Return 「name@host」 from LibreOffice's lock file (name, system user, host, time, …;)."""
    text = _read_small(path).decode("utf-8", errors="replace")
    fields, current, escaped = [], "", False
    for char in text:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char in ",;":
            fields.append(current)
            current = ""
            if char == ";":
                break
        else:
            current += char
    fields += ["", "", ""]
    name = (fields[0] or fields[1]).strip()
    host = fields[2].strip()
    shown = f"{name}@{host}" if name and host else name or host
    return shown if shown.isprintable() else ""


def read_workbook(path: Path) -> RawWorkbook:
    """Return the workbook's sheets as raw rows; raise InputError naming the file if unusable."""
    where = str(path)
    is_xlsx = _check_file(path)
    problems = Problems()
    lock = office_lock(path)
    if lock is not None:
        problems.warning(
            where,
            f"工作簿似乎仍在 {lock.holder()} 中開啟（有 {lock.path.name}），"
            "讀取的是最後一次存檔的內容；請先存檔再執行",
        )
    if not is_xlsx:
        from docgen.workbook import ods

        sheets = ods.read_sheets(path, problems)
    else:
        sheets = _load_sheets(path, problems)
    return RawWorkbook(path=path, sheets=sheets, problems=problems)


def _is_ods(path: Path) -> bool:
    from docgen.workbook.ods import is_ods

    return is_ods(path)


def _check_file(path: Path) -> bool:
    """Refuse what is not a workbook docgen reads; return True for an .xlsx, False for an .ods."""
    where = str(path)
    if not path.exists():
        raise InputError(f"找不到工作簿檔案「{path}」", where="")
    if path.is_dir():
        raise InputError("這是資料夾，不是 Excel 工作簿；請指定 .xlsx 或 .ods 檔案", where=where)
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as error:
        raise InputError(f"無法讀取工作簿（{_read_reason(error)}）", where=where) from None
    if not head:
        raise InputError("檔案是空的（0 位元組），不是 Excel 工作簿", where=where)
    if head.startswith(OLE_MAGIC):
        raise InputError(_ole_message(path), where=where)
    if not head.startswith(ZIP_MAGIC):
        raise InputError(
            "不是 Excel 工作簿（.xlsx）；也不是 ODF 試算表（.ods）；"
            "若是其他格式改名而來，請在 Excel 開啟後另存為 .xlsx",
            where=where,
        )
    return _check_zip(path)


def _read_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "沒有讀取此檔案的權限，請向檔案擁有者取得權限"
    return error.strerror or type(error).__name__


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


def _check_zip(path: Path) -> bool:
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
        return "mimetype" not in names or not _is_ods(path)
    if "word/document.xml" in names:
        raise InputError("這是 Word 文件（.docx），不是 Excel 工作簿", where=where)
    if "xl/workbook.bin" in names:
        raise InputError("這是 Excel 二進位活頁簿（.xlsb）；請另存為 .xlsx", where=where)
    if "content.xml" in names or "mimetype" in names:
        _check_odf(path)
        return False
    raise InputError("不是 Excel 工作簿（.xlsx），也不是 ODF 試算表（.ods）", where=where)


def _check_odf(path: Path) -> None:
    """Accept an ODF spreadsheet (read by :mod:`.ods`); refuse other ODF files by name."""
    from docgen.workbook.ods import ODS_MIMETYPE, odf_mimetype

    mimetype = odf_mimetype(path)
    if mimetype is None or mimetype.startswith(ODS_MIMETYPE):
        return  # an .ods, or a damaged one: the .ods reader says what is wrong
    if b".text" in mimetype:
        raise InputError("這是 ODF 文字文件（.odt），不是試算表", where=str(path))
    raise InputError(
        f"這是 ODF 檔案（{mimetype.decode('ascii', 'replace')}），不是試算表", where=str(path)
    )


def _load_sheets(path: Path, problems: Problems) -> dict[str, RawSheet]:
    from docgen.workbook import xlsx

    return xlsx.read_sheets(path, problems)


# --- sheets whose names differ only by spaces or width ------------------------------------------

_STATES = {"hidden": "隱藏", "veryHidden": "隱藏"}


def choose_sheets(sheets: Sequence[tuple[str, str]], problems: Problems | None = None) -> list[str]:
    """Return the names of the sheets to read among (name, state) pairs, in workbook order.

    Names that fold to the same key (「案 例」, 「案例」, 「ＣＡＳＥ」) are one sheet to docgen: the
    visible one wins, then the one spelled exactly as the contract names it, then the first.
    Each one left out is named in a warning (when ``problems`` is given).
    """
    names = (*(sheet.name for sheet in schema.SHEETS), schema.HELP_SHEET)
    exact = {normalize_key(name): name for name in names}
    groups: dict[str, list[tuple[int, str, str]]] = {}
    for index, (name, state) in enumerate(sheets):
        groups.setdefault(normalize_key(name), []).append((index, name, state or "visible"))
    kept: list[tuple[int, str]] = []
    for key, members in groups.items():
        best = min(members, key=lambda m: (m[2] != "visible", m[1] != exact.get(key), m[0]))
        kept.append((best[0], best[1]))
        for _, name, state in members:
            if name != best[1] and problems is not None:
                hidden = f"（{_STATES[state]}工作表）" if state in _STATES else ""
                problems.warning(
                    name,
                    f"此工作表{hidden}與「{best[1]}」名稱相近，docgen 只讀取「{best[1]}」；"
                    "若此表已不再使用，請刪除它，若應讀取此表，請刪除或改名另一表",
                )
    return [name for _, name in sorted(kept)]


def chosen_sheet(sheets: Sequence[tuple[str, str]], wanted: str) -> str | None:
    """Return the name of the sheet read as ``wanted`` among (name, state) pairs, or None."""
    key = normalize_key(wanted)
    return next((n for n in choose_sheets(sheets) if normalize_key(n) == key), None)


# --- the form key -------------------------------------------------------------------------------


def form_key_material(path: Path) -> str:
    """Return what the key that seals the workbook's forms is made from ("" if nothing).

    The custom document property ``docgen.form_key`` (a random secret written by ``docgen
    init``) when the workbook has one; else the moment the workbook file was first created
    (``dcterms:created``, kept by Excel and LibreOffice through every save). A form holds
    neither. See :mod:`docgen.model.identity`.
    """
    if _is_ods(path):
        from docgen.workbook import ods

        return ods.form_key_material(path, FORM_KEY_PROPERTY)
    try:
        with zipfile.ZipFile(path) as archive:
            stored = _custom_property(archive, FORM_KEY_PROPERTY)
            if stored:
                return f"stored:{stored}"
            created = _created(archive)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return ""
    return f"created:{created}" if created else ""


def _property_root(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        info = archive.getinfo(name)
        if info.file_size > MAX_PROPERTIES_BYTES:
            return None
        return etree.fromstring(archive.read(info), _SAFE_PARSER)
    except (KeyError, etree.XMLSyntaxError, OSError, zipfile.BadZipFile, ValueError):
        return None


def _custom_property(archive: zipfile.ZipFile, name: str) -> str:
    root = _property_root(archive, "docProps/custom.xml")
    if root is None:
        return ""
    for item in root.iterchildren(f"{{{CUSTOM_PROPERTIES}}}property"):
        if item.get("name") == name:
            return "".join(item.itertext()).strip()
    return ""


def _created(archive: zipfile.ZipFile) -> str:
    root = _property_root(archive, "docProps/core.xml")
    if root is None:
        return ""
    created = root.find(f"{{{DCTERMS}}}created")
    return (created.text or "").strip() if created is not None else ""


class UncachedFormula:
    """Stands for a formula cell whose result was never computed (no Excel save yet)."""

    def __repr__(self) -> str:
        return "UNCACHED_FORMULA"


UNCACHED_FORMULA = UncachedFormula()


def fill_merges(
    grid: dict[int, dict[str, object]], merges: tuple[tuple[int, int, int, int], ...]
) -> None:
    """Give the cells of a merged range the value shown in it (its top-left cell's).

    Only rows that hold a value of their own are filled, and only up to the last column that
    holds one anywhere: merging whole columns costs what the sheet's values cost, not a million
    rows. (A row holding nothing but a merged value shows no record of its own.)
    """
    if not merges or not grid:
        return
    numbers = sorted(grid)
    last_column = max(len(cells) for cells in grid.values())
    originals = {n: dict(cells) for n, cells in grid.items()}
    for first_col, first_row, last_col, last_row in merges:
        value = originals.get(first_row, {}).get(column_letter(first_col))
        if value is None or first_col > last_column:
            continue
        letters = [column_letter(c) for c in range(first_col, min(last_col, last_column) + 1)]
        start, end = bisect.bisect_left(numbers, first_row), bisect.bisect_right(numbers, last_row)
        for number in numbers[start:end]:
            row = grid[number]
            for letter in letters:
                if row.get(letter) is None:
                    row[letter] = value
