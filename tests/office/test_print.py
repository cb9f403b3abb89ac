"""Print-ready PDF and ODF of every document kind, made by the one-LibreOffice batch.

Every Word document of the bundled example (all kinds, every revision form) is converted in one
batch, as ``docgen build --pdf --odt`` does, and each PDF is checked as a reader would see it:
only the Taiwanese Kai face and Liberation Serif (no Simplified-Chinese, Japanese, Korean or
sans face), 第 X 頁，共 Y 頁 on every page with the right numbers, the document's title in
its metadata, tagged, with a text layer. Each ODT is opened again by LibreOffice and keeps
its text.
"""

import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from docgen.documents import Options, all_kinds
from docgen.files.paths import example_workbook
from docgen.office import batch
from docgen.workbook.loader import load_project
from support.pdfcheck import pdf_fonts, pdf_pages

pytestmark = pytest.mark.soffice

DOCX_KINDS = [kind for kind in all_kinds() if kind.format == "docx"]
ALLOWED_FONT = re.compile(r"^(TW-Kai(-Ext-B|-Plus)?-\d|LiberationSerif)")
IDENTITY = "docgen-form:"
BASE_TEMPLATE_KINDS = ("draft", "forms", "pack", "signin", "minutes")


def squeeze(text: str) -> str:
    """Return ``text`` without whitespace (pdftotext spaces out digits among Chinese)."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Converted:
    """One document of the example and what the batch made of it."""

    kind: str
    docx: Path
    pdf: Path
    odt: Path


@pytest.fixture(scope="module")
def converted(tmp_path_factory, soffice) -> list[Converted]:
    """Return every Word document of the example, converted to PDF and ODT in one batch."""
    folder = tmp_path_factory.mktemp("print")
    project = load_project(example_workbook()).project
    documents: list[tuple[str, Path]] = []
    for kind in DOCX_KINDS:
        for rendered in kind.render(project, Options(force=True)):
            if rendered.relative_path.suffix != ".docx":
                continue  # a kind may write other files beside its Word documents
            path = folder / kind.key / rendered.relative_path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(rendered.data)
            documents.append((kind.key, path))
    made = batch.convert_all([path for _, path in documents], ["pdf", "odt"])
    assert made == [path.with_suffix(s) for _, path in documents for s in (".pdf", ".odt")]
    return [Converted(key, p, p.with_suffix(".pdf"), p.with_suffix(".odt")) for key, p in documents]


@pytest.fixture(scope="module")
def reopened(converted) -> dict[Path, Path]:
    """Return each ODT's text as LibreOffice reads it back (one more batch, to .txt)."""
    odts = [item.odt for item in converted]
    texts = batch.convert_all(odts, ["txt"])
    return dict(zip(odts, texts, strict=True))


def of_kind(converted: list[Converted], key: str) -> list[Converted]:
    found = [item for item in converted if item.kind == key]
    assert found, key
    return found


def visible_paragraphs(path: Path) -> list[str]:
    """Return the non-empty paragraphs of a .docx, body and tables, without the hidden identity."""
    document = docx.Document(str(path))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    texts = [squeeze(p.text) for p in paragraphs]
    return [text for text in texts if text and IDENTITY not in text]


@pytest.mark.parametrize("key", [kind.key for kind in DOCX_KINDS])
def test_pdf_uses_only_the_taiwanese_kai_face_and_liberation_serif(converted, key):
    for item in of_kind(converted, key):
        fonts = pdf_fonts(item.pdf)
        assert any(font.startswith("TW-Kai-") for font in fonts), (item.pdf.name, fonts)
        assert all(ALLOWED_FONT.match(font) for font in fonts), (item.pdf.name, fonts)


def has_page_footer(path: Path) -> bool:
    """Return True when the .docx has a footer with live PAGE and NUMPAGES fields."""
    with zipfile.ZipFile(path) as archive:
        footers = [n for n in archive.namelist() if re.fullmatch(r"word/footer\d*\.xml", n)]
        xml = "".join(archive.read(name).decode("utf-8") for name in footers)
    return "NUMPAGES" in xml and re.search(r"\bPAGE\b", xml) is not None


@pytest.mark.parametrize("key", [kind.key for kind in DOCX_KINDS])
def test_every_page_footer_reads_page_x_of_y(converted, key):
    """The templates of tools/templates/base.py have the 「第 X 頁，共 Y 頁」 footer."""
    footed = [item for item in of_kind(converted, key) if has_page_footer(item.docx)]
    if key in BASE_TEMPLATE_KINDS:
        assert footed == of_kind(converted, key)
    for item in footed:
        pages = pdf_pages(item.pdf)
        total = len(PdfReader(item.pdf).pages)
        assert len(pages) == total >= 1
        for number, page in enumerate(pages, 1):
            assert f"第{number}頁，共{total}頁" in squeeze(page), (item.pdf.name, number)


@pytest.mark.parametrize("key", [kind.key for kind in DOCX_KINDS])
def test_pdf_has_the_title_a_text_layer_and_tags(converted, key):
    for item in of_kind(converted, key):
        title = docx.Document(str(item.docx)).core_properties.title
        reader = PdfReader(item.pdf)
        assert title and reader.metadata.title == title
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
        text = squeeze("".join(pdf_pages(item.pdf)))
        assert visible_paragraphs(item.docx)[0] in text


@pytest.mark.parametrize("key", [kind.key for kind in DOCX_KINDS])
def test_pdf_embeds_every_font(converted, key):
    for item in of_kind(converted, key):
        lines = pdf_fonts_table(item.pdf)
        assert lines and all(line.split()[-5] == "yes" for line in lines), lines


def pdf_fonts_table(pdf: Path) -> list[str]:
    """Return pdffonts' rows for ``pdf`` (name … emb sub uni object ID)."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines()[2:] if line.strip()]


@pytest.mark.parametrize("key", [kind.key for kind in DOCX_KINDS])
def test_odt_reopens_in_libreoffice_with_its_text(converted, reopened, key):
    for item in of_kind(converted, key):
        assert item.odt.read_bytes()[:2] == b"PK"
        text = squeeze(reopened[item.odt].read_text(encoding="utf-8-sig"))
        missing = [p for p in visible_paragraphs(item.docx) if p not in text]
        assert not missing, (item.odt.name, missing[:3])
