"""The 彙編 as LibreOffice prints it: contents with page numbers, indexes, the hand-written part.

Converted by docgen's one-LibreOffice batch, which brings the table of contents and the page
references up to date, as ``--pdf`` does.
"""

import re

import pytest

from docgen.office import batch
from docgen.office.errors import OfficeNotFound
from support.pdfcheck import missing_tool, pdf_images, pdf_pages
from support.submissions import HANDWRITTEN_ITEMS

pytestmark = pytest.mark.soffice
ENTRY = re.compile(r"^\s*([壹貳參肆伍陸柒捌玖拾]+)、\s*(\S+?)\s*\.{3,}\s*(\d+)\s*$", re.MULTILINE)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pages(compiled, soffice, tmp_path_factory):
    """Return the text of each page of the book's PDF, and the PDF."""
    report, _ = compiled
    try:
        (pdf,) = batch.convert_all([report.target], ["pdf"])
    except OfficeNotFound as error:
        missing_tool(str(error))
    return pdf_pages(pdf), pdf


def test_the_contents_list_each_chapter_with_the_page_it_starts_on(pages):
    texts, _ = pages
    contents = next(n for n, page in enumerate(texts) if "目錄" in squeeze(page))
    listed = "\n".join(texts[contents : contents + 3])
    entries = ENTRY.findall(listed)
    assert len(entries) == 7  # one per 業務類別
    assert "臺南市東區區公所" in listed  # the hand-written report, by its agency
    assert "廉政細工專案辦理情形" not in listed  # but not its own headings
    for _, title, page in entries:
        first_lines = squeeze("\n".join(texts[int(page) - 1].splitlines()[:3]))
        assert title in first_lines, (title, page)


def test_the_indexes_show_page_numbers_of_the_cases(pages):
    texts, _ = pages
    start = next(n for n, page in enumerate(texts) if "各機關陳報態樣索引" in squeeze(page[:200]))
    index = "\n".join(texts[start:])
    rows = re.findall(r"^\s*(臺南市\S+?)\s+\S+\s+\S+、\S+、（\S+?）\s+(\d+)\s*$", index, re.M)
    assert len(rows) >= 100
    for agency, page in rows[:30]:
        assert agency in squeeze(texts[int(page) - 1])


def test_the_hand_written_report_keeps_its_numbered_items_and_image(pages):
    texts, pdf = pages
    text = squeeze("\n".join(texts))
    for number, item in enumerate(HANDWRITTEN_ITEMS, 1):
        assert squeeze(f"第{number}點{item}") in text
    (image,) = pdf_images(pdf)
    page, width, height = image
    assert (width, height) == (48, 32)
    assert "臺南市東區區公所" in squeeze(texts[page - 1])


def test_compile_pdf_and_odt_are_written_beside_the_book(run, tmp_path):
    import zipfile

    from support.submissions import write_submissions

    write_submissions(tmp_path / "陳報", 3)
    code, out, err = run("compile", "陳報", "-o", "彙編.docx", "--pdf", "--odt")
    assert code == 0, err
    pdf, odt = tmp_path / "彙編.pdf", tmp_path / "彙編.odt"
    assert f"已轉成 PDF：{pdf.name}" in out.replace(str(tmp_path) + "/", "")
    texts = pdf_pages(pdf)
    listed = "\n".join(page for page in texts if "目錄" in squeeze(page))
    entries = ENTRY.findall(listed)
    assert entries and all(int(page) > 1 for *_, page in entries)  # fields brought up to date
    with zipfile.ZipFile(odt) as package:
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
