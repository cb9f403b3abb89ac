"""會議資料 (docgen pack): notice, agenda, revised chapters, appendix; refusal and --force.

The example (every opinion decided, 核定日期 set) is rendered once and converted to PDF once;
a forced pack of an unapproved workbook is converted once more to check 「未核定」 on every page.
"""

import io
import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from docgen.build import build
from docgen.cli import i18n as cli_i18n
from docgen.cli.main import cli
from docgen.documents import Options
from docgen.documents.kinds import pack
from docgen.files.paths import example_workbook
from docgen.problems import NotReadyError
from docgen.workbook.loader import load_project
from support.docx_text import docx_text
from support.factory import WorkbookFactory
from support.pdfcheck import docx_to_pdf, pdf_fonts, pdf_pages

NAME = "會議資料_106年8月15日.docx"
CHAPTERS = [
    "參、急難救助金重複核發案",
    "肆、虛偽刷卡詐領加班費案",
    "伍、里長以不實單據核銷事務補助費案",
    "陸、小額採購拆單規避公開取得程序案",
    "柒、公務車私用及公務加油卡挪用案",
    "捌、納骨塔位使用許可收受紅包案",
]
AGENDA = ["一、主席致詞", "二、報告事項", "三、討論事項", "四、臨時動議", "五、散會"]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def lines_of(text: str, style: str) -> list[str]:
    return [line.split("] ", 1)[1] for line in text.splitlines() if line.startswith(f"[{style}]")]


def table_rows(text: str, first_cell: str) -> list[str]:
    return [
        line for line in text.splitlines() if line.startswith(f"| [TableTextCenter] {first_cell} ")
    ]


def project_of(factory: WorkbookFactory, tmp_path: Path):
    return load_project(factory.save(tmp_path / "wb.xlsx")).project


def with_opinion(**values) -> WorkbookFactory:
    """Return the factory workbook with one opinion on M01 (採納 unless told otherwise)."""
    row = {
        "意見編號": "OP1", "單位": "社會", "案例編號": "C01", "措施編號": "M01",
        "意見類型": "修改", "建議內容": "建立跨機關核發資料比對機制", "處理結果": "採納",
    }  # fmt: skip
    row.update(values)
    return WorkbookFactory().add("修正意見", **row)


@pytest.fixture(scope="module")
def example():
    return load_project(example_workbook()).project


@pytest.fixture(scope="module")
def rendered(example):
    assert pack.not_ready(example, Options()) is None
    (document,) = pack.render(example, Options())
    return document


@pytest.fixture(scope="module")
def text(rendered) -> str:
    return docx_text(rendered.data)


@pytest.fixture(scope="module")
def document(rendered):
    return docx.Document(io.BytesIO(rendered.data))


@pytest.fixture(scope="module")
def pdf(rendered, soffice, tmp_path_factory) -> Path:
    return docx_to_pdf(rendered.data, tmp_path_factory.mktemp("pack"), "pack.docx")


@pytest.fixture(scope="module")
def forced(tmp_path_factory):
    """Return a pack forced from a workbook with a 待議 opinion and no 核定日期."""
    folder = tmp_path_factory.mktemp("forced")
    factory = with_opinion(處理結果="待議")
    factory.settings["核定日期"] = None
    project = load_project(factory.save(folder / "wb.xlsx")).project
    (document,) = pack.render(project, Options(force=True))
    return document


@pytest.fixture(scope="module")
def forced_pdf(forced, soffice, tmp_path_factory) -> Path:
    return docx_to_pdf(forced.data, tmp_path_factory.mktemp("forced-pdf"), "forced.docx")


# --- the example's text -------------------------------------------------------------------


def test_file_is_named_for_people_and_approved_pack_is_unmarked(rendered, text):
    assert rendered.relative_path == Path(NAME)
    assert rendered.notes == ()
    assert "未核定" not in text


def test_notice_comes_first_with_the_official_fields(text):
    notice = text.split("〔換頁〕")[0]
    expected = [
        "[Title] 臺南市南區區公所　開會通知單",
        "受文者：如出席者及列席者",
        "[Small] 發文日期：中華民國106年8月9日",
        "開會事由：召開廉政細工專案座談會",
        "開會時間：中華民國106年8月15日（星期二）下午2時",
        "開會地點：本所3樓第一會議室",
        "主持人：區長林振宏",
        "聯絡人及電話：張雅婷 (06)2000000#215",
        "[Small] 出席者：民政課、社會課、經建課、人文課、兵役課、行政課、人事室、會計室、政風室",
        "[Small] 列席者：臺南市政府政風處、臺南市政府社會局政風室",
        "[Small] 副本：無",
        "備註：",
    ]
    positions = [notice.index(line) for line in expected]
    assert positions == sorted(positions)
    assert lines_of(notice, "Outline1") == [
        "一、檢附會議資料1份，請攜帶與會。",
        "二、請各單位主管準時出席；如不克出席，請指派熟悉業務之人員代理。",
        "三、為響應環保，請自備環保杯。",
    ]


def test_agenda_restarts_its_list_and_lists_every_case(text):
    agenda = text.split("〔換頁〕")[1]
    assert "[Title] 廉政細工專案座談會議程" in agenda
    outline = lines_of(agenda, "Outline1")
    assert len(outline) == len(AGENDA)
    assert all(line.startswith(label) for line, label in zip(outline, AGENDA, strict=True))
    assert outline[1] == "二、報告事項：政風室報告基層扎根廉政工程三部曲-廉政細工專案 2.0辦理情形"
    names = [chapter[2:] for chapter in CHAPTERS]
    assert lines_of(agenda, "Outline2") == [
        f"（{n}）{name}" for n, name in zip("一二三四五六", names, strict=True)
    ]


def test_chapters_follow_with_their_own_numbering(text):
    assert lines_of(text, "Heading1") == ["壹、依據", "貳、目的", *CHAPTERS]
    assert lines_of(text, "Heading2").count("七、防制措施") == len(CHAPTERS)


def test_adopted_revisions_are_applied(text):
    m02 = table_rows(text, "M02")[0]
    assert "查詢結果作成紀錄附卷。" in m02  # 採納: the 建議內容
    m13 = table_rows(text, "M13")[0]
    assert "應檢附同年度同一標的或同一地點已辦採購案件之累計金額表" in m13  # 部分採納: 定案內容
    assert table_rows(text, "M06") == []  # 刪除 adopted
    (added,) = table_rows(text, "M08-1")  # 新增 adopted: numbered after the case's last, M08
    assert "夜間及例假日加班人員應於本所警衛室登記進出時間" in added
    cells = [cell.split("] ", 1)[-1] for cell in added.strip("| ").split(" | ")]
    assert cells[2:] == ["R05", "新增", "行政課", "人事室", "106.10.31"]  # the opinion's fields
    (m21,) = table_rows(text, "M21")
    assert "並於本所網站公開各納骨堂塔位使用情形" in m21  # 不採納: unchanged
    chapter_c02 = text.split("[Heading1] 肆、")[1].split("[Heading1] 伍、")[0]
    rows = [line for line in chapter_c02.splitlines() if line.startswith("| [TableTextCenter] M")]
    numbers = [row.split(" | ")[0].split("] ")[-1] for row in rows]
    assert numbers == ["M05", "M07", "M08", "M08-1"]  # M06 deleted; the new one comes last


def test_appendix_lists_every_opinion_with_its_decision(text):
    appendix = text.split("[Title] 附件　修正意見處理情形表")[1]
    rows = [line for line in appendix.splitlines() if line.startswith("| [TableTextCenter] OP")]
    cells = [[cell.split("] ", 1)[-1] for cell in row.strip("| ").split(" | ")] for row in rows]
    assert [(c[0], c[1], c[3], c[4], c[6]) for c in cells] == [
        ("OP01", "社會課", "M02", "修改", "採納"),
        ("OP02", "會計室", "M13", "修改", "部分採納"),
        ("OP03", "人事室", "M06", "刪除", "採納"),
        ("OP04", "行政課", "M08-1", "新增", "採納"),
        ("OP05", "民政課", "M21", "修改", "不採納"),
        ("OP06", "人文課", "無", "其他", "採納"),
    ]
    assert cells[0][2] == "急難救助金重複核發案"
    assert cells[4][7].startswith("公開內容僅限塔位編號及使用狀態")


# --- the Word markup ----------------------------------------------------------------------


def test_tables_repeat_headers_and_rows_do_not_split(document):
    assert len(document.tables) == 4 * len(CHAPTERS) + 1
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_footer_fields_and_empty_header_when_approved(document):
    section = document.sections[0]
    assert section.header.paragraphs[0].text == ""
    fields = [t.text.strip() for t in section.footer.paragraphs[0]._p.iter(qn("w:instrText"))]
    assert fields == ["PAGE", "NUMPAGES"]


def test_notice_agenda_and_chapters_use_separate_list_instances(document):
    def num_id(paragraph):
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        return None if num_pr is None else num_pr.numId.val

    remarks = [p for p in document.paragraphs if p.style.style_id == "Outline1"][:3]
    agenda = [p for p in document.paragraphs if p.style.style_id in ("Outline1", "Outline2")][3:]
    assert {num_id(p) for p in remarks} == {None}  # the style's own list
    (restarted,) = {num_id(p) for p in agenda}
    numbering = document.part.numbering_part.element
    (num,) = numbering.xpath(f'w:num[@w:numId="{restarted}"]')
    assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "1"


def test_rebuild_is_byte_identical(example, rendered):
    (again,) = pack.render(example, Options())
    assert again.data == rendered.data


# --- what LibreOffice renders -------------------------------------------------------------


def test_pdf_numbering_restarts_between_parts(pdf):
    lines = [squeeze(line) for page in pdf_pages(pdf) for line in page.splitlines()]
    top = [line for line in lines if re.match(r"^[壹貳參肆伍陸柒捌一二三四五]、", line)]
    assert top[:3] == ["一、檢附會議資料1份，請攜帶與會。", *top[1:3]]
    assert top[1].startswith("二、請各單位主管") and top[2].startswith("三、為響應環保")
    assert [line[:4] for line in top[3:8]] == [label[:4] for label in AGENDA]
    assert top[8:10] == ["壹、依據", "貳、目的"]
    assert top[10] == CHAPTERS[0] and top[11] == "一、案例來源"
    assert [line for line in top if line in CHAPTERS] == CHAPTERS


def test_pdf_pages_count_and_fonts(pdf):
    pages = pdf_pages(pdf)
    for number, page in enumerate(pages, 1):
        assert f"第{number}頁，共{len(pages)}頁" in squeeze(page)
        assert "未核定" not in page
    assert "開會通知單" in squeeze(pages[0]) and "議程" in squeeze(pages[1])
    assert "修正意見處理情形表" in squeeze(pages[-1]) or "修正意見處理情形表" in squeeze(pages[-2])
    fonts = pdf_fonts(pdf)
    assert any("TW-Kai" in font for font in fonts), fonts
    assert all(re.search(r"TW-Kai|UMingTW|CJKtc|LiberationSerif", font) for font in fonts), fonts


def test_forced_pdf_marks_every_page_unapproved(forced_pdf):
    pages = pdf_pages(forced_pdf)
    assert len(pages) >= 4
    for page in pages:
        assert "未核定" in page


# --- refusal and --force ------------------------------------------------------------------


def test_refuses_while_an_opinion_is_pending_naming_its_cell(tmp_path):
    project = project_of(with_opinion(處理結果="待議"), tmp_path)
    reason = pack.not_ready(project, Options())
    assert reason.startswith("尚有修正意見為待議或未填處理結果：修正意見!H2（處理結果）")
    assert "--force" in reason


def test_refuses_while_an_opinion_has_no_decision(tmp_path):
    project = project_of(with_opinion(處理結果=None), tmp_path)
    assert "修正意見!H2（處理結果）" in pack.not_ready(project, Options())


def test_refuses_a_partly_adopted_opinion_without_final_text(tmp_path):
    project = project_of(with_opinion(處理結果="部分採納"), tmp_path)
    assert "修正意見!J2（定案內容）：處理結果為「部分採納」，請填寫定案內容" in pack.not_ready(
        project, Options()
    )


def test_refuses_without_approval_date_naming_its_cell(tmp_path):
    factory = WorkbookFactory()
    factory.settings["核定日期"] = None
    project = project_of(factory, tmp_path)
    reason = pack.not_ready(project, Options())
    assert re.match(r"專案設定!B\d+（核定日期）未填寫，會議資料尚未經首長核定", reason), reason


def test_every_reason_is_listed_at_once(tmp_path):
    factory = with_opinion(處理結果="待議")
    factory.settings["核定日期"] = None
    reasons = pack.reasons(project_of(factory, tmp_path))
    assert len(reasons) == 2


def test_force_builds_with_the_mark_on_every_header(forced):
    text = docx_text(forced.data)
    assert text.startswith("〔頁首〕[Header] 未核定－本會議資料尚未經首長核定，僅供預覽")
    assert "[Small] 發文日期：中華民國　　年　　月　　日" in text
    assert "| [TableTextCenter] 待議 |" in text
    (note,) = forced.notes
    assert note.startswith("會議資料尚未核定，已於每頁頁首標示「未核定」")
    document = docx.Document(io.BytesIO(forced.data))
    assert all("未核定" in s.header.paragraphs[0].text for s in document.sections)


def test_strict_build_refuses_and_writes_nothing(tmp_path):
    factory = WorkbookFactory()
    factory.settings["核定日期"] = None
    project = project_of(factory, tmp_path)
    out = tmp_path / "out"
    with pytest.raises(NotReadyError) as caught:
        build(project, out, Options(), ["pack"], strict=True)
    assert "核定日期" in str(caught.value)
    assert not out.exists() or list(out.iterdir()) == []


def test_cli_refuses_then_forces(tmp_path, monkeypatch):
    cli_i18n.install()
    monkeypatch.chdir(tmp_path)
    factory = with_opinion(處理結果="待議")
    workbook = factory.save(tmp_path / "wb.xlsx")
    runner = CliRunner()
    refused = runner.invoke(cli, ["pack", "-i", str(workbook), "-o", "out"], prog_name="docgen")
    assert refused.exit_code == 1
    assert "修正意見!H2（處理結果）" in refused.stderr
    assert not (tmp_path / "out" / NAME).exists()
    forced = runner.invoke(
        cli, ["pack", "-i", str(workbook), "-o", "out", "--force"], prog_name="docgen"
    )
    assert forced.exit_code == 0, forced.stderr
    assert f"已產出 會議資料：out/{NAME}" in forced.stdout
    assert "已於每頁頁首標示「未核定」" in forced.stdout
    assert (tmp_path / "out" / NAME).is_file()


# --- revisions through a bent workbook ----------------------------------------------------


def test_adopted_with_final_text_uses_the_final_text(tmp_path):
    project = project_of(with_opinion(定案內容="定案：建立跨機關比對機制"), tmp_path)
    (document,) = pack.render(project, Options())
    (m01,) = table_rows(docx_text(document.data), "M01")
    assert "[TableText] 定案：建立跨機關比對機制 |" in m01


def test_escaping_in_opinions_and_notice(tmp_path):
    factory = with_opinion(建議內容="{{ 7*7 }} & <刪除> 🙂𠀀", 處理說明="{% for %}")
    factory.settings["會議地點"] = "本所「3樓」A&B室"
    (document,) = pack.render(project_of(factory, tmp_path), Options())
    text = docx_text(document.data)
    assert "開會地點：本所「3樓」A&B室" in text
    assert "[TableText] {{ 7*7 }} & <刪除> 🙂𠀀 |" in text  # adopted into M01, and in the appendix
    assert text.count("{{ 7*7 }} & <刪除> 🙂𠀀") == 2
    assert "[TableText] {% for %} |" in text


def test_build_writes_the_draft_and_skips_the_pack_with_its_reason(tmp_path, monkeypatch):
    cli_i18n.install()
    monkeypatch.chdir(tmp_path)
    factory = WorkbookFactory()
    factory.settings["核定日期"] = None
    workbook = factory.save(tmp_path / "wb.xlsx")
    result = CliRunner().invoke(
        cli, ["build", "-i", str(workbook), "-o", "out"], prog_name="docgen"
    )
    assert result.exit_code == 0, result.stderr
    assert "已產出 會議資料初稿：out/會議資料初稿_106年8月15日.docx" in result.stdout
    assert re.search(r"略過 會議資料：專案設定!B\d+（核定日期）未填寫", result.stdout)
    assert not (tmp_path / "out" / NAME).exists()
