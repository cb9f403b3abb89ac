"""會議資料初稿 (docgen draft): the example's text, the Word markup, the PDF, and bad input.

The bundled example is rendered once per module and converted to PDF once; workbooks bent
with the factory check escaping, renumbering, residual risk placement and template errors.
"""

import io
import re
import zipfile
from copy import deepcopy
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from docgen.build import build
from docgen.documents import Options
from docgen.documents.chapters import BAND_FILLS, DEFAULT_PURPOSE, grid
from docgen.documents.kinds import draft
from docgen.files.paths import example_workbook
from docgen.model.assessment import residual_levels
from docgen.model.keys import risk_band
from docgen.model.project import Measure, Risk
from docgen.problems import InputError
from docgen.workbook.loader import load_project
from support.docx_text import docx_text
from support.factory import WorkbookFactory
from support.pdfcheck import docx_to_pdf, pdf_fonts, pdf_pages

DRAFT_MARK = "會議資料（初稿）－僅供各單位提供修正意見使用"
NAME = "會議資料初稿_106年8月15日.docx"
CHAPTERS = [
    "參、急難救助金重複核發案",
    "肆、虛偽刷卡詐領加班費案",
    "伍、里長以不實單據核銷事務補助費案",
    "陸、小額採購拆單規避公開取得程序案",
    "柒、公務車私用及公務加油卡挪用案",
    "捌、納骨塔位使用許可收受紅包案",
]
SECTIONS = [
    "一、案例來源",
    "二、案情概述",
    "三、弊端態樣",
    "四、涉犯法條及處分結果",
    "五、風險評估",
    "六、風險圖像",
    "七、防制措施",
]


def squeeze(text: str) -> str:
    """Return `text` without whitespace (pdftotext spaces out digits among Chinese)."""
    return re.sub(r"\s+", "", text)


def render_draft(path: Path, options: Options | None = None) -> bytes:
    project = load_project(path).project
    (rendered,) = draft.render(project, options or Options())
    return rendered.data


def headings(text: str, style: str) -> list[str]:
    return [line.split("] ", 1)[1] for line in text.splitlines() if line.startswith(f"[{style}]")]


@pytest.fixture(scope="module")
def example():
    return load_project(example_workbook()).project


@pytest.fixture(scope="module")
def rendered(example):
    (document,) = draft.render(example, Options())
    return document


@pytest.fixture(scope="module")
def text(rendered) -> str:
    return docx_text(rendered.data)


@pytest.fixture(scope="module")
def document(rendered):
    return docx.Document(io.BytesIO(rendered.data))


@pytest.fixture(scope="module")
def pdf(rendered, soffice, tmp_path_factory) -> Path:
    return docx_to_pdf(rendered.data, tmp_path_factory.mktemp("draft"), "draft.docx")


# --- the example's text -------------------------------------------------------------------


def test_file_is_named_for_people(rendered):
    assert rendered.relative_path == Path(NAME)


def test_cover_then_basis_purpose_and_one_chapter_per_discussed_case(text):
    cover = text.split("〔換頁〕")[0]
    for line in (
        "臺南市南區區公所",
        "會議資料（初稿）",
        "廉政細工專案座談會",
        "中華民國106年8月15日（星期二）",
    ):
        assert line in cover
    # two lines, broken after the comma (render/typeset.py)
    assert "請各單位於中華民國106年8月4日（星期五）前，\n將修正意見送政風室彙整" in cover
    assert headings(text, "Heading1") == ["壹、依據", "貳、目的", *CHAPTERS]
    assert "家庭因素替代役" not in text  # C07 is not listed for discussion


def test_each_chapter_has_the_seven_sections_in_order(text):
    assert headings(text, "Heading2") == SECTIONS * len(CHAPTERS)


def test_no_leftover_tags_or_empty_headings(text):
    assert "{{" not in text and "{%" not in text and "%}" not in text
    for line in text.splitlines():
        if line.startswith("[Heading"):
            assert re.search(r"[、）]\S", line), line


def test_risk_rows_carry_score_band_and_band_shading(document):
    risk_table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in risk_table.rows]
    assert rows[0][-3:] == ["影響\n程度", "風險值", "等級"]
    assert [row[0] for row in rows[1:]] == ["R01", "R02", "R03"]
    assert rows[1][5:] == ["3", "2", "6", "高"]
    assert rows[3][5:] == ["2", "2", "4", "中"]
    band_cell = risk_table.rows[3].cells[-1]._tc
    assert band_cell.tcPr.find(qn("w:shd")).get(qn("w:fill")) == BAND_FILLS["中"]


def test_missing_score_is_computed(text):
    # R08 and R16 leave 風險值 empty in the workbook: 2 × 2 = 4, 中.
    r08 = next(line for line in text.splitlines() if line.startswith("| [TableTextCenter] R08"))
    assert "[TableTextCenter] 4 | [TableTextCenter] 中" in r08


def grid_cells(table) -> dict[tuple[int, int], tuple[str, str]]:
    """Return {(likelihood, impact): (text, fill)} of a rendered 風險圖像 table."""
    cells = {}
    for row, likelihood in zip(table.rows[2:], (3, 2, 1), strict=True):
        for cell, impact in zip(row.cells[1:], (1, 2, 3), strict=True):
            fill = cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill"))
            cells[likelihood, impact] = (cell.text, fill)
    return cells


def test_first_chapter_grids_before_and_after_controls(document):
    before, after = grid_cells(document.tables[1]), grid_cells(document.tables[2])
    assert before[3, 2] == ("R01", BAND_FILLS["高"])
    assert before[2, 3] == ("R02", BAND_FILLS["高"])
    assert before[2, 2] == ("R03", BAND_FILLS["中"])
    assert before[1, 1] == ("", BAND_FILLS["低"])
    # R01's measures leave (2,2) and (1,2): the lowest residual score, 2, is where it lands.
    # A zero-width space after each 、 lets the line break there (render/docx.py).
    assert after[1, 2] == ("R01、\u200bR02、\u200bR03", BAND_FILLS["低"])
    assert sum(1 for text, _ in after.values() if text) == 1
    header = [cell.text for cell in document.tables[1].rows[1].cells]
    assert header == ["可能性", "1\n輕微", "2\n嚴重", "3\n非常嚴重"]
    labels = [row.cells[0].text for row in document.tables[1].rows[2:]]
    assert labels == ["3\n幾乎確定", "2\n可能", "1\n幾乎不可能"]


def test_measure_rows_have_unit_names_and_roc_deadlines(document):
    rows = [[cell.text for cell in row.cells] for row in document.tables[3].rows]
    assert rows[0] == ["編號", "措施內容", "對應\n風險", "類別", "權責單位", "協辦單位", "完成期限"]
    assert rows[1][0] == "M01" and rows[1][4:] == ["社會課", "無", "持續辦理"]
    assert rows[3][0] == "M03" and rows[3][4:] == ["社會課", "會計室", "106.9.30"]


def test_drafted_measures_are_not_revised(text):
    assert "| [TableTextCenter] M06 |" in text  # deleted only in the final pack
    assert "M24" not in text
    assert "查詢結果作成紀錄附卷" not in text


# --- residual placement -------------------------------------------------------------------


def risk(risk_id: str, likelihood: int = 3, impact: int = 3) -> Risk:
    return Risk(risk_id, "C1", "項目", likelihood, impact)


def measure(measure_id: str, risk_id: str, likelihood: int | None, impact: int | None) -> Measure:
    return Measure(measure_id, "C1", "內容", ("甲",), risk_id, "新增", (), None, likelihood, impact)


def test_residual_is_the_lowest_rated_measure_and_unrated_risks_are_left_out():
    risks = [risk("R1"), risk("R2"), risk("R3")]
    measures = [
        measure("M1", "R1", 2, 3),
        measure("M2", "R1", 3, 1),
        measure("M3", "R1", 1, None),  # half-rated: ignored
        measure("M4", "R2", None, None),
        measure("M5", "R3", 2, 1),
        measure("M6", "R3", 1, 2),  # same score as M5: the lower likelihood wins
    ]
    assert residual_levels(risks, measures) == {"R1": (3, 1), "R3": (1, 2)}


def test_grid_holds_every_cell_and_sorts_ids_naturally():
    cells = grid({"R10": (3, 1), "R2": (3, 1), "R5": (1, 3)})
    assert list(cells) == ["l3i1", "l3i2", "l3i3", "l2i1", "l2i2", "l2i3", "l1i1", "l1i2", "l1i3"]
    assert cells["l3i1"] == "R2、R10" and cells["l1i3"] == "R5" and cells["l2i2"] == ""


def test_grid_cells_are_shaded_by_the_band_of_their_score(document):
    for table in document.tables[1:3]:
        cells = grid_cells(table)
        for (likelihood, impact), (_, fill) in cells.items():
            assert fill == BAND_FILLS[risk_band(likelihood * impact)]


def test_chapter_without_residuals_has_one_grid_and_says_which_are_unrated(tmp_path):
    factory = WorkbookFactory()
    factory.set("防制措施", 0, "殘餘可能性", None).set("防制措施", 0, "殘餘影響程度", None)
    factory.add(
        "風險評估", 風險編號="R03", 案例編號="C02", 風險項目="補助費流用", 可能性=1, 影響程度=2
    )
    factory.add(
        "防制措施", 措施編號="M03", 案例編號="C02", 風險編號="R03", 措施內容="每季抽核",
        權責單位="民政", 殘餘可能性=1, 殘餘影響程度=1,
    )  # fmt: skip
    text = docx_text(render_draft(factory.save(tmp_path / "wb.xlsx")))
    first, second = text.split("[Heading1] 肆、")
    assert first.count("[FigureTitle]") == 1 and "殘餘風險" not in first
    assert second.count("[FigureTitle]") == 2
    assert "[TableNote] 未評估殘餘風險者：R02" in second


# --- the Word markup ----------------------------------------------------------------------


def test_styles_put_each_script_in_its_font_slot(document):
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "標楷體"
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:eastAsia")) == "zh-TW"
    assert normal.font.size == Pt(16)
    for paragraph in document.paragraphs:  # the look lives in styles, not in runs
        for run in paragraph.runs:
            assert run._r.rPr is None or run._r.rPr.rFonts is None


def test_every_page_has_the_draft_mark_and_page_fields(document):
    for section in document.sections:
        assert section.header.paragraphs[0].text == DRAFT_MARK
        footer = section.footer.paragraphs[0]._p
        fields = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
        assert fields == ["PAGE", "NUMPAGES"]


def test_tables_repeat_headers_and_rows_do_not_split(document):
    assert len(document.tables) == 4 * len(CHAPTERS)
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_chapters_start_on_a_new_page_and_headings_keep_with_next(document):
    chapter_titles = [p for p in document.paragraphs if p.text in [c[2:] for c in CHAPTERS]]
    assert len(chapter_titles) == len(CHAPTERS)
    assert all(p.paragraph_format.page_break_before for p in chapter_titles)
    assert document.styles["heading 2"].paragraph_format.keep_with_next


# --- what LibreOffice renders -------------------------------------------------------------


def test_pdf_shows_outline_numbers(pdf):
    lines = [squeeze(line) for page in pdf_pages(pdf) for line in page.splitlines()]
    for label in ["壹、依據", "貳、目的", *CHAPTERS, *SECTIONS]:
        assert label in lines, label
    numbered = [line for line in lines if re.match(r"^[一二三四五六七]、", line)]
    assert numbered == SECTIONS * len(CHAPTERS)


def test_pdf_marks_every_page_as_a_draft_and_counts_pages(pdf):
    pages = pdf_pages(pdf)
    assert len(pages) >= 1 + len(CHAPTERS) * 2
    for number, page in enumerate(pages, 1):
        assert squeeze(DRAFT_MARK) in squeeze(page)
        assert f"第{number}頁，共{len(pages)}頁" in squeeze(page)


def test_pdf_fonts_are_taiwanese(pdf):
    fonts = pdf_fonts(pdf)
    assert any("TW-Kai" in font for font in fonts), fonts
    allowed = re.compile(r"TW-Kai|UMingTW|CJKtc|LiberationSerif")
    assert all(allowed.search(font) for font in fonts), fonts


def test_pdf_tables_and_grid_read_in_order(pdf):
    text = squeeze("".join(pdf_pages(pdf)[2:5]))
    grid = text[text.index("採行措施前（固有風險）") :]
    assert grid.index("非常嚴重") < grid.index("幾乎確定") < grid.index("幾乎不可能")
    assert grid.index("幾乎不可能") < grid.index("採行措施後（殘餘風險）")


def test_pdf_never_breaks_a_grid_across_pages(pdf):
    for page in pdf_pages(pdf):
        text = squeeze(page)
        captions = text.count("採行措施前（固有風險）") + text.count("採行措施後（殘餘風險）")
        last_rows = len(re.findall(r"幾乎不可能(?!、2可能)", text))  # not the table note
        assert captions == last_rows, page


# --- bad input ----------------------------------------------------------------------------

NASTY = [
    "甲 & 乙 <某課> \"引號\" '單引號'",
    "表情🙂符號與罕字𠀀",
    "{{ 7*7 }} 與 {% for x in y %} 及 {# 註 #}",
    "第一行\n第二行",
]


def test_text_appears_exactly_as_typed(tmp_path):
    long_text = ("很長的案情概述。" * 625)[:5000]
    factory = WorkbookFactory()
    factory.set("案例", 0, "案例名稱", NASTY[0])
    factory.set("案例", 0, "弊端態樣", NASTY[1])
    factory.set("案例", 0, "處分結果", NASTY[2])
    factory.set("案例", 0, "案情概述", long_text)
    factory.set("防制措施", 0, "措施內容", NASTY[3])
    data = render_draft(factory.save(tmp_path / "wb.xlsx"))
    text = docx_text(data)
    assert f"[Heading1] 參、{NASTY[0]}" in text
    assert f"[Body2] {NASTY[1]}" in text
    assert f"[LabelledBody2] 處分結果：{NASTY[2]}" in text
    assert f"[Body2] {long_text}" in text
    assert f"[TableText] {NASTY[3]}" in text  # the line break is a Word line break
    document = docx.Document(io.BytesIO(data))
    assert any(p.text == NASTY[0] for p in document.paragraphs)


def test_empty_optional_fields_print_none_or_are_left_out(tmp_path):
    factory = WorkbookFactory()
    factory.settings["依據"] = None
    factory.settings.pop("修正意見回覆期限")
    factory.set("防制措施", 0, "協辦單位", None).set("防制措施", 0, "完成期限", None)
    text = docx_text(render_draft(factory.save(tmp_path / "wb.xlsx")))
    assert headings(text, "Heading1")[:2] == ["壹、目的", "貳、急難救助金重複核發"]
    assert f"[Body1] {DEFAULT_PURPOSE}" in text
    assert "請各單位於" not in text
    assert "[LabelledBody2] 處分結果：無" in text  # C01 has no 處分結果
    m01 = next(line for line in text.splitlines() if "建立核發資料比對機制" in line)
    assert m01.endswith("[TableText] 無 | [TableTextCenter] 無 |")


def test_a_case_added_or_removed_renumbers_the_chapters(tmp_path):
    factory = WorkbookFactory()
    factory.add(
        "案例", 案例編號="C10", 案例名稱="公務車私用", 來源類型="新聞", 主責單位="民政",
        列入討論="是", 案情概述="概述", 弊端態樣="態樣",
    )  # fmt: skip
    factory.add(
        "案例", 案例編號="C3", 案例名稱="加班費詐領", 來源類型="新聞", 主責單位="民政",
        列入討論="是", 案情概述="概述", 弊端態樣="態樣",
    )  # fmt: skip
    text = docx_text(render_draft(factory.save(tmp_path / "added.xlsx")))
    assert headings(text, "Heading1")[2:] == [
        "參、急難救助金重複核發",
        "肆、里長事務補助費侵占",
        "伍、加班費詐領",
        "陸、公務車私用",
    ]
    assert headings(text, "Heading2").count("一、案例來源") == 4
    factory.set("案例", 0, "列入討論", "否")
    text = docx_text(render_draft(factory.save(tmp_path / "removed.xlsx")))
    assert headings(text, "Heading1")[2:] == [
        "參、里長事務補助費侵占",
        "肆、加班費詐領",
        "伍、公務車私用",
    ]


def test_no_discussed_case_is_not_ready(tmp_path):
    factory = WorkbookFactory()
    factory.set("案例", 0, "列入討論", "否").set("案例", 1, "列入討論", "否")
    project = load_project(factory.save(tmp_path / "wb.xlsx")).project
    reason = draft.not_ready(project, Options())
    assert reason is not None and "列入討論" in reason


# --- reproducible output ------------------------------------------------------------------


def test_rebuild_is_byte_identical(example, rendered):
    (again,) = draft.render(example, Options())
    assert again.data == rendered.data


def test_source_date_epoch_sets_zip_times_and_properties(example, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1502755200")  # 2017-08-15 00:00 UTC
    (first,) = draft.render(example, Options())
    (second,) = draft.render(example, Options())
    assert first.data == second.data
    with zipfile.ZipFile(io.BytesIO(first.data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2017, 8, 15, 0, 0, 0)}
    properties = docx.Document(io.BytesIO(first.data)).core_properties
    assert properties.modified == datetime(2017, 8, 15, tzinfo=UTC)
    assert properties.title == "會議資料初稿"


# --- template errors ----------------------------------------------------------------------


def bent_template(folder: Path, old: str, *paragraphs: list[str]) -> Path:
    """Copy templates/draft.docx into `folder`, writing paragraph `old` as `paragraphs` of runs."""
    from docgen.render.templates import template_path

    document = docx.Document(str(template_path("draft")))
    (paragraph,) = [p for p in document.paragraphs if p.text == old]
    for runs in reversed(paragraphs):
        copy = deepcopy(paragraph._p)
        for run in copy.findall(qn("w:r")):
            copy.remove(run)
        paragraph._p.addnext(copy)
        for text in runs:
            Paragraph(copy, paragraph._parent).add_run(text)
    paragraph._p.getparent().remove(paragraph._p)
    folder.mkdir(exist_ok=True)
    document.save(str(folder / "draft.docx"))
    return folder


def template_error(folder: Path) -> str:
    with pytest.raises(InputError) as caught:
        render_draft(example_workbook(), Options(templates=folder))
    return str(caught.value)


def test_tag_split_across_runs_by_word_still_renders(tmp_path):
    folder = bent_template(tmp_path / "t", "{{ meeting_name }}", ["{{ meet", "ing_", "name }}"])
    text = docx_text(render_draft(example_workbook(), Options(templates=folder)))
    assert "[Subtitle] 廉政細工專案座談會" in text


def test_mistyped_tag_names_the_template_and_the_tag(tmp_path):
    folder = bent_template(tmp_path / "t", "{{ meeting_name }}", ["{{ meeting_nmae }}"])
    message = template_error(folder)
    assert "範本「draft.docx」" in message
    assert "標籤「{{ meeting_nmae }}」" in message and "不存在的欄位「meeting_nmae」" in message


def test_tag_split_across_paragraphs_is_joined_by_docxtpl(tmp_path):
    folder = bent_template(tmp_path / "t", "{{ meeting_name }}", ["{{ meeting_"], ["name }}"])
    text = docx_text(render_draft(example_workbook(), Options(templates=folder)))
    assert "[Subtitle] 廉政細工專案座談會" in text


def test_split_tag_that_lost_a_brace_names_the_template_and_the_tag(tmp_path):
    folder = bent_template(tmp_path / "t", "{{ meeting_name }}", ["{{ meeting_", "name }"])
    message = template_error(folder)
    assert "範本「draft.docx」" in message and "標籤「{{ meeting_name }" in message
    assert "請在 Word 中檢查大括號與百分號是否成對" in message


def test_unclosed_block_tag_names_the_template(tmp_path):
    folder = bent_template(tmp_path / "t", "{{ meeting_name }}", ["{% if meeting_name %}"])
    message = template_error(folder)
    assert "範本「draft.docx」" in message
    assert "標籤「{% if meeting_name %}」沒有對應的「{% endif %}」" in message


def test_failed_render_leaves_the_previous_output_intact(tmp_path):
    project = load_project(example_workbook()).project
    out = tmp_path / "out"
    out.mkdir()
    (out / NAME).write_bytes(b"previous")
    folder = bent_template(tmp_path / "t", "{{ meeting_name }}", ["{{ meeting_nmae }}"])
    with pytest.raises(InputError):
        build(project, out, Options(templates=folder), ["draft"], strict=True)
    assert (out / NAME).read_bytes() == b"previous"
    assert sorted(p.name for p in out.iterdir()) == [NAME]
    report = build(project, out, Options(), ["draft"], strict=True)
    assert [path.name for _, path in report.written] == [NAME]
    assert docx_text((out / NAME).read_bytes()).startswith(f"〔頁首〕[Header] {DRAFT_MARK}")


# --- a big workbook -----------------------------------------------------------------------


def big_workbook(path: Path, cases: int) -> Path:
    """Save a valid workbook with `cases` discussed cases, each with 3 risks and 3 measures."""
    factory = WorkbookFactory()
    factory.rows["案例"], factory.rows["風險評估"], factory.rows["防制措施"] = [], [], []
    for n in range(1, cases + 1):
        factory.add(
            "案例", 案例編號=f"C{n}", 案例名稱=f"第{n}案", 來源類型="新聞", 主責單位="社會",
            列入討論="是", 案情概述="某課員甲受理申請，未查核已核發紀錄。" * 4,
            弊端態樣="重複核發", 涉犯法條="貪污治罪條例第5條第1項第2款",
        )  # fmt: skip
        for k in range(1, 4):
            number = (n - 1) * 3 + k
            factory.add(
                "風險評估", 風險編號=f"R{number}", 案例編號=f"C{n}", 風險項目="重複核發",
                風險情境="未查詢他機關紀錄即簽准。", 風險因子="制度", 可能性=k, 影響程度=3,
            )  # fmt: skip
            factory.add(
                "防制措施", 措施編號=f"M{number}", 案例編號=f"C{n}", 風險編號=f"R{number}",
                措施內容="建立核發資料比對機制並每月抽核。", 類別="新增", 權責單位="社會",
                協辦單位="政風", 完成期限="106/12/31", 殘餘可能性=1, 殘餘影響程度=k,
            )  # fmt: skip
    return factory.save(path)


@pytest.mark.slow
def test_600_case_workbook_renders_and_reopens(tmp_path):
    data = render_draft(big_workbook(tmp_path / "big.xlsx", 600))
    document = docx.Document(io.BytesIO(data))
    assert len(document.tables) == 600 * 4
    text = docx_text(data)
    chapters = headings(text, "Heading1")
    assert len(chapters) == 602
    assert chapters[2] == "參、第1案" and chapters[-1] == "陸佰零貳、第600案"


def test_template_tags_are_readable_in_word():
    """Every tag sits whole in one run, so staff see and edit it as typed."""
    from tools.build_templates import TEMPLATES

    document = docx.Document(str(TEMPLATES / "draft.docx"))
    runs = [run.text for p in document.paragraphs for run in p.runs]
    cells = [
        run.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
        for run in p.runs
    ]
    for text in runs + cells:
        assert text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}"), text


def test_internal_notes_and_persons_never_reach_circulated_documents(tmp_path):
    factory = WorkbookFactory().set("案例", 0, "備註", "內部備忘：勿外流")
    factory.set("案例", 0, "涉案人員", "王大明")
    path = factory.save(tmp_path / "w.xlsx")
    project = load_project(path).project
    out = tmp_path / "out"
    build(project, out, Options(force=True), ["draft", "pack", "forms", "signin", "minutes"])
    for document in out.rglob("*.docx"):
        text = docx_text(document)
        assert "內部備忘" not in text and "王大明" not in text, document.name


def test_chapter_numbers_past_ten_match_what_libreoffice_prints(tmp_path, soffice):
    factory = WorkbookFactory()
    for number in range(3, 10):
        factory.add(
            "案例",
            案例編號=f"C{number:02d}",
            案例名稱=f"第{number}案",
            來源類型="新聞",
            主責單位="社會",
            案情概述="概述",
            弊端態樣="態樣",
        )
    data = render_draft(factory.save(tmp_path / "w.xlsx"))
    labels = re.findall(r"^\[Heading1\] (\S+?、)", docx_text(data), flags=re.M)
    assert labels[-3:] == ["玖、", "壹拾、", "壹拾壹、"]
    pdf_text = "".join(pdf_pages(docx_to_pdf(data, tmp_path / "pdf")))
    for label in labels:
        assert re.sub(r"\s", "", label) in re.sub(r"\s", "", pdf_text), label
