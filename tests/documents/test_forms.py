"""修正意見表 (docgen forms): who gets a form, its text and controls, its identity, e-mail, the PDF.

The example's forms are rendered once per module (with force: the example is already approved)
and one form is converted to PDF once, and once more after a LibreOffice .docx round trip.
"""

import email
import email.policy
import io
import re
import zipfile
from dataclasses import replace
from datetime import date
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


def test_notes_say_who_gets_a_form_and_why_and_who_gets_none(rendered):
    notes = [note for r in rendered.values() for note in r.notes]
    assert "修正意見表共 8 份" in notes[0]
    assert "　人事室：主責案例 C02；權責措施 M05、M06、M07、M08、M19" in notes
    assert "　會計室：主責案例 C02、C04；權責措施 M13；協辦措施 M03、M08、M09、M14、M18" in notes
    left = notes[notes.index("未產出修正意見表的單位：") + 1 :]
    assert left == [
        "　政風室：主辦單位",
        "　臺南市政府政風處：受邀單位",
        "　臺南市政府社會局政風室：受邀單位",
    ]


def involvement_workbook(tmp_path: Path) -> Project:
    """Return the factory's workbook with units that attend or not, involved or not."""
    factory = WorkbookFactory()
    factory.set("單位", 1, "出席", "否")  # 民政課: 主責 of C02 and 權責 of M02
    factory.add("單位", 單位代碼="秘書", 單位名稱="秘書室", 類別="幕僚單位", 出席="否")
    factory.add("單位", 單位代碼="研考", 單位名稱="研考課", 類別="業務單位", 出席="否")
    factory.add("單位", 單位代碼="人事", 單位名稱="人事室", 類別="幕僚單位")
    factory.add("單位", 單位代碼="社會局", 單位名稱="臺南市政府社會局", 類別="受邀單位")
    factory.set("防制措施", 1, "協辦單位", "秘書")  # M02
    factory.set("防制措施", 0, "協辦單位", "政風、社會局")  # M01
    factory.add("案例", 案例編號="C03", 案例名稱="參考案", 來源類型="新聞", 主責單位="研考")
    factory.set("案例", 2, "列入討論", "否")
    factory.set("案例", 2, "案情概述", "某課員甲。")
    factory.set("案例", 2, "弊端態樣", "參考")
    factory.add("防制措施", 措施編號="M03", 案例編號="C03", 措施內容="參考措施", 權責單位="研考")
    return load_project(factory.save(tmp_path / "a.xlsx")).project


def test_involvement_not_attendance_decides_who_is_consulted(tmp_path):
    project = involvement_workbook(tmp_path)
    reasons = {item.unit.name: item.reason for item in consultation.consulted(project)}
    assert reasons == {
        "社會課": "主責案例 C01；權責措施 M01",
        "民政課": "主責案例 C02；權責措施 M02（「出席」為「否」，仍依權責徵詢）",
        "秘書室": "協辦措施 M02（「出席」為「否」，仍依權責徵詢）",
        "人事室": "出席會議",
    }
    left = dict((u.name, why) for u, why in consultation.left_out(project))
    assert left["研考課"] == "「出席」為「否」，且未主責、權責或協辦討論案例"  # C03 not discussed
    assert left["政風室"] == "主辦單位"
    assert left["臺南市政府政風處"] == "受邀單位"
    assert left["臺南市政府社會局"].startswith("受邀單位，協辦措施 M01；")
    assert "另行洽詢" in left["臺南市政府社會局"]
    documents = forms.render(project, Options(force=True))
    names = sorted(r.relative_path.name for r in documents)
    assert names == sorted(f"修正意見表_{unit}.docx" for unit in reasons)


def test_collect_accepts_the_forms_of_units_that_do_not_attend(tmp_path):
    from docgen.collect import collect_forms

    project = involvement_workbook(tmp_path)
    documents = {r.relative_path.name: r for r in forms.render(project, Options(force=True))}
    form = docx.Document(io.BytesIO(documents["修正意見表_秘書室.docx"].data))
    row = opinion_tables(form)[0].rows[1]
    row.cells[2].text = "修改"
    row.cells[3].text = "秘書室建議改為每月抽查。"
    form.save(tmp_path / "秘書室.docx")
    report = collect_forms(project.path, [tmp_path / "秘書室.docx"])
    assert report.added and not [p for p in report.problems if p.is_error]
    assert "秘書室" in [line.name for line in report.units]


def test_a_unit_without_cases_still_gets_every_discussed_case(tmp_path):
    factory = WorkbookFactory()
    factory.add("單位", 單位代碼="秘書", 單位名稱="秘書/研考室", 類別="幕僚單位")
    project = load_project(factory.save(tmp_path / "a.xlsx")).project
    documents = {r.relative_path.name: r for r in forms.render(project, Options(force=True))}
    assert "修正意見表_秘書／研考室.docx" in documents
    text = docx_text(documents["修正意見表_秘書／研考室.docx"].data)
    assert "C01　急難救助金重複核發" in text and "C02　里長事務補助費侵占" in text
    assert not any(
        "本單位" in line for line in headings(documents["修正意見表_秘書／研考室.docx"].data)
    )


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
    assert "　民政課：主責案例 C02；權責措施 M02\n" in result.stdout
    assert (
        "未產出修正意見表的單位：\n　政風室：主辦單位\n　臺南市政府政風處：受邀單位\n"
        in result.stdout
    )


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


def test_the_form_says_by_when_and_to_whom_it_goes_back(civil):
    text = docx_text(civil).replace("\u200b", "")
    assert (
        "[Small] 三、填妥後請於中華民國106年8月4日（星期五）前以原檔（Word 或 ODF 格式，"
        "請勿轉為 PDF）回傳政風室承辦人張雅婷"
        "（電子郵件：ethics@nan.tainan.example.gov.tw；電話：(06)2000000#215）。"
    ) in text


def test_without_deadline_or_contact_the_form_still_says_how_to_return_it(tmp_path):
    factory = WorkbookFactory()
    for item in ("修正意見回覆期限", "聯絡電話", "電子郵件"):
        del factory.settings[item]
    project = load_project(factory.save(tmp_path / "a.xlsx")).project
    text = docx_text(forms.render(project, Options(force=True))[0].data).replace("\u200b", "")
    assert (
        "三、填妥後請於會議前以原檔（Word 或 ODF 格式，請勿轉為 PDF）回傳政風室承辦人王小華。"
        in text
    )
    assert "回覆期限 〔底色D9D9D9〕 | [TableText] 請於會議前回覆" in text


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


def headings(data: bytes) -> list[str]:
    """Return the case headings of a form, without the invisible break opportunities."""
    lines = docx_text(data).replace("\u200b", "").splitlines()
    return [line.removeprefix("[Outline1] ") for line in lines if line.startswith("[Outline1]")]


def test_own_cases_come_first_and_are_marked(civil):
    found = headings(civil)
    assert found[:3] == [
        "一、C02　虛偽刷卡詐領加班費案（本單位主責）",
        "二、C03　里長以不實單據核銷事務補助費案（本單位主責；權責措施M09、M10、M11）",
        "三、C06　納骨塔位使用許可收受紅包案（本單位主責；權責措施M20、M21、M22；協辦措施M19）",
    ]
    assert not any("本單位" in line for line in found[3:])


def test_owner_of_a_measure_only_is_not_called_the_owner_of_its_case(rendered):
    found = headings(rendered["修正意見表_人事室.docx"].data)
    assert found[1] == "二、C06　納骨塔位使用許可收受紅包案（本單位權責措施M19）"
    assert not any("主責" in line for line in found[1:])


def test_assisting_unit_is_marked_as_such(rendered):
    found = headings(rendered["修正意見表_會計室.docx"].data)
    assert found[:3] == [
        "一、C02　虛偽刷卡詐領加班費案（本單位主責；協辦措施M08）",
        "二、C04　小額採購拆單規避公開取得程序案（本單位主責；權責措施M13；協辦措施M14）",
        "三、C01　急難救助金重複核發案（本單位協辦措施M03）",
    ]


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


def test_identity_in_custom_properties_and_a_custom_xml_part(civil_path, project):
    content = read_form(civil_path)
    assert content.carriers == ("custom", "xml")
    identity = content.identity
    assert identity.unit == "民政" and identity.agency == "臺南市南區區公所"
    assert identity.draft == draft_fingerprint(project)
    assert identity.cases == ("C02", "C03", "C06", "C01", "C04", "C05")
    assert content.identities == (identity,)  # both carriers hold the same sealed record


def test_the_identity_is_no_text_of_the_document(civil_path):
    """Nothing a reader sees, even with formatting marks on: no hidden run, no marker."""
    with zipfile.ZipFile(civil_path) as archive:
        shown = {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        }
    for name, xml in shown.items():
        assert b"docgen-form" not in xml and b"docgen." not in xml, name
        assert b"<w:vanish" not in xml and b"<w:specVanish" not in xml, name
    document = docx.Document(civil_path)
    assert document.paragraphs[0].text == "臺南市南區區公所"
    assert not any(run.font.hidden for p in document.paragraphs for run in p.runs)


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
    assert content.carriers == ("custom", "xml")
    assert content.identity.unit == "民政" and content.identity.seal
    assert len(content.identities) == 1
    assert sum(1 for t in content.tables if not getattr(t, "new_measures", False)) == 6


@pytest.mark.parametrize("through", ["odt", "doc"])
def test_custom_properties_survive_odt_and_doc_as_collect_converts_them(civil_path, through):
    """A unit saves the form as .odt or .doc in LibreOffice; collect converts it back."""
    from docgen.collect.convert import to_docx

    folder = civil_path.parent / through
    saved = office.convert(civil_path, through, folder)
    work = folder / "work"
    work.mkdir()
    content = read_form(to_docx(saved, work))
    assert content.carriers == ("custom",)  # the custom XML part does not survive ODF or .doc
    assert content.identity == read_form(civil_path).identity  # seal included


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


# --- the e-mail drafts (--eml) --------------------------------------------------------------------


@pytest.fixture(scope="module")
def mailed(project) -> dict[str, forms.Rendered]:
    return {r.relative_path.name: r for r in forms.render(project, Options(force=True, eml=True))}


def parsed(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def test_each_unit_gets_one_draft_with_its_own_form_attached(mailed):
    drafts = sorted(name for name in mailed if name.endswith(".eml"))
    assert drafts == sorted(f"修正意見表_{unit}.eml" for unit in RECIPIENTS)
    mail = parsed(mailed["修正意見表_民政課.eml"].data)
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "修正意見表_民政課.docx"
    assert attachment.get_content() == mailed["修正意見表_民政課.docx"].data
    assert mail["X-Unsent"] == "1"


def test_a_draft_goes_to_the_unit_from_the_officer(mailed):
    mail = parsed(mailed["修正意見表_會計室.eml"].data)
    assert [a.addr_spec for a in mail["To"].addresses] == ["accounting@nan.tainan.example.gov.tw"]
    [sender] = mail["From"].addresses
    assert sender.addr_spec == "ethics@nan.tainan.example.gov.tw"
    assert squeeze(sender.display_name) == "臺南市南區區公所政風室張雅婷"
    assert mail["Subject"] == (
        "請於106年8月4日前回覆「廉政細工專案座談會」會議資料初稿修正意見表（會計室）"
    )


def test_the_body_says_why_by_when_and_how_to_return_the_form(mailed):
    body = parsed(mailed["修正意見表_會計室.eml"].data).get_body(("plain",)).get_content()
    body = body.replace("\r\n", "\n")
    assert body.startswith("會計室　您好：")
    assert "貴單位為主責案例 C02、C04；權責措施 M13；協辦措施 M03、M08、M09、M14、M18" in body
    assert "請於中華民國106年8月4日（星期五）前" in body
    assert (
        "存為 .docx 或 .odt 後，以電子郵件回覆本信（寄至 ethics@nan.tainan.example.gov.tw）" in body
    )
    assert "附件：\n　修正意見表_會計室.docx" in body
    assert body.rstrip().endswith(
        "臺南市南區區公所政風室\n承辦人：張雅婷\n電話：(06)2000000#215\n"
        "電子郵件：ethics@nan.tainan.example.gov.tw"
    )


def test_drafts_are_deterministic_and_only_made_when_asked(project, mailed, rendered):
    again = forms.render(project, Options(force=True, eml=True))
    assert {r.relative_path.name: r.data for r in again} == {
        name: r.data for name, r in mailed.items()
    }
    assert not any(name.endswith(".eml") for name in rendered)


def test_units_without_a_usable_address_are_listed_not_refused(tmp_path):
    factory = WorkbookFactory()
    del factory.settings["核定日期"]
    factory.set("單位", 0, "電子郵件", "social@nan.example.gov.tw")
    factory.set("單位", 1, "電子郵件", "民政課信箱")  # 民政課: not an address
    factory.add("單位", 單位代碼="人事", 單位名稱="人事室", 類別="幕僚單位")  # no address
    workbook = factory.save(tmp_path / "a.xlsx")
    cli_i18n.install()
    result = CliRunner().invoke(
        cli, ["forms", "--eml", "-i", str(workbook), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "修正意見表"
    assert sorted(p.name for p in folder.glob("*.eml")) == ["修正意見表_社會課.eml"]
    assert "修正意見表郵件草稿共 1 份" in result.stdout
    lines = result.stdout.splitlines()
    listed = lines[lines.index("未產出郵件草稿的單位（請另行寄送）：") + 1 :][:2]
    assert listed == [
        "　民政課：單位!F3（電子郵件）「民政課信箱」不是有效的電子郵件地址（必須恰好含有一個 @）",
        "　人事室：單位!F6（電子郵件）未填",
    ]
    assert "　社會課：主責案例 C01；權責措施 M01" in result.stdout


def test_without_the_officers_address_nothing_is_written(tmp_path):
    factory = WorkbookFactory()
    del factory.settings["核定日期"]
    factory.settings["電子郵件"] = ""
    workbook = factory.save(tmp_path / "a.xlsx")
    cli_i18n.install()
    result = CliRunner().invoke(
        cli, ["forms", "--eml", "-i", str(workbook), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert "專案設定!B" in result.stderr and "寄件者" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_draft_is_dated_a_week_before_the_reply_deadline(mailed, project):
    mail = parsed(mailed["修正意見表_會計室.eml"].data)
    sent = mail["Date"].datetime
    deadline = project.settings.reply_deadline
    assert sent.date() == date(2017, 7, 28) and sent.date() < deadline == date(2017, 8, 4)
    assert sent.date() < project.settings.meeting_date


def test_a_line_break_in_the_officer_is_refused_naming_its_cell(tmp_path):
    factory = WorkbookFactory()
    del factory.settings["核定日期"]
    factory.settings["承辦人"] = "王小華\n分機301"
    workbook = factory.save(tmp_path / "a.xlsx")
    cli_i18n.install()
    result = CliRunner().invoke(
        cli, ["forms", "--eml", "-i", str(workbook), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert re.search(r"專案設定!B\d+（承辦人）：承辦人「王小華□分機301」含有換行", result.stderr)
    assert not (tmp_path / "out").exists()


def test_forms_without_eml_name_the_drafts_left_by_an_earlier_eml(tmp_path):
    factory = WorkbookFactory()
    del factory.settings["核定日期"]
    factory.set("單位", 0, "電子郵件", "social@nan.example.gov.tw")
    workbook = factory.save(tmp_path / "a.xlsx")
    out = tmp_path / "out"
    cli_i18n.install()
    first = CliRunner().invoke(cli, ["forms", "--eml", "-i", str(workbook), "-o", str(out)])
    assert first.exit_code == 0, first.output
    draft = out / "修正意見表" / "修正意見表_社會課.eml"
    old = draft.read_bytes()
    factory.set("防制措施", 0, "措施內容", "建立核發資料每月比對機制")  # the draft changes
    factory.save(workbook)
    again = CliRunner().invoke(cli, ["forms", "--force", "-i", str(workbook), "-o", str(out)])
    assert again.exit_code == 0, again.output
    assert draft.read_bytes() == old  # left, never deleted
    assert (
        f"{draft} 是先前產出的郵件草稿，附件是舊的修正意見表，與新產出的 修正意見表_社會課.docx "
        "不一定相同，請勿寄出；如需郵件草稿，請加上 --eml 重新產出（舊檔可自行刪除）。"
    ) in again.output
    assert again.output.count("是先前產出的郵件草稿") == 1  # only units that have one
    last = CliRunner().invoke(cli, ["forms", "--eml", "-i", str(workbook), "-o", str(out)])
    assert last.exit_code == 0 and "是先前產出的郵件草稿" not in last.output
