"""Turn a returned .odt (or old .doc) into a .docx through LibreOffice, checking it first.

An .odt is a zip like a .docx, so it gets the same safety checks before LibreOffice sees it:
every part inflated within the size cap and every XML part free of DOCTYPE declarations.
Without LibreOffice the file is skipped with a message naming it and saying what to install.
"""

from __future__ import annotations

from pathlib import Path

from docgen.office.soffice import ConversionFailed, OfficeNotFound, convert
from docgen.ooxml.zip import check_all_parts, open_zip
from docgen.problems import RejectedFile

CONVERTED = (".odt", ".doc")


def needs_conversion(path: Path) -> bool:
    """Return True for the formats read through LibreOffice (.odt, .doc)."""
    return path.suffix.lower() in CONVERTED


def to_docx(path: Path, work_dir: Path) -> Path:
    """Return a .docx converted from ``path`` into ``work_dir``; raise RejectedFile if not."""
    if path.suffix.lower() == ".odt":
        with open_zip(path) as archive:
            if "content.xml" not in archive.namelist():
                raise RejectedFile("副檔名為 .odt，但不是 ODF 文字文件")
            check_all_parts(archive)
    target_dir = work_dir / f"{len(list(work_dir.iterdir()))}"
    try:
        return convert(path, "docx", target_dir)
    except OfficeNotFound:
        raise RejectedFile(
            f"{path.suffix.lower()} 檔須以 LibreOffice 轉換，但找不到 LibreOffice；"
            "請安裝 LibreOffice（或設定 DOCGEN_SOFFICE），或請單位另存為 .docx 後再回收"
        ) from None
    except ConversionFailed as error:
        raise RejectedFile(f"LibreOffice 無法轉換此檔案（{error}）") from None
