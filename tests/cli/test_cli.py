"""The command line as staff use it: zh-TW help and messages, exit codes, nothing half-written."""

import re
import subprocess
import sys

import openpyxl
import pytest

from docgen.cli.main import cli
from docgen.files.paths import DEFAULT_INPUT
from support.factory import WorkbookFactory

ENGLISH = re.compile(r"\b(Usage|Options|Commands|Show|Error|Missing|Invalid|Try|No such)\b")


def all_commands():
    return sorted(cli.commands)


def test_help_is_traditional_chinese(run):
    code, out, _ = run("--help")
    assert code == 0
    assert "用法：" in out and "選項：" in out and "指令：" in out
    assert not ENGLISH.search(out), out


@pytest.mark.parametrize("command", all_commands())
def test_every_command_has_chinese_help(run, command):
    code, out, _ = run(command, "--help")
    assert code == 0
    assert not ENGLISH.search(out), out
    assert re.search(r"[\u4e00-\u9fff]", cli.commands[command].help or "")


def test_unknown_option_is_explained_in_chinese(run):
    code, _, err = run("check", "--bogus")
    assert code == 2
    assert "沒有「--bogus」這個選項" in err
    assert not ENGLISH.search(err), err


def test_init_writes_a_blank_workbook_whose_check_lists_what_to_fill(run, tmp_path):
    code, out, _ = run("init")
    assert code == 0 and "已建立空白工作簿" in out and "不會讀取" in out
    assert (tmp_path / DEFAULT_INPUT).is_file()
    code, out, err = run("check")
    assert code == 1
    for where in ("專案設定!B2（機關名稱）", "專案設定!B9（承辦人）", "案例："):
        assert f"錯誤：{where}" in err
    assert "張雅婷" not in out + err and "南區" not in out + err  # nobody else's people
    code, _, err = run("build", "-o", "out")
    assert code == 1 and not (tmp_path / "out").exists()


def test_init_never_overwrites(run, tmp_path):
    run("init")
    target = tmp_path / DEFAULT_INPUT
    before = target.read_bytes()
    code, _, err = run("init", "--example")
    assert code == 1 and "已存在" in err
    assert target.read_bytes() == before


def test_init_workbook_is_fillable_without_a_manual(run, tmp_path):
    run("init", "專案")
    book = openpyxl.load_workbook(tmp_path / "專案" / DEFAULT_INPUT)
    assert book.sheetnames[0] == "說明"
    assert {
        "專案設定",
        "單位",
        "案例",
        "風險評估",
        "防制措施",
        "修正意見",
        "會議",
        "出席",
        "決議",
    } <= set(book.sheetnames)
    cases = book["案例"]
    assert cases.freeze_panes == "A2"
    assert cases["A1"].font.bold and cases["A1"].comment is not None
    assert cases.column_dimensions["K"].width >= 40  # 案情概述 is wide
    lists = {str(v.sqref): v.formula1 for v in cases.data_validations.dataValidation}
    assert lists["C2:C1000"] == '"本機關,他機關,司法院裁判書,新聞,清廉共同監督專區,其他"'
    assert lists["J2:J1000"] == '"是,否"'
    assert lists["G2:G1000"] == "'單位'!$B$2:$B$1000"
    risk_lists = {
        str(v.sqref): v.formula1 for v in book["風險評估"].data_validations.dataValidation
    }
    assert risk_lists["G2:G1000"] == '"1,2,3"'
    assert cases.max_row == 2  # one example row
    help_text = " ".join(str(c.value) for row in book["說明"].iter_rows() for c in row if c.value)
    assert "弊端態樣" in help_text and "Alt+Enter" in help_text


def test_init_example_is_the_full_example(run, tmp_path):
    assert run("init", "--example")[0] == 0
    code, out, _ = run("check")
    assert code == 0 and "7 個案例（6 個列入討論）" in out


def test_bad_workbook_exit_code_messages_and_no_output(run, tmp_path):
    factory = WorkbookFactory().set("案例", 0, "主責單位", "工務課")
    factory.set("風險評估", 0, "可能性", 5)
    path = factory.save(tmp_path / "壞.xlsx")
    code, out, err = run("build", "-i", str(path), "-o", "out")
    assert code == 1
    assert "錯誤：案例!G2（主責單位）：找不到單位「工務課」" in err
    assert "錯誤：風險評估!G2（可能性）" in err
    assert "共 2 個錯誤；未寫入任何檔案。" in err
    assert "Traceback" not in out + err
    assert not (tmp_path / "out").exists()


def test_not_an_xlsx_is_one_clear_line(run, tmp_path):
    path = tmp_path / "名單.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    code, _, err = run("check", "-i", str(path))
    assert code == 1
    first = err.splitlines()[0]
    assert first.startswith(f"錯誤：{path}：不是 Excel 工作簿（.xlsx）；")
    assert first.endswith("請在 Excel 開啟後另存為 .xlsx")


def test_without_input_the_bundled_example_is_used_and_said(run):
    code, out, err = run("check")
    assert code == 0
    assert "改用內建範例工作簿" in err
    assert "檢查通過" in out


def test_real_process_entry_point(tmp_path):
    path = WorkbookFactory().save(tmp_path / "w.xlsx")
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "check", "-i", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "檢查通過：4 個單位、2 個案例" in done.stdout
