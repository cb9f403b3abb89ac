"""docgen publish: the 專區 kit, only what may be public, and nothing while the guard has a hit."""

import csv
import io
import json
import re
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from docgen.files.paths import example_workbook
from docgen.render.html import FRAGMENT_TAGS
from docgen.workbook.loader import load_project
from support.factory import WorkbookFactory

KIT = Path("out") / "專區"
VALID_ID = "A123456789"  # checksum-valid
PLANTED = ("王大明", VALID_ID, "0912-345-678", "110年度訴字第123號", "wang@example.com")


def held(factory: WorkbookFactory) -> WorkbookFactory:
    """Return ``factory`` with the meeting recorded and 公開摘要 filled for both cases."""
    factory.headers["決議"] = ["案例編號", "討論摘要", "決議"]
    factory.rows["決議"] = [
        {"案例編號": "C01", "決議": "照案通過。"},
        {"案例編號": "C02", "決議": "照案通過。"},
    ]
    factory.set("案例", 0, "公開摘要", "受理急難救助未查核已核發紀錄，致同一事故重複核發。")
    factory.set("案例", 1, "公開摘要", "以不實單據核銷里長事務補助費。")
    factory.set("案例", 0, "業務類別", "社會救助")
    return factory


def shown(cell: object) -> str:
    """Return a cell as the CSV wrote it (Calc, like Excel, reads ISO dates as dates)."""
    return cell.date().isoformat() if isinstance(cell, datetime) else str(cell)


def kit_files(root: Path) -> dict[str, str]:
    """Return every file under the kit, decoded (BOM dropped)."""
    return {
        str(path.relative_to(root)): path.read_text(encoding="utf-8-sig")
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def example_kit(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from docgen.cli import i18n as cli_i18n
    from docgen.cli.main import cli

    cli_i18n.install()
    folder = tmp_path_factory.mktemp("publish")
    result = CliRunner().invoke(cli, ["publish", "-o", str(folder)], prog_name="docgen")
    assert result.exit_code == 0, result.stderr
    return folder / "專區"


def test_the_kit_holds_fragments_text_preview_open_data_and_the_list(example_kit):
    names = set(kit_files(example_kit))
    for number, case in enumerate(("C01", "C02", "C03", "C04", "C05", "C06"), start=1):
        assert {f"貼文/{number:02d}_{case}.html", f"貼文/{number:02d}_{case}.txt"} <= names
    assert {
        "index.html",
        "刊登清單.txt",
        "開放資料/廉政態樣.csv",
        "開放資料/廉政態樣.json",
    } <= names
    assert "貼文/07_C07.html" not in names  # C07 is not discussed


def test_nothing_of_the_case_file_reaches_any_public_file(example_kit):
    project = load_project(example_workbook()).project
    files = kit_files(example_kit)
    for case in project.cases:
        for private in (case.summary, case.persons, case.note, case.outcome):
            for line in filter(None, (part.strip() for part in private.splitlines())):
                leaked = [name for name, text in files.items() if line in text]
                assert not leaked, (case.id, line, leaked)


def test_an_entry_holds_the_abstracted_pattern_and_its_measures(example_kit):
    project = load_project(example_workbook()).project
    case = project.case("C01")
    text = (example_kit / "貼文" / "01_C01.txt").read_text(encoding="utf-8-sig")
    assert text.startswith(case.pattern.strip())
    assert case.public_summary.strip() in text
    assert "高（可能性3 × 影響程度2 ＝ 6）" in text and "控制後低" in text
    assert "權責單位：社會課" in text and case.statutes.strip() in text


def test_a_fragment_is_semantic_html_only(example_kit):
    html = (example_kit / "貼文" / "01_C01.html").read_text(encoding="utf-8")
    tags = set(re.findall(r"<([a-z0-9]+)", html))
    assert tags <= FRAGMENT_TAGS and {"h2", "table", "caption", "th", "ol"} <= tags
    assert not re.search(r"\s(style|class|id|on\w+|src|href)=", html)
    assert 'scope="col"' in html and 'scope="row"' in html


def test_the_preview_is_self_contained_in_traditional_chinese(example_kit):
    html = (example_kit / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant-TW">' in html
    assert not re.search(r"(src|href)=\"(?!#)", html)  # nothing but in-page links
    assert "@media print" in html and 'name="viewport"' in html
    assert "發布日期：<time>106年8月15日</time>" in html
    assert "default-src 'none'" in html
    # with JavaScript off every entry is listed: nothing but the filter form starts hidden
    assert html.count('<article class="entry"') == 6
    assert re.findall(r"<[^>]*\shidden[\s>]", html) == [
        '<form class="tools" id="tools" role="search" hidden>'
    ]


def test_the_csv_opens_in_excel_with_its_chinese(example_kit):
    data = (example_kit / "開放資料" / "廉政態樣.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["序號", "案例編號", "弊端態樣"] and len(rows) == 7
    document = json.loads((example_kit / "開放資料" / "廉政態樣.json").read_text("utf-8"))
    assert document["schema"] == "docgen-public-entries" and document["version"] == 1
    assert [entry["title"] for entry in document["entries"]] == [row[2] for row in rows[1:]]


@pytest.mark.soffice
def test_libreoffice_reads_the_csv_back_with_the_same_rows(example_kit, soffice, tmp_path):
    source = tmp_path / "廉政態樣.csv"
    source.write_bytes((example_kit / "開放資料" / "廉政態樣.csv").read_bytes())
    profile = (tmp_path / "profile").as_uri()
    command = [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += ["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path)]
    subprocess.run([*command, str(source)], check=True, capture_output=True, timeout=120)
    sheet = openpyxl.load_workbook(tmp_path / "廉政態樣.xlsx").active
    read = [[cell if cell is not None else "" for cell in row] for row in sheet.values]
    expected = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    as_text = [[shown(cell) for cell in row] for row in read]
    assert as_text == expected


def test_planted_private_data_outside_the_public_fields_reaches_no_file(run, tmp_path):
    factory = held(WorkbookFactory())
    factory.set(
        "案例", 0, "案情概述", f"被告王大明（{VALID_ID}，0912-345-678）經110年度訴字第123號判決。"
    )
    factory.set("案例", 0, "涉案人員", "王大明")
    factory.set("案例", 0, "備註", "聯絡 wang@example.com")
    factory.save(tmp_path / "wb.xlsx")
    code, _, err = run("publish", "-i", "wb.xlsx", "-o", "out")
    assert code == 0, err
    files = kit_files(tmp_path / KIT)
    assert len(files) >= 7
    for marker in PLANTED:
        assert not [name for name, text in files.items() if marker in text], marker


@pytest.mark.parametrize(
    "summary, reason",
    [
        (f"申請人{VALID_ID}重複申請。", "疑似身分證統一編號「A1234…」"),
        ("被告王大明受理申請未查核。", "職稱後疑似人名"),
        ("請洽0912-345-678。", "疑似電話號碼"),
        ("依110年度訴字第123號判決。", "疑似法院案號"),
    ],
)
def test_private_data_in_the_summary_stops_the_command_naming_the_cell(
    run, tmp_path, summary, reason
):
    held(WorkbookFactory()).set("案例", 0, "公開摘要", summary).save(tmp_path / "wb.xlsx")
    code, _, err = run("publish", "-i", "wb.xlsx", "-o", "out")
    assert code == 1
    assert "案例!L2（公開摘要）" in err and reason in err
    assert "未寫入任何檔案" in err and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "typed, cell",
    [
        ({"建議內容": "請洽0912-345-678。"}, "修正意見!F2（建議內容）"),
        ({"建議內容": "增設信箱", "定案內容": "請洽0912-345-678。"}, "修正意見!J2（定案內容）"),
    ],
)
def test_private_data_in_an_added_measure_names_the_cell_it_came_from(run, tmp_path, typed, cell):
    factory = held(WorkbookFactory())
    opinion = {"單位": "社會", "案例編號": "C01", "意見類型": "新增", "處理結果": "採納"}
    factory.add("修正意見", **opinion, **typed).save(tmp_path / "wb.xlsx")
    code, _, err = run("publish", "-i", "wb.xlsx", "-o", "out")
    assert code == 1 and f"{cell}：疑似電話號碼" in " ".join(err.split())


def test_build_skips_publishing_while_the_guard_has_a_hit(run, tmp_path):
    held(WorkbookFactory()).set("案例", 0, "公開摘要", "請洽0912-345-678。").save(
        tmp_path / "wb.xlsx"
    )
    code, out, _ = run("build", "-i", "wb.xlsx", "-o", "out")
    assert code == 0
    assert "略過 清廉共同監督專區：有 1 處須先處理（執行 docgen publish" in out
    assert not (tmp_path / KIT).exists() and (tmp_path / "out").is_dir()


def test_a_waived_hit_is_published_and_listed(run, tmp_path):
    factory = held(WorkbookFactory()).set("案例", 0, "公開摘要", "民眾可撥打0800-123-456檢舉。")
    factory.headers["個資檢核"] = ["疑似文字", "儲存格", "判定人", "判定日期", "理由"]
    factory.rows["個資檢核"] = [
        {
            "疑似文字": "0800-123-456",
            "儲存格": "案例!L2",
            "判定人": "政風室主任陳正直",
            "判定日期": "106/8/20",
            "理由": "法務部廉政署檢舉專線",
        }
    ]
    factory.save(tmp_path / "wb.xlsx")
    code, _, err = run("publish", "-i", "wb.xlsx", "-o", "out")
    assert code == 0, err
    assert "警告：案例!L2（公開摘要）：疑似電話號碼" in err and "政風室主任陳正直" in err
    assert "0800-123-456" in (tmp_path / KIT / "貼文" / "01_C01.txt").read_text("utf-8-sig")


def test_markup_typed_in_the_summary_is_text_in_every_output(run, tmp_path):
    typed = '<script>alert(1)</script>" onmouseover="x'
    held(WorkbookFactory()).set("案例", 0, "公開摘要", typed).save(tmp_path / "wb.xlsx")
    code, _, err = run("publish", "-i", "wb.xlsx", "-o", "out")
    assert code == 0, err
    files = kit_files(tmp_path / KIT)
    assert "alert(1)" in files["貼文/01_C01.html"] and "alert(1)" in files["index.html"]
    for name, text in files.items():
        if name.endswith(".html") and "alert(1)" in text:
            assert "<script>alert" not in text and not re.search(r"<[^>]*\sonmouseover", text)
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert typed in files["貼文/01_C01.txt"]
    assert json.loads(files["開放資料/廉政態樣.json"])["entries"][0]["summary"] == typed


def test_text_that_looks_like_a_formula_is_inert_in_the_csv_and_as_typed_in_json(run, tmp_path):
    typed = "@SUM(1+1)*cmd"
    factory = held(WorkbookFactory()).set("案例", 0, "公開摘要", typed)
    factory.set("案例", 1, "弊端態樣", "-以不實單據核銷")
    factory.save(tmp_path / "wb.xlsx")
    code, _, err = run("publish", "-i", "wb.xlsx", "-o", "out")
    assert code == 0, err
    files = kit_files(tmp_path / KIT)
    rows = list(csv.reader(io.StringIO(files["開放資料/廉政態樣.csv"])))
    cells = [cell for row in rows[1:] for cell in row]
    assert f"'{typed}" in cells and "'-以不實單據核銷" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    entries = json.loads(files["開放資料/廉政態樣.json"])["entries"]
    assert entries[0]["summary"] == typed


def test_a_case_without_a_summary_is_left_out_and_named(run, tmp_path):
    held(WorkbookFactory()).set("案例", 1, "公開摘要", "").save(tmp_path / "wb.xlsx")
    code, _, err = run("publish", "-i", "wb.xlsx", "-o", "out")
    assert code == 0, err
    assert "警告：案例!L3（公開摘要）：未填寫，案例「C02 里長事務補助費侵占」不公開於專區" in err
    assert not (tmp_path / KIT / "貼文" / "02_C02.html").exists()


def test_nothing_is_published_before_the_meeting(run, tmp_path):
    factory = held(WorkbookFactory())
    factory.rows["決議"] = []
    factory.save(tmp_path / "wb.xlsx")
    code, _, err = run("publish", "-i", "wb.xlsx", "-o", "out")
    assert code == 1 and "會議尚未紀錄" in err
