"""修正意見表 (docgen forms): who gets a form, its text and controls, its hidden identity, the PDF.

The example's forms are rendered once per module (with force: the example is already approved)
and one form is converted to PDF once, and once more after a LibreOffice .docx round trip.
"""

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from docgen.cli import i18n as cli_i18n
from docgen.cli.main import cli
from docgen.collect.reader import read_form
from docgen.documents import Options
from docgen.documents.kinds import forms
from docgen.files.paths import example_workbook
from docgen.model import consultation
from docgen.model.identity import draft_fingerprint
from docgen.model.project import Project
from docgen.office import soffice as office
from docgen.workbook.loader import load_project
from support.docx_text import docx_text
from support.factory import WorkbookFactory
from support.pdfcheck import pdf_fonts, pdf_pages

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADERS = ["措施編號", "現行內容", "意見類型", "建議內容", "理由"]
RECIPIENTS = ["民政課", "社會課", "經建課", "人文課", "兵役課", "行政課", "人事室", "會計室"]
IDENTITY = re.compile(r"docgen-form:\{.*?\}(?=\n|$)")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(example_workbook()).project


@pytest.fixture(scope="module")
def rendered(project) -> dict[str, forms.Rendered]:
    return {r.relative_path.name: r for r in forms.render(project, Options(force=True))}


@pytest.fixture(scope="module")
def civil(rendered) -> bytes:
    return rendered["修正意見表_民政課.docx"].data


@pytest.fixture(scope="module")
def civil_path(civil, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("forms") / "修正意見表_民政課.docx"
    path.write_bytes(civil)
    return path


@pytest.fixture(scope="module")
def pdf(civil_path, soffice) -> Path:
    return office.convert(civil_path, "pdf", civil_path.parent / "pdf")


@pytest.fixture(scope="module")
def resaved(civil_path, soffice) -> Path:
    """Return the form after LibreOffice opened and saved it again as .docx."""
    return office.convert(civil_path, "docx", civil_path.parent / "resaved")


def opinion_tables(document: docx.document.Document) -> list:
    return [t for t in document.tables if [c.text for c in t.rows[0].cells] == HEADERS]


# --- who gets a form --------------------------------------------------------------------------


def test_one_form_per_business_and_staff_unit_in_its_folder(rendered):
    names = [f"修正意見表_{unit}.docx" for unit in RECIPIENTS]
    assert sorted(rendered) == sorted(names)
    assert all(r.relative_path.parent == Path("修正意見表") for r in rendered.values())


def test_notes_name_the_units_left_out(rendered):
    notes = [note for r in rendered.values() for note in r.notes]
    assert any("修正意見表共 8 份" in note for note in notes)
    assert "未產出修正意見表的單位：政風室（主辦單位）" in notes


def test_attendance_no_leaves_a_unit_out_and_invited_units_get_none(tmp_path):
    factory = WorkbookFactory()
    factory.set("單位", 1, "出席", "否")  # 民政課
    project = load_project(factory.save(tmp_path / "a.xlsx")).project
    assert [u.name for u in consultation.recipients(project)] == ["社會課"]
    reasons = dict((u.name, why) for u, why in forms.left_out(project))
    assert reasons == {"民政課": "「出席」為「否」", "政風室": "主辦單位"}


def test_a_unit_without_cases_still_gets_every_discussed_case(tmp_path):
    factory = WorkbookFactory()
    factory.add("單位", 單位代碼="秘書", 單位名稱="秘書/研考室", 類別="幕僚單位")
    project = load_project(factory.save(tmp_path / "a.xlsx")).project
    documents = {r.relative_path.name: r for r in forms.render(project, Options(force=True))}
    assert "修正意見表_秘書／研考室.docx" in documents
    text = docx_text(documents["修正意見表_秘書／研考室.docx"].data)
    assert "C01　急難救助金重複核發" in text and "C02　里長事務補助費侵占" in text
    assert "本單位" not in text


# --- when ---------------------------------------------------------------------------------------


def test_not_ready_once_approved_names_the_cell(project):
    reason = forms.not_ready(project, Options())
    assert reason is not None
    assert "106年8月9日核定" in reason and "專案設定!B" in reason and "（核定日期）" in reason
    assert forms.not_ready(project, Options(force=True)) is None


def test_not_ready_without_discussed_cases(project):
    settings = replace(project.settings, approval_date=None)
    cases = tuple(replace(case, discuss=False) for case in project.cases)
    bare = replace(project, settings=settings, cases=cases)
    assert "列入討論" in forms.not_ready(bare, Options())


def test_cli_writes_the_forms_before_approval(tmp_path, monkeypatch):
    factory = WorkbookFactory()
    del factory.settings["核定日期"]
    workbook = factory.save(tmp_path / "a.xlsx")
    cli_i18n.install()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["forms", "-i", str(workbook), "-o", "out"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "修正意見表" / "修正意見表_民政課.docx").is_file()
    assert "未產出修正意見表的單位：政風室（主辦單位）" in result.stdout


def test_cli_refuses_after_approval_and_says_why(tmp_path, monkeypatch):
    workbook = WorkbookFactory().save(tmp_path / "a.xlsx")
    cli_i18n.install()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["forms", "-i", str(workbook), "-o", "out"])
    assert result.exit_code == 1
    assert "修正意見徵詢已結束" in result.stderr
    assert not (tmp_path / "out").exists()


# --- what a form shows --------------------------------------------------------------------------


def test_header_shows_unit_meeting_deadline_officer_and_phone(civil):
    text = docx_text(civil)
    assert "[Title] 臺南市南區區公所" in text
    assert "填表單位 〔底色D9D9D9〕 | [TableText] 民政課" in text
    assert "中華民國106年8月4日（星期五）" in text
    assert "廉政細工專案座談會" in text and "中華民國106年8月15日（星期二）下午2時" in text
    assert "張雅婷" in text and "(06)2000000#215" in text
    assert text.count("[Small] 一、") == 1 and text.count("[Small] 二、") == 1


def test_each_case_has_one_table_with_a_row_per_measure_and_two_empty_rows(civil, project):
    document = docx.Document(io.BytesIO(civil))
    tables = opinion_tables(document)
    assert len(tables) == len(project.discussed_cases)
    ids = [[row.cells[0].text for row in table.rows[1:]] for table in tables]
    by_case = {case.id: [m.id for m in project.measures_of(case.id)] for case in project.cases}
    expected = [
        by_case[case_id] + ["", ""] for case_id in ("C02", "C03", "C06", "C01", "C04", "C05")
    ]
    assert ids == expected


def test_own_cases_come_first_and_are_marked(civil):
    headings = [line for line in docx_text(civil).splitlines() if line.startswith("[Outline1]")]
    assert headings[:3] == [
        "[Outline1] 一、C02　虛偽刷卡詐領加班費案（本單位主責）",
        "[Outline1] 二、C03　里長以不實單據核銷事務補助費案（本單位主責）",
        "[Outline1] 三、C06　納骨塔位使用許可收受紅包案（本單位主責）",
    ]
    assert not any("本單位" in line for line in headings[3:])


def test_assisting_unit_is_marked_as_such(rendered):
    text = docx_text(rendered["修正意見表_會計室.docx"].data)
    assert "C04　小額採購拆單規避公開取得程序案（本單位主責）" in text
    assert "C01　急難救助金重複核發案（本單位協辦）" in text


def test_every_row_has_a_drop_down_content_control_with_unique_ids(civil):
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(civil)).read("word/document.xml"))
    controls = list(root.iter(w("sdt")))
    rows = sum(len(t.rows) - 1 for t in opinion_tables(docx.Document(io.BytesIO(civil))))
    assert len(controls) == rows
    ids = [c.find(f"{w('sdtPr')}/{w('id')}").get(w("val")) for c in controls]
    assert len(set(ids)) == len(ids)
    for control in controls:
        items = control.findall(f".//{w('listItem')}")
        assert [i.get(w("value")) for i in items] == ["修改", "新增", "刪除", "其他"]
        assert control.find(f".//{w('showingPlcHdr')}") is not None
        assert "".join(control.find(w("sdtContent")).itertext()) == "請選擇"
        assert control.getparent().tag == w("p")  # inline in the cell's paragraph


def test_rendering_is_deterministic(project, civil):
    again = forms.render(project, Options(force=True))
    assert next(r.data for r in again if r.relative_path.name.endswith("民政課.docx")) == civil


# --- the hidden identity ------------------------------------------------------------------------


def test_identity_in_custom_properties_and_hidden_run(civil_path, project):
    content = read_form(civil_path)
    assert content.carriers == ("custom", "hidden")
    identity = content.identity
    assert identity.unit == "民政" and identity.agency == "臺南市南區區公所"
    assert identity.draft == draft_fingerprint(project)
    assert identity.cases == ("C02", "C03", "C06", "C01", "C04", "C05")
    document = docx.Document(civil_path)
    hidden = [run for run in document.paragraphs[0].runs if run.font.hidden]
    assert len(hidden) == 1 and hidden[0].text.startswith("docgen-form:")
    assert document.paragraphs[0].text.startswith("臺南市南區區公所docgen-form:")


def test_fingerprint_follows_what_the_form_shows(project):
    base = draft_fingerprint(project)
    assert re.fullmatch(r"[0-9a-f]{12}", base)
    first = project.measures[0]
    edited = replace(first, content=first.content + "。")
    changed = replace(project, measures=(edited, *project.measures[1:]))
    assert draft_fingerprint(changed) != base
    renamed = replace(project, settings=replace(project.settings, officer="另一人"))
    assert draft_fingerprint(renamed) == base  # the header is not part of the draft


def test_identity_survives_a_libreoffice_round_trip(resaved):
    content = read_form(resaved)
    assert content.carriers == ("custom", "hidden")
    assert content.identity.unit == "民政"
    assert len(content.tables) == 6


# --- the PDF ------------------------------------------------------------------------------------


def test_pdf_is_landscape_with_taiwanese_fonts(pdf):
    from pypdf import PdfReader

    box = PdfReader(pdf).pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595
    fonts = pdf_fonts(pdf)
    assert any(re.search(r"Kai|TW|TC", name) for name in fonts), fonts


def test_pdf_shows_headings_tables_and_page_numbers(pdf):
    pages = pdf_pages(pdf)
    text = squeeze("".join(pages))
    assert "臺南市南區區公所" in text and "會議資料初稿修正意見表" in text
    assert "一、C02虛偽刷卡詐領加班費案（本單位主責）" in text
    assert "六、C05" in text
    assert text.count("措施編號現行內容意見類型建議內容理由") >= 6
    assert "docgen-form" not in text  # the identity stays hidden
    assert f"第1頁，共{len(pages)}頁" in text
    assert "{{" not in text and "{%" not in text


def test_pdf_of_the_libreoffice_copy_still_shows_the_form(resaved):
    pdf = office.convert(resaved, "pdf", resaved.parent / "pdf")
    text = squeeze("".join(pdf_pages(pdf)))
    assert "一、C02虛偽刷卡詐領加班費案（本單位主責）" in text
    assert "docgen-form" not in text
