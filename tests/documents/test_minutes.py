"""會議紀錄 (docgen minutes): both states from the example, the Word markup, the PDF, bad input.

The minutes proper come from the bundled example; the draft from a copy of it without the
決議, 會議 and 出席 sheets, i.e. the workbook as it stands before the meeting. Each is rendered
once per module and converted to PDF once; factory workbooks check the optional parts.
"""

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from docgen.documents import Options, Rendered
from docgen.documents.kinds import minutes
from docgen.files.paths import example_workbook
from docgen.workbook.loader import load_project
from support.docx_text import assert_golden, docx_text
from support.factory import WorkbookFactory
from support.pdfcheck import docx_to_pdf, pdf_fonts, pdf_pages

NAME = "會議紀錄_106年8月15日.docx"
DRAFT_NAME = "會議紀錄（草稿）_106年8月15日.docx"
OUTLINE = [
    "一、時間",
    "二、地點",
    "三、主席",
    "四、出席人員",
    "五、列席人員",
    "六、主席致詞",
    "七、報告事項",
    "八、討論事項",
    "九、臨時動議",
    "十、散會",
]
MOTIONS = [f"案由{n}：" for n in "一二三四五六"]
AFTER_MEETING = ("決議", "會議", "出席")
LABEL_STYLE = "MinutesLabel"


def squeeze(text: str) -> str:
    """Return `text` without whitespace (pdftotext spaces out digits among Chinese)."""
    return re.sub(r"\s+", "", text)


def render(path: Path) -> Rendered:
    (rendered,) = minutes.render(load_project(path).project, Options())
    return rendered


def text_of(path: Path) -> str:
    return docx_text(render(path).data)


def before_meeting(folder: Path) -> Path:
    """Write the example without the sheets filled in after the meeting."""
    workbook = openpyxl.load_workbook(example_workbook())
    for name in AFTER_MEETING:
        del workbook[name]
    path = folder / "會議前.xlsx"
    workbook.save(path)
    return path


def recorded(factory: WorkbookFactory) -> WorkbookFactory:
    """Give the factory's two cases a 決議 row each, so the minutes are no longer a draft."""
    factory.add("決議", 案例編號="C01", 決議="照案通過。")
    factory.add("決議", 案例編號="C02", 決議="照案通過。")
    return factory


@pytest.fixture(scope="module")
def full() -> Rendered:
    return render(example_workbook())


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Rendered:
    return render(before_meeting(tmp_path_factory.mktemp("draft")))


def to_pdf(rendered: Rendered, folder: Path) -> Path:
    return docx_to_pdf(rendered.data, folder, rendered.relative_path.name)


@pytest.fixture(scope="module")
def full_pdf(full, tmp_path_factory, soffice) -> Path:
    return to_pdf(full, tmp_path_factory.mktemp("minutes"))


@pytest.fixture(scope="module")
def draft_pdf(draft, tmp_path_factory, soffice) -> Path:
    return to_pdf(draft, tmp_path_factory.mktemp("minutes-draft"))


def body_lines(text: str) -> list[str]:
    """Return the golden text's lines without their [Style] prefixes."""
    return [re.sub(r"^\[\w+\] ?", "", line) for line in text.splitlines()]


def labelled(text: str, label: str) -> list[str]:
    """Return the 紀錄標示 paragraphs starting with ``label`` (說明：, 決議：, 決定：)."""
    prefix = f"[{LABEL_STYLE}] {label}"
    return [
        line.removeprefix(f"[{LABEL_STYLE}] ")
        for line in text.splitlines()
        if line.startswith(prefix)
    ]


# --- the example, after the meeting --------------------------------------------------------


def test_full_is_named_by_the_meeting_date_and_needs_no_note(full):
    assert full.relative_path == Path(NAME)
    assert full.notes == ()


def test_outline_runs_from_time_to_adjournment(full):
    lines = body_lines(docx_text(full.data))
    tops = [line for line in lines if re.match(r"^[一二三四五六七八九十]+、", line)]
    assert [line[: len(head)] for line, head in zip(tops, OUTLINE, strict=True)] == OUTLINE
    assert "一、時間：中華民國106年8月15日（星期二）下午2時5分" in lines  # actual start
    assert "三、主席：區長林振宏　　　　紀錄：張雅婷" in lines
    assert "十、散會：下午4時10分" in lines


def test_attendance_is_grouped_by_unit_with_those_excused(full):
    lines = body_lines(docx_text(full.data))
    (present,) = [line for line in lines if line.startswith("四、出席人員：")]
    assert present.startswith("四、出席人員：民政課課長黃建國、社會課課長李淑芬")
    assert "人文課課員陳怡君" in present
    assert present.endswith("政風室主任王文彬（請假：人文課課長蔡佩君）")
    assert "五、列席人員：臺南市政府政風處科長劉靜宜、臺南市政府社會局政風室主任楊志偉" in lines


def test_report_ends_with_its_decision(full):
    lines = body_lines(docx_text(full.data))
    report = lines[lines.index("七、報告事項") : lines.index("八、討論事項")]
    assert report[1].startswith("報告：政風室報告本所「")
    assert any("修正意見計6則（採納4則、部分採納1則、不採納1則）" in line for line in report)
    assert "（1）急難救助金重複核發案" in report
    assert report[-1] == "決定：洽悉。"


def test_one_motion_per_discussed_case_with_its_resolution(full):
    lines = body_lines(docx_text(full.data))
    motions = [line for line in lines if line.startswith("案由")]
    assert [line[:4] for line in motions] == MOTIONS
    assert not any("家庭因素替代役" in line for line in lines)  # C07 is not discussed
    resolutions = labelled(docx_text(full.data), "決議：")
    assert len(resolutions) == 6 and resolutions[0].startswith("決議：照案通過。救助金撥付")
    assert not any("＿" in line for line in lines)


def test_each_motion_restarts_its_items(full):
    lines = body_lines(docx_text(full.data))
    starts = [i for i, line in enumerate(lines) if line.startswith("案由")]
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        items = [line[:2] for line in lines[start:end] if re.match(r"^\d、", line)]
        assert items == ["1、", "2、", "3、"]


def test_countermeasures_are_shown_as_adopted(full):
    text = docx_text(full.data)
    assert "夜間及例假日加班人員應於本所警衛室登記進出時間" in text  # OP04 added
    assert "應檢附同年度同一標的或同一地點已辦採購案件之累計金額表" in text  # OP02 final text
    assert "並函詢或電詢市府社會局" in text  # OP01 adopted
    assert "於本所網站公開各納骨堂塔位使用情形" in text  # OP05 rejected: unchanged
    assert "塔位使用情形僅提供民眾臨櫃查詢" not in text
    assert "3、防制措施（已依各單位修正意見修正）：" in text


def test_typed_line_breaks_stay_and_do_not_stretch_lines(full):
    lines = body_lines(docx_text(full.data))
    motion = lines.index(next(line for line in lines if line.startswith("九、臨時動議：")))
    assert lines[motion + 1] == "決議：照案通過。"  # a line break typed in the cell
    settings = docx.Document(io.BytesIO(full.data)).settings.element
    assert settings.find(f"{qn('w:compat')}/{qn('w:doNotExpandShiftReturn')}") is not None


def test_no_tags_left_and_headings_keep_with_their_text(full, draft):
    for rendered in (full, draft):
        document = docx.Document(io.BytesIO(rendered.data))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "{{" not in text and "{%" not in text
        kept = {p.text for p in document.paragraphs if p.paragraph_format.keep_with_next}
        assert {"報告事項", "討論事項", "說明："} <= kept


# --- the draft, before the meeting ----------------------------------------------------------


def test_draft_golden_text(draft):
    assert_golden(docx_text(draft.data), "minutes_draft.txt")


def test_draft_is_named_and_says_so(draft):
    assert draft.relative_path == Path(DRAFT_NAME)
    (note,) = draft.notes
    assert "會議紀錄草稿" in note and "「決議」工作表" in note


def test_draft_leaves_visible_blanks_to_fill_in(draft):
    text = docx_text(draft.data)
    lines = body_lines(text)
    assert text.startswith("〔頁首〕[Header] 草稿\n")
    assert "廉政細工專案座談會會議紀錄（草稿）" in lines
    resolutions = labelled(text, "決議：")
    assert len(resolutions) == 6
    assert all(re.fullmatch("決議：＿{20,}", line) for line in resolutions)
    assert "十、散會：＿＿時＿＿分" in lines
    assert "四、出席人員：詳簽到表" in lines and "五、列席人員：詳簽到表" in lines
    assert any(re.fullmatch("六、主席致詞：＿+", line) for line in lines)
    assert "一、時間：中華民國106年8月15日（星期二）下午2時" in lines  # the planned time
    assert "討論：" not in text


# --- optional parts and other workbooks ------------------------------------------------------


def test_empty_remarks_and_motions_print_none(tmp_path):
    factory = recorded(WorkbookFactory())
    factory.meeting = {"散會時間": "15:30"}
    lines = body_lines(text_of(factory.save(tmp_path / "w.xlsx")))
    assert "六、主席致詞：無" in lines
    assert "九、臨時動議：無" in lines
    assert "十、散會：下午3時30分" in lines
    assert "四、出席人員：詳簽到表" in lines


def test_a_deputy_chair_shows(tmp_path):
    factory = recorded(WorkbookFactory())
    factory.meeting = {"主席": "區長林大明（請假）由秘書陳代理代理", "紀錄": "王小華"}
    lines = body_lines(text_of(factory.save(tmp_path / "w.xlsx")))
    assert "三、主席：區長林大明（請假）由秘書陳代理代理　　　　紀錄：王小華" in lines


def test_attendance_without_observers_prints_none(tmp_path):
    factory = recorded(WorkbookFactory())
    factory.add("出席", 類別="出席", 單位="社會", 職稱="課長", 姓名="張社福")
    factory.add("出席", 類別="出席", 單位="社會", 職稱="課員", 姓名="陳小明")
    factory.add("出席", 類別="請假", 單位="市政風處", 職稱="科長", 姓名="周督導")
    lines = body_lines(text_of(factory.save(tmp_path / "w.xlsx")))
    assert "四、出席人員：社會課課長張社福、課員陳小明" in lines
    assert "五、列席人員：無（請假：臺南市政府政風處科長周督導）" in lines


def test_missing_resolutions_are_left_blank_and_reported(tmp_path):
    factory = WorkbookFactory().add("決議", 案例編號="C02", 討論摘要="無異議")
    rendered = render(factory.save(tmp_path / "w.xlsx"))
    lines = body_lines(docx_text(rendered.data))
    blanks = [line for line in labelled(docx_text(rendered.data), "決議：") if "＿" in line]
    assert len(blanks) == 2
    assert "討論：無異議" in lines
    assert "十、散會：＿＿時＿＿分" in lines
    assert rendered.notes == (
        "會議紀錄：案例「C01」（案例!A2（案例編號））在「決議」工作表沒有決議，已留空待填。",
        "會議紀錄：決議!C2（決議）未填寫，已留空待填。",
        "會議紀錄：「會議」工作表未填散會時間，已留空待填。",
    )


def test_no_discussed_case_reads_none(tmp_path):
    factory = WorkbookFactory().set("案例", 0, "列入討論", "否").set("案例", 1, "列入討論", "否")
    lines = body_lines(text_of(factory.save(tmp_path / "w.xlsx")))
    assert "八、討論事項：無" in lines
    assert "案例研析：本次無提列討論之案例。" in " ".join(lines)
    assert not any(line.startswith("案由") for line in lines)


# --- bad input: one clear message per cell, nothing written ----------------------------------


def refused(run, factory: WorkbookFactory, tmp_path: Path) -> str:
    code, out, err = run("minutes", "-i", str(factory.save(tmp_path / "w.xlsx")), "-o", "out")
    assert code != 0
    assert not (tmp_path / "out").exists()
    return out + err


def test_resolution_for_a_case_not_on_the_agenda(run, tmp_path):
    factory = recorded(WorkbookFactory()).set("案例", 1, "列入討論", "否")
    message = refused(run, factory, tmp_path)
    assert "決議!A3（案例編號）：案例「C02」未列入討論，不應有決議" in message
    assert "未寫入任何檔案" in message


def test_attendance_of_an_unknown_unit(run, tmp_path):
    factory = recorded(WorkbookFactory())
    factory.add("出席", 類別="出席", 單位="工務課", 職稱="課長", 姓名="某甲")
    assert "出席!B2（單位）：找不到單位「工務課」" in refused(run, factory, tmp_path)


def test_adjourning_before_the_start(run, tmp_path):
    factory = recorded(WorkbookFactory())
    factory.meeting = {"實際開會時間": "14:05", "散會時間": "13:30"}
    message = refused(run, factory, tmp_path)
    assert "會議!B3（散會時間）：散會時間13:30早於或等於開會時間14:05" in message


def test_command_writes_the_draft_and_says_so(run, tmp_path):
    code, out, _ = run("minutes", "-i", str(before_meeting(tmp_path)), "-o", "out")
    assert code == 0
    assert (tmp_path / "out" / DRAFT_NAME).is_file()
    assert "已產出會議紀錄草稿" in out


def test_the_draft_left_beside_the_final_minutes_is_named_as_replaced(run, tmp_path):
    code, out, _ = run("minutes", "-i", str(before_meeting(tmp_path)), "-o", "out")
    assert code == 0 and "已由" not in out
    code, out, _ = run("minutes", "-i", str(example_workbook()), "-o", "out")
    assert code == 0
    assert f"out/{DRAFT_NAME} 是先前產出的會議紀錄（草稿），已由 {NAME} 取代" in out
    assert (tmp_path / "out" / DRAFT_NAME).is_file()  # named, never deleted
    code, out, _ = run("minutes", "-i", str(example_workbook()), "-o", "elsewhere")
    assert "取代" not in out


# --- what a reader sees (LibreOffice) -------------------------------------------------------


def pdf_lines(pdf: Path) -> list[str]:
    return [squeeze(line) for page in pdf_pages(pdf) for line in page.splitlines() if line.strip()]


@pytest.mark.parametrize("state", ["full", "draft"])
def test_pdf_shows_the_outline_and_motions(state, request):
    pdf = request.getfixturevalue(f"{state}_pdf")
    lines = pdf_lines(pdf)
    for head in OUTLINE:
        assert any(line.startswith(head) for line in lines), head
    for motion in MOTIONS:
        assert any(line.startswith(motion) for line in lines), motion
    assert "決定：洽悉。" in lines
    assert not any("{{" in line or "{%" in line for line in lines)


@pytest.mark.parametrize("state", ["full", "draft"])
def test_pdf_fonts_are_taiwanese(state, request):
    fonts = pdf_fonts(request.getfixturevalue(f"{state}_pdf"))
    assert any("TW-Kai" in font for font in fonts), fonts
    assert all(re.search(r"TW-Kai|UMingTW|CJKtc|LiberationSerif", font) for font in fonts)


def test_pdf_draft_is_marked_on_every_page(draft_pdf):
    pages = pdf_pages(draft_pdf)
    assert len(pages) >= 2
    assert "會議紀錄（草稿）" in squeeze(pages[0])
    for number, page in enumerate(pages, 1):
        text = squeeze(page)
        assert text.startswith("草稿")
        assert f"第{number}頁，共{len(pages)}頁" in text


def test_pdf_full_ends_with_the_adjournment(full_pdf):
    lines = pdf_lines(full_pdf)
    assert lines[-2] == "十、散會：下午4時10分"
    assert not any("草稿" in line for line in lines)


def test_report_counts_opinions_and_says_which_are_still_open(tmp_path):
    factory = WorkbookFactory()
    factory.add(
        "修正意見", 單位="社會", 案例編號="C01", 措施編號="M01", 意見類型="修改",
        建議內容="改為每月比對", 處理結果="採納",
    )  # fmt: skip
    factory.add(
        "修正意見", 單位="民政", 案例編號="C02", 措施編號="M02", 意見類型="修改",
        建議內容="改為每季抽查", 處理結果="待議",
    )  # fmt: skip
    text = text_of(factory.save(tmp_path / "w.xlsx"))
    assert "修正意見計2則（採納1則、待議1則），已據以修正彙整，未決之1則提請本次會議討論" in text
    assert "（1）改為每月比對（權責單位：社會課）。" in text
    assert "核銷單據抽查（權責單位：民政課）。" in text


@pytest.mark.parametrize(
    "typed",
    [
        "臺南市政府106年7月6日府政預字第1060699847號函",
        "依臺南市政府106年7月6日府政預字第1060699847號函辦理。",
        "依據：臺南市政府106年7月6日府政預字第1060699847號函",
    ],
)
def test_the_basis_reads_once_however_it_was_typed(typed):
    from docgen.documents.kinds.minutes import basis_phrase

    assert basis_phrase(typed) == "臺南市政府106年7月6日府政預字第1060699847號函"


def test_nobody_attending_in_a_role_reads_none_before_the_excused(tmp_path):
    from docgen.documents.kinds.minutes import attendance

    factory = WorkbookFactory()
    factory.add("出席", 類別="請假", 單位="社會", 職稱="課長", 姓名="張社福")
    factory.add("出席", 類別="列席", 單位="市政風處", 職稱="科長", 姓名="周督導")
    present, _ = attendance(load_project(factory.save(tmp_path / "w.xlsx")).project)
    assert present == "無（請假：社會課課長張社福）"
