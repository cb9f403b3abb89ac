"""Page layout of every Word document kind as LibreOffice prints it, on two workbooks.

The bundled example and a stress workbook (``support/stress.py``: long texts full of 文號,
twelve risks and a 30-row 防制措施 table in one case, a 40-character unit, a meeting name
longer than a title line) are rendered, every document of both converted to PDF in one
LibreOffice batch, and converted once more in a second batch. tests/office/test_print.py
checks fonts and footers of the example; here the same checks run on the stress workbook,
and the layout checks on both: the page count does not change between conversions; no table
is wider than the text area (in the .docx and as printed); no page holds only the spilled end
of a table; no title line is broken inside a word; no time of day (下午2時30分) is broken; no
line starts with closing punctuation; no line of body text is letter-spaced.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from docgen.documents import Options, all_kinds
from docgen.files.paths import example_workbook
from docgen.office import batch
from docgen.workbook.loader import load_project
from support.pdfcheck import Word, pdf_fonts, pdf_pages, pdf_words
from support.stress import stress_workbook

pytestmark = pytest.mark.soffice

DOCX_KINDS = [kind.key for kind in all_kinds() if kind.format == "docx"]
WORKBOOKS = ("example", "stress")
ALLOWED_FONT = re.compile(r"^(TW-Kai(-Ext-B|-Plus)?-\d|LiberationSerif)")
CLOSING = "：，。、；？！）」』〉》】〕"
MARGIN_PT = 2.5 / 2.54 * 72  # every template keeps 2.5 cm margins
HANGING_PT = 16.5  # one full-width character may hang into the right margin (「，」「。」)
FOOTER_ZONE_PT = MARGIN_PT - 4  # the footer sits in the bottom margin
TITLE_STYLES = ("Title", "Subtitle", "CoverTitle")
LINE_GAP_PT = 20.0  # words further apart than this on one line are in different cells
NEARLY_EMPTY = 0.25  # a continued table ending in the top quarter of a page


@dataclass(frozen=True)
class Made:
    """One Word document of a workbook, its PDF, and the PDF of a second conversion."""

    workbook: str
    kind: str
    docx: Path
    pdf: Path
    again: Path

    @property
    def name(self) -> str:
        return f"{self.workbook}/{self.kind}/{self.docx.name}"


def render_all(workbook: Path, folder: Path) -> list[tuple[str, Path]]:
    """Write every Word document of ``workbook`` (all kinds, forced) under ``folder``."""
    project = load_project(workbook).project
    made = []
    for kind in all_kinds():
        if kind.format != "docx":
            continue
        for rendered in kind.render(project, Options(force=True)):
            if rendered.relative_path.suffix != ".docx":
                continue
            path = folder / kind.key / rendered.relative_path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(rendered.data)
            made.append((kind.key, path))
    return made


@pytest.fixture(scope="module")
def documents(tmp_path_factory, soffice) -> list[Made]:
    """Return every document of both workbooks, converted in one batch, then in a second."""
    root = tmp_path_factory.mktemp("layout")
    sources = {"example": example_workbook(), "stress": stress_workbook(root / "input")}
    written = [
        (name, kind, path)
        for name, workbook in sources.items()
        for kind, path in render_all(workbook, root / name)
    ]
    paths = [path for _, _, path in written]
    batch.convert_all(paths, ["pdf"])
    copies = []
    for path in paths:
        copy = root / "again" / path.relative_to(root)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        copies.append(copy)
    batch.convert_all(copies, ["pdf"])
    return [
        Made(name, kind, path, path.with_suffix(".pdf"), copy.with_suffix(".pdf"))
        for (name, kind, path), copy in zip(written, copies, strict=True)
    ]


def of(documents: list[Made], workbook: str, kind: str) -> list[Made]:
    found = [made for made in documents if made.workbook == workbook and made.kind == kind]
    assert found, (workbook, kind)
    return found


def squeeze(text: str) -> str:
    """Return ``text`` without whitespace and zero-width spaces."""
    return re.sub(r"[\s\u200b]+", "", text)


@dataclass(frozen=True)
class Line:
    """Words printed on one line of a page, left to right."""

    page: int
    y: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return squeeze("".join(word.text for word in self.words))

    def segments(self) -> list[str]:
        """Return the line's text cut where words stand far apart (table cells)."""
        pieces, current = [], [self.words[0]]
        for left, right in zip(self.words, self.words[1:], strict=False):
            if right.x - left.x_max > LINE_GAP_PT:
                pieces.append(current)
                current = []
            current.append(right)
        pieces.append(current)
        return [squeeze("".join(w.text for w in piece)) for piece in pieces]


def printed_lines(pdf: Path) -> list[Line]:
    """Return the lines of ``pdf``: words whose tops lie within 5 pt of each other, by page."""
    by_page: dict[int, list[Word]] = defaultdict(list)
    for word in pdf_words(pdf):
        if squeeze(word.text):
            by_page[word.page].append(word)
    lines = []
    for page, words in sorted(by_page.items()):
        words.sort(key=lambda word: word.y)
        group: list[Word] = []
        for word in words:
            if group and word.y - group[0].y > 5:
                lines.append(Line(page, group[0].y, tuple(sorted(group, key=lambda w: w.x))))
                group = []
            group.append(word)
        if group:
            lines.append(Line(page, group[0].y, tuple(sorted(group, key=lambda w: w.x))))
    return lines


def page_size(pdf: Path) -> tuple[float, float]:
    box = PdfReader(pdf).pages[0].mediabox
    return float(box.width), float(box.height)


def body_lines(pdf: Path) -> list[Line]:
    """Return the printed lines between the top margin and the footer."""
    _, height = page_size(pdf)
    return [line for line in printed_lines(pdf) if line.y < height - FOOTER_ZONE_PT]


# --- fonts and footers of the stress workbook (test_print.py checks the example) ----------


@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_stress_pdf_uses_only_the_taiwanese_kai_face_and_liberation_serif(documents, kind):
    for made in of(documents, "stress", kind):
        fonts = pdf_fonts(made.pdf)
        assert any(font.startswith("TW-Kai-") for font in fonts), (made.name, fonts)
        assert all(ALLOWED_FONT.match(font) for font in fonts), (made.name, fonts)


def has_footer(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if re.fullmatch(r"word/footer\d*\.xml", n)]
        return any(b"NUMPAGES" in archive.read(name) for name in names)


@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_stress_every_page_footer_reads_page_x_of_y(documents, kind):
    for made in of(documents, "stress", kind):
        if not has_footer(made.docx):
            continue
        pages = pdf_pages(made.pdf)
        for number, page in enumerate(pages, 1):
            assert f"第{number}頁，共{len(pages)}頁" in squeeze(page), (made.name, number)


# --- layout, on both workbooks ------------------------------------------------------------


@pytest.mark.parametrize("workbook", WORKBOOKS)
@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_page_count_is_stable_across_conversions(documents, workbook, kind):
    for made in of(documents, workbook, kind):
        first, second = (len(PdfReader(pdf).pages) for pdf in (made.pdf, made.again))
        assert first == second, (made.name, first, second)


def text_width_twips(section) -> int:
    return section.page_width.twips - section.left_margin.twips - section.right_margin.twips


@pytest.mark.parametrize("workbook", WORKBOOKS)
@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_no_table_is_wider_than_the_text_area(documents, workbook, kind):
    """The grid columns of every table add up to at most the text width; nothing prints past it."""
    for made in of(documents, workbook, kind):
        document = docx.Document(str(made.docx))
        width = min(text_width_twips(section) for section in document.sections)
        for table in document.element.body.iter(qn("w:tbl")):
            columns = table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
            total = sum(int(column.get(qn("w:w"))) for column in columns)
            assert total <= width + 20, (made.name, total, width)  # 1 pt of rounding
        page_width, _ = page_size(made.pdf)
        for line in printed_lines(made.pdf):
            assert line.words[0].x >= MARGIN_PT - 2, (made.name, line.page, line.text)
            right = max(word.x_max for word in line.words)
            assert right <= page_width - MARGIN_PT + HANGING_PT, (made.name, line.page, line.text)


@pytest.mark.parametrize("workbook", WORKBOOKS)
@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_no_page_holds_only_the_spilled_end_of_a_table(documents, workbook, kind):
    """A page that starts by repeating a table's heading row carries more than its last rows.

    A page whose first line was printed on the previous page too, that shows a line of three
    or more cells at its top (a table's repeated heading rows) and whose text ends in the top
    quarter of the text area holds only a spilled row or two.
    """
    for made in of(documents, workbook, kind):
        _, height = page_size(made.pdf)
        area = height - 2 * MARGIN_PT
        pages: dict[int, list[Line]] = defaultdict(list)
        for line in body_lines(made.pdf):
            pages[line.page].append(line)
        for page in sorted(pages)[1:]:
            previous = {line.text for line in pages.get(page - 1, [])}
            lines = pages[page]
            heading = any(len(line.segments()) >= 3 for line in lines[:3])
            repeated = lines[0].text in previous and heading
            used = (lines[-1].y - MARGIN_PT) / area
            assert not (repeated and used < NEARLY_EMPTY), (made.name, page, lines[-1].text)


def title_segments(path: Path) -> list[str]:
    """Return the lines of every title paragraph (Title, Subtitle, CoverTitle) of a .docx."""
    document = docx.Document(str(path))
    segments = []
    for paragraph in document.paragraphs:
        if paragraph.style.style_id in TITLE_STYLES and paragraph.text.strip():
            segments += [squeeze(part) for part in paragraph.text.split("\n") if part.strip()]
    return segments


@pytest.mark.parametrize("workbook", WORKBOOKS)
@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_no_title_line_breaks_inside_a_word(documents, workbook, kind):
    """Each line of a title, as the document breaks it, prints as one whole line."""
    for made in of(documents, workbook, kind):
        printed = {line.text for line in printed_lines(made.pdf)}
        for segment in title_segments(made.docx):
            assert segment in printed, (made.name, segment)


@pytest.mark.parametrize("workbook", WORKBOOKS)
@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_no_line_starts_with_closing_punctuation(documents, workbook, kind):
    for made in of(documents, workbook, kind):
        for line in printed_lines(made.pdf):
            for segment in line.segments():
                assert segment[:1] not in CLOSING, (made.name, line.page, line.text)


@pytest.mark.parametrize("workbook", WORKBOOKS)
@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_no_line_is_letter_spaced(documents, workbook, kind):
    """No line of Chinese text has its characters spread apart (a justified short line).

    pdftotext splits a line into words where characters stand apart: a letter-spaced line
    prints as a run of one-character words (「臺 南 市 政 府 政 風 處」).
    """
    spaced = re.compile(r"[\u4e00-\u9fff]")
    for made in of(documents, workbook, kind):
        for line in printed_lines(made.pdf):
            run = longest = 0
            for word in line.words:
                run = run + 1 if len(word.text) == 1 and spaced.match(word.text) else 0
                longest = max(longest, run)
            assert longest < 6, (made.name, line.page, line.text)


TIME_OF_DAY = re.compile(r"[上下]午\d+時(?:\d+分)?")


def document_text(path: Path) -> str:
    """Return the text of a .docx, body paragraphs and table cells."""
    document = docx.Document(str(path))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


@pytest.mark.parametrize("workbook", WORKBOOKS)
@pytest.mark.parametrize("kind", DOCX_KINDS)
def test_no_time_of_day_is_broken_across_lines(documents, workbook, kind):
    """「下午2時30分」 prints on one line wherever the document names a time (the form header)."""
    for made in of(documents, workbook, kind):
        times = set(TIME_OF_DAY.findall(squeeze(document_text(made.docx))))
        printed = [segment for line in printed_lines(made.pdf) for segment in line.segments()]
        for time in times:
            assert any(time in segment for segment in printed), (made.name, time)
