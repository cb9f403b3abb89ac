"""Read what a PDF shows (fonts, text, word positions) with poppler-utils.

A missing tool skips the test, except under CI=true, where it fails: CI must have
every tool, and a skip there would hide a missing install step.
"""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import NoReturn

import pytest

SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
BBOX_PAGE = re.compile(r"<page\b")
BBOX_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def missing_tool(message: str) -> NoReturn:
    """Skip the running test for want of a tool; fail it instead when CI is "true"."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: every tool must be installed)")
    pytest.skip(message)


def _poppler(tool: str) -> str:
    """Return the path of poppler's `tool`, or skip/fail the test without it."""
    path = shutil.which(tool)
    if path is None:
        missing_tool(f"{tool} not found: install poppler-utils")
    return path


def _run(tool: str, *args: str) -> str:
    """Return the standard output of poppler's `tool` run with `args`."""
    command = [_poppler(tool), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_fonts(pdf: Path) -> list[str]:
    """Return the names of the fonts used in `pdf`, without subset prefixes (ABCDEF+)."""
    lines = _run("pdffonts", str(pdf)).splitlines()[2:]  # two header lines
    return [SUBSET_PREFIX.sub("", line.split()[0]) for line in lines if line.strip()]


def pdf_text(pdf: Path) -> str:
    """Return the text of `pdf` in its layout, pages separated by form feeds."""
    return _run("pdftotext", "-layout", str(pdf), "-")


def pdf_pages(pdf: Path) -> list[str]:
    """Return the layout text of each page of `pdf`."""
    pages = pdf_text(pdf).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@dataclass(frozen=True)
class Word:
    """A word as poppler places it: page number (from 1) and box in points."""

    page: int
    x: float
    y: float
    x_max: float
    text: str


def pdf_words(pdf: Path) -> list[Word]:
    """Return every word of `pdf` with its page and position (pdftotext -bbox)."""
    words = []
    for page, chunk in enumerate(BBOX_PAGE.split(_run("pdftotext", "-bbox", str(pdf), "-"))):
        for x, y, x_max, _, text in BBOX_WORD.findall(chunk):
            words.append(Word(page, float(x), float(y), float(x_max), unescape(text)))
    return words


def docx_to_pdf(data: bytes, folder: Path, name: str = "document.docx") -> Path:
    """Write the .docx ``data`` to ``folder/name`` and return its PDF made by LibreOffice."""
    from docgen.office import soffice as office

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return office.convert(path, "pdf", folder)


def pdf_images(pdf: Path) -> list[tuple[int, int, int]]:
    """Return (page, width, height) of every image in `pdf` (pdfimages -list)."""
    lines = _run("pdfimages", "-list", str(pdf)).splitlines()[2:]  # two header lines
    return [(int(f[0]), int(f[3]), int(f[4])) for f in (line.split() for line in lines) if f]
