"""Page images of documents, for a person without Word: LibreOffice → PDF → PNG (pdftoppm).

The documents are copied into a scratch folder and converted there with one LibreOffice
(:func:`docgen.office.batch.convert_all`), so no PDF is left beside them; each page becomes
``<folder>/<name>-<page>.png`` (the folder mirrors the sub-folders of a folder previewed), and
an older preview of the same document is replaced whole.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docgen.files.atomic import os_reason
from docgen.office.batch import convert_all
from docgen.office.errors import ConversionFailed, OfficeNotFound
from docgen.problems import OutputError

SUFFIXES = (".docx", ".odt", ".doc", ".pdf")
RESOLUTION = 60
DEFAULT_FOLDER = "預覽"
POPPLER_PACKAGE = "poppler-utils"


@dataclass(frozen=True)
class Preview:
    """The page images of one document."""

    source: Path
    pages: list[Path]


def default_folder(target: Path) -> Path:
    """Return where the previews of ``target`` (a file or a folder) go unless told: 預覽/ beside."""
    return (target if target.is_dir() else target.parent) / DEFAULT_FOLDER


def documents(target: Path) -> list[Path]:
    """Return the documents to preview: ``target`` itself, or those in the folder ``target``.

    Word's owner files (``~$…``), hidden files and earlier previews are left out.
    """
    if target.is_file():
        if target.suffix.lower() not in SUFFIXES:
            raise ConversionFailed(f"{target.name} 不是可預覽的文件（.docx、.odt、.doc、.pdf）")
        return [target]
    if not target.is_dir():
        raise ConversionFailed(f"找不到要預覽的檔案或資料夾 {target}")
    found = [
        path
        for path in sorted(target.rglob("*"))
        if path.is_file()
        and path.suffix.lower() in SUFFIXES
        and not path.name.startswith(("~$", "."))
        and DEFAULT_FOLDER not in path.relative_to(target).parts
    ]
    if not found:
        raise ConversionFailed(f"資料夾 {target} 中沒有可預覽的文件（.docx、.odt、.doc、.pdf）")
    return found


def preview(
    target: Path, out_dir: Path | None = None, resolution: int = RESOLUTION
) -> list[Preview]:
    """Render every page of ``target`` (a document or a folder of them) to PNG in ``out_dir``.

    Return one :class:`Preview` per document, in name order. ``out_dir`` defaults to
    :func:`default_folder`. Raise OfficeNotFound without LibreOffice or pdftoppm, and
    ConversionFailed when a document cannot be converted.
    """
    pdftoppm = _find_pdftoppm()
    sources = documents(target)
    folder = out_dir or default_folder(target)
    base = target if target.is_dir() else target.parent
    with tempfile.TemporaryDirectory(prefix="docgen-preview-") as scratch:
        pdfs = _pdfs(sources, Path(scratch))
        results = []
        for source, pdf in zip(sources, pdfs, strict=True):
            destination = folder / source.parent.relative_to(base)
            pages = _render(pdftoppm, pdf, Path(scratch) / "pages", resolution)
            results.append(Preview(source, _move_pages(pages, destination, source.stem)))
    return results


def _find_pdftoppm() -> str:
    """Return the pdftoppm program, or raise OfficeNotFound naming its package."""
    found = shutil.which("pdftoppm")
    if found is None:
        raise OfficeNotFound(
            f"找不到 pdftoppm，無法產生預覽圖；請安裝 {POPPLER_PACKAGE}"
            f"（Debian／Ubuntu：sudo apt-get install {POPPLER_PACKAGE}）"
        )
    return found


def _pdfs(sources: list[Path], scratch: Path) -> list[Path]:
    """Return a PDF of each source, made in ``scratch`` (a PDF source is used as it is)."""
    copies: list[Path] = []
    for index, source in enumerate(sources):
        if source.suffix.lower() == ".pdf":
            continue
        copy = scratch / "documents" / str(index) / source.name
        copy.parent.mkdir(parents=True)
        shutil.copyfile(source, copy)
        copies.append(copy)
    made = iter(convert_all(copies, ["pdf"]) if copies else [])
    return [source if source.suffix.lower() == ".pdf" else next(made) for source in sources]


def _render(pdftoppm: str, pdf: Path, scratch: Path, resolution: int) -> list[Path]:
    """Render each page of ``pdf`` to a PNG in a new folder under ``scratch``; Return them."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    command = [pdftoppm, "-png", "-r", str(resolution), str(pdf), str(scratch / "page")]
    done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    pages = sorted(scratch.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if done.returncode != 0 or not pages:
        detail = done.stderr.strip().splitlines()[-1:] or ["沒有產生任何頁面"]
        raise ConversionFailed(f"無法將 {pdf.name} 轉成預覽圖：{detail[0]}")
    return pages


def _move_pages(pages: list[Path], destination: Path, stem: str) -> list[Path]:
    """Move ``pages`` to ``destination/<stem>-<n>.png``, replacing an older preview whole."""
    width = max(2, len(str(len(pages))))
    targets = [
        destination / f"{stem}-{number:0{width}d}.png" for number in range(1, len(pages) + 1)
    ]
    try:
        destination.mkdir(parents=True, exist_ok=True)
        for old in destination.glob(f"{_glob_escape(stem)}-*.png"):
            if old.stem[len(stem) + 1 :].isdigit() and old not in targets:
                old.unlink()
        for page, target in zip(pages, targets, strict=True):
            shutil.move(page, target)
    except OSError as error:
        raise OutputError(
            f"無法寫入預覽圖到「{destination}」：{os_reason(error, destination)}"
        ) from None
    return targets


def _glob_escape(text: str) -> str:
    """Return ``text`` with glob's special characters taken literally."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)
