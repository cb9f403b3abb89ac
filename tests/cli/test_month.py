"""The clerk's month, end to end, for an agency that is not the bundled example.

新北市板橋區公所 starts from ``docgen init``, types its data under the example rows, and runs
every stage from the command line: check, draft, forms (with their e-mails), units replying in
Word and in LibreOffice, collect, decisions and approval, pack, notice, sign-in sheet, minutes
before and after the meeting, publish and submit. At every stage the documents must speak of
板橋 only: none of the bundled example's people or places may appear.
"""

from pathlib import Path

import docx
import pytest

from docgen.office import soffice as office
from support import second_agency as agency
from support.docx_text import docx_text
from support.replies import choose, fill_row, measure_row, new_measure_tables, write

pytestmark = pytest.mark.soffice
DATE = "115年3月20日"


def ok(run, *args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, err + out
    return out


def no_example_people(folder: Path) -> None:
    """Fail if a Word document under ``folder`` names anyone from the bundled example."""
    for path in folder.rglob("*.docx"):
        text = docx_text(path.read_bytes())
        leaked = [name for name in agency.EXAMPLE_PEOPLE if name in text]
        assert not leaked, (path.name, leaked)
        assert agency.AGENCY in text or path.parent.name == "修正意見表", path.name


def reply_in_word(form: Path, target: Path) -> Path:
    """民政課 changes its measure and proposes a new one, in Word."""
    document = docx.Document(form)
    row = measure_row(document, "BM2")
    choose(row.cells[2], "修改")
    write(row.cells[3], "同一工程之採購應合併計算金額，由秘書室每月檢核。")
    write(row.cells[4], "每季檢核間隔過長。")
    table = new_measure_tables(document)[0]  # its own case, B02, comes first
    fill_row(table.rows[1], "小額採購案件每月公開於本所網站。", "BR2", "民政課", "", "115/6/30", "")
    document.save(target)
    return target


def reply_in_libreoffice(form: Path, folder: Path) -> Path:
    """社會課 asks to change its measure, and saves the form as ODF in LibreOffice."""
    document = docx.Document(form)
    row = measure_row(document, "BM1")
    choose(row.cells[2], "修改")
    write(row.cells[3], "新申請案件一律實地訪視，並於三日內留存訪視紀錄。")
    typed = folder / "typed" / form.name
    typed.parent.mkdir()
    document.save(typed)
    return office.convert(typed, "odt", folder)


def test_a_second_agency_runs_every_stage_from_init_to_submit(run, tmp_path, soffice):
    ok(run, "init")
    workbook = agency.fill_blank(tmp_path / "inputs" / "廉政細工專案.xlsx")
    assert "檢查通過：6 個單位、3 個案例（2 個列入討論）" in ok(run, "check")

    ok(run, "draft")
    out = ok(run, "forms", "--eml")
    forms = tmp_path / "outputs" / "修正意見表"
    assert "工務課：協辦措施 BM2（「出席」為「否」，仍依權責徵詢）" in out
    assert {p.stem for p in forms.glob("*.eml")} == {
        f"修正意見表_{unit}" for unit in ("民政課", "社會課", "工務課")
    }  # 秘書室 has no address: listed, not mailed
    assert "秘書室：單位!F" in out
    no_example_people(tmp_path / "outputs")

    replies = tmp_path / "回覆"
    replies.mkdir()
    reply_in_word(forms / "修正意見表_民政課.docx", replies / "修正意見表_民政課.docx")
    reply_in_libreoffice(forms / "修正意見表_社會課.docx", replies)
    out = ok(run, "collect", "回覆")
    assert "已寫入 3 則新意見（OP01～OP03）" in out, out

    blocked = run("pack")
    assert blocked[0] != 0 and "修正意見!" in blocked[2]  # undecided opinions, by cell
    agency.approve(workbook, {"OP01": "採納", "OP02": "採納", "OP03": "不採納"})
    assert "可產出　會議資料（docgen pack）" in ok(run, "check")
    ok(run, "pack")
    ok(run, "notice")
    ok(run, "signin")
    pack = docx_text((tmp_path / "outputs" / f"會議資料_{DATE}.docx").read_bytes())
    assert "每月檢核" in pack and "小額採購案件每月公開於本所網站" in pack
    assert "BM2-1" in pack  # the adopted new measure follows its case's measures

    assert "已產出會議紀錄草稿" in ok(run, "minutes")
    agency.record_meeting(workbook)
    out = ok(run, "minutes")
    assert f"會議紀錄（草稿）_{DATE}.docx 是先前產出的會議紀錄（草稿）" in out
    minutes = docx_text((tmp_path / "outputs" / f"會議紀錄_{DATE}.docx").read_bytes())
    assert "修正通過" in minutes and "鄭國興" in minutes

    ok(run, "publish")
    assert (tmp_path / "outputs" / "專區" / "index.html").is_file()
    ok(run, "submit", "--word-only")
    (letter,) = (tmp_path / "outputs" / "陳報").glob("陳報函_*.docx")
    assert "受文者：新北市政府政風處" in docx_text(letter.read_bytes())
    no_example_people(tmp_path / "outputs")
