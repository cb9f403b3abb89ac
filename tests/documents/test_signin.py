"""簽到表 (docgen signin): the example's text, the Word markup, the PDF, and long lists.

The example is rendered once per module and converted to PDF once; a workbook bent with the
factory to 43 attending units is converted once to check that no row splits across pages.
"""

import io
import re
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.shared import Cm

from docgen.cli import i18n as cli_i18n
from docgen.cli.main import cli
from docgen.documents import Options
from docgen.documents.kinds import signin
from docgen.files.paths import example_workbook
from docgen.workbook.loader import load_project
from support.docx_text import docx_text
from support.factory import WorkbookFactory
from support.pdfcheck import docx_to_pdf, pdf_fonts, pdf_pages, pdf_words

NAME = "簽到表_106年8月15日.docx"
HEADERS = ["序號", "單位", "職稱", "姓名", "簽名", "備註"]
HEADS = ["黃建國", "李淑芬", "吳俊賢", "蔡佩君", "許家豪", "鄭美玲", "謝宗翰", "周玉珍", "王文彬"]
PRESENT = ["民政課", "社會課", "經建課", "人文課", "兵役課", "行政課", "人事室", "會計室", "政風室"]
INVITED = ["臺南市政府政風處", "臺南市政府社會局政風室"]
EXTRA_UNITS = 40
PAGE_BOTTOM_PT = 841.9 - 2.5 / 2.54 * 72


def squeeze(text: str) -> str:
    """Return `text` without whitespace (pdftotext spaces out digits among Chinese)."""
    return re.sub(r"\s+", "", text)


def render(path: Path) -> bytes:
    (rendered,) = signin.render(load_project(path).project, Options())
    return rendered.data


@pytest.fixture(scope="module")
def example() -> signin.Rendered:
    (rendered,) = signin.render(load_project(example_workbook()).project, Options())
    return rendered


@pytest.fixture(scope="module")
def document(example) -> docx.document.Document:
    return docx.Document(io.BytesIO(example.data))


@pytest.fixture(scope="module")
def pdf(example, tmp_path_factory, soffice) -> Path:
    folder = tmp_path_factory.mktemp("signin")
    return docx_to_pdf(example.data, folder, example.relative_path.name)


def long_list() -> WorkbookFactory:
    factory = WorkbookFactory()
    for n in range(1, EXTRA_UNITS + 1):
        factory.add(
            "單位", 單位代碼=f"U{n:02d}", 單位名稱=f"測試第{n}課", 類別="業務單位", 主管職稱="課長"
        )
    return factory


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory, soffice) -> Path:
    folder = tmp_path_factory.mktemp("signin-long")
    return docx_to_pdf(render(long_list().save(folder / "long.xlsx")), folder, "long.docx")


# --- what the sheet says --------------------------------------------------------------------


def test_file_is_named_by_the_meeting_date_and_warns_about_personal_data(example):
    assert example.relative_path == Path(NAME)
    assert any("個人資料" in note for note in example.notes)


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_blocks_list_units_in_sheet_order_then_spare_rows(document):
    present, invited = document.tables
    rows = table_rows(present)
    assert rows[0] == ["出席人員"] * 6  # merged title row
    assert rows[1] == HEADERS
    body = rows[2:]
    assert [row[1] for row in body] == [*PRESENT, "", "", ""]
    assert [row[0] for row in body] == [str(n) for n in range(1, len(PRESENT) + 4)]
    assert body[0][2] == "課長" and body[8][2] == "主任"
    assert [row[1] for row in table_rows(invited)[2:]] == [*INVITED, "", "", ""]
    assert table_rows(invited)[0] == ["列席人員"] * 6


def test_heads_are_printed_and_signature_and_note_columns_are_blank(document):
    present = table_rows(document.tables[0])[2:]
    assert [row[3] for row in present] == [*HEADS, "", "", ""]  # 單位!主管姓名
    for table in document.tables:
        for row in table_rows(table)[2:]:
            assert row[4:] == ["", ""]


def test_rows_are_tall_enough_to_sign_and_never_split(document):
    for table in document.tables:
        for index, row in enumerate(table.rows):
            tr_pr = row._tr.trPr
            assert tr_pr.find(qn("w:cantSplit")) is not None
            if index < 2:
                assert tr_pr.find(qn("w:tblHeader")) is not None  # repeated on each page
            else:
                assert row.height >= Cm(1.2)
                assert tr_pr.find(qn("w:tblHeader")) is None


def test_header_block(document):
    text = [p.text for p in document.paragraphs if p.text]
    assert text[:5] == [
        "臺南市南區區公所廉政細工專案座談會簽到表",
        "會議名稱：廉政細工專案座談會",
        "時　　間：中華民國106年8月15日（星期二）下午2時",
        "地　　點：本所3樓第一會議室",
        "主　　席：區長林振宏",
    ]


def test_units_not_attending_are_left_out_and_invited_ones_observe(tmp_path):
    factory = WorkbookFactory().set("單位", 1, "出席", "否")
    factory.add("單位", 單位代碼="顧問", 單位名稱="社會局政風室", 類別="受邀單位", 主管職稱="主任")
    data = render(factory.save(tmp_path / "w.xlsx"))
    present, invited = docx.Document(io.BytesIO(data)).tables
    assert [row[1] for row in table_rows(present)[2:]] == ["社會課", "政風室", "", "", ""]
    assert [row[1] for row in table_rows(invited)[2:]] == [
        "臺南市政府政風處",
        "社會局政風室",
        "",
        "",
        "",
    ]


def test_a_deputy_chair_from_the_meeting_sheet(tmp_path):
    factory = WorkbookFactory()
    factory.meeting = {"主席": "副區長陳副手（代理）"}
    text = docx_text(render(factory.save(tmp_path / "w.xlsx")))
    assert "主　　席：副區長陳副手（代理）" in text
    assert "區長林大明" not in text


def test_command_writes_the_sheet(tmp_path, monkeypatch):
    cli_i18n.install()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["signin", "-i", str(example_workbook()), "-o", "out"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / NAME).is_file()
    assert f"已產出 簽到表：{Path('out') / NAME}" in result.stdout


# --- what a reader sees (LibreOffice) -------------------------------------------------------


def test_pdf_text_and_fonts(pdf):
    text = squeeze("".join(pdf_pages(pdf)))
    for expected in ["臺南市南區區公所廉政細工專案座談會簽到表", "出席人員", "列席人員"]:
        assert expected in text
    assert "".join(HEADERS) in text
    for number, unit in enumerate(PRESENT, 1):
        assert f"{number}{unit}" in text
    assert "{{" not in text and "{%" not in text
    fonts = pdf_fonts(pdf)
    assert any("TW-Kai" in font for font in fonts), fonts
    assert all(re.search(r"TW-Kai|UMingTW|CJKtc|LiberationSerif", font) for font in fonts)


def printed_lines(pdf: Path) -> list[tuple[int, float, float, str]]:
    """Return each printed line as (page, y, x where it starts, squeezed text), in order."""
    lines: dict[tuple[int, float], list] = defaultdict(list)
    for word in pdf_words(pdf):
        lines[(word.page, round(word.y, 1))].append(word)
    found = []
    for (page, y), words in sorted(lines.items()):
        words.sort(key=lambda w: w.x)
        found.append((page, y, words[0].x, squeeze("".join(w.text for w in words))))
    return found


def table_rows_by_block(pdf: Path) -> dict[tuple[int, float], list[float]]:
    """Return the y of each numbered row, grouped under the column headings above it."""
    blocks: dict[tuple[int, float], list[float]] = defaultdict(list)
    heading: tuple[int, float] | None = None
    for page, y, x, text in printed_lines(pdf):
        if text.startswith("序號單位職稱"):
            heading = (page, y)
        elif heading and heading[0] == page and x < 100 and re.match(r"\d+", text):
            blocks[heading].append(y)
    return blocks


def test_long_list_spans_pages_with_headings_repeated(long_pdf):
    pages = pdf_pages(long_pdf)
    assert len(pages) >= 3
    for page in pages:
        assert "".join(HEADERS) in squeeze(page)
        assert "出席人員" in squeeze(page) or "列席人員" in squeeze(page)


def test_long_list_never_splits_a_row_across_pages(long_pdf):
    """Each number sits on its unit's line; rows keep one height and offset on every page.

    A row split at a page foot leaves its remainder above the next page's first full row,
    shifting it down from the repeated headings. (LibreOffice never splits a row of centred
    cells; Word honours w:cantSplit, checked in the markup above.)
    """
    texts = [text for _, _, _, text in printed_lines(long_pdf)]
    units = [("社會課", "課長張社福"), ("民政課", "課長李民安"), ("政風室", "主任陳正直")]
    units += [(f"測試第{n}課", "課長") for n in range(1, EXTRA_UNITS + 1)]
    for number, (unit, title) in enumerate(units, 1):
        assert [t for t in texts if t.startswith(f"{number}{unit}")] == [f"{number}{unit}{title}"]
    blocks = table_rows_by_block(long_pdf)
    assert len({page for page, _ in blocks}) >= 3
    pitches = [b - a for ys in blocks.values() for a, b in pairwise(ys)]
    assert max(pitches) - min(pitches) < 1.0, pitches  # one row height throughout
    offsets = [ys[0] - heading_y for (_, heading_y), ys in blocks.items()]
    assert max(offsets) - min(offsets) < 1.0, offsets  # no leftover of a split row on top
    row_bottom = max(pitches) / 2 + 6  # text (12 pt) is centred in its row
    assert all(ys[-1] + row_bottom <= PAGE_BOTTOM_PT for ys in blocks.values())
